namespace PianoTranscription.Midi.Events;

/// <summary>The end-of-track marker (<c>FF 2F 00</c>); the writer adds one when a track lacks it.</summary>
public sealed class EndOfTrackEvent : MetaEvent
{
    /// <summary>Creates an end-of-track event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    public EndOfTrackEvent(int deltaTicks) : base(deltaTicks) { }

    /// <inheritdoc />
    public override byte MetaType => EndOfTrackType;

    /// <inheritdoc />
    public override byte[] GetData() => [];

    /// <inheritdoc />
    public override MidiEvent WithDeltaTicks(int deltaTicks) => new EndOfTrackEvent(deltaTicks);

    /// <inheritdoc />
    public override string ToString() => $"+{DeltaTicks} EndOfTrack";
}
