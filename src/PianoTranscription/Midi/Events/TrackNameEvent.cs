namespace PianoTranscription.Midi.Events;

/// <summary>A track (sequence) name (<c>FF 03 len text</c>).</summary>
public sealed class TrackNameEvent : MetaEvent
{
    /// <summary>Creates a track name event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track (normally 0).</param>
    /// <param name="name">The name; written as UTF-8.</param>
    public TrackNameEvent(int deltaTicks, string name) : base(deltaTicks)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>The track name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override byte MetaType => TrackNameType;

    /// <inheritdoc />
    public override byte[] GetData() => MidiText.Encode(Name);

    /// <inheritdoc />
    public override MidiEvent WithDeltaTicks(int deltaTicks) => new TrackNameEvent(deltaTicks, Name);

    /// <inheritdoc />
    public override string ToString() => $"+{DeltaTicks} TrackName \"{Name}\"";
}
