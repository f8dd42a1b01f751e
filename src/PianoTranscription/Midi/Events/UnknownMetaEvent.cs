namespace PianoTranscription.Midi.Events;

/// <summary>Any meta event the library does not interpret (text, marker, lyric, sequencer-specific...), kept raw.</summary>
public sealed class UnknownMetaEvent : MetaEvent
{
    private readonly byte[] _data;
    private readonly byte _type;

    /// <summary>Creates a raw meta event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="metaType">The meta type byte, 0 to 127.</param>
    /// <param name="data">The payload (copied).</param>
    public UnknownMetaEvent(int deltaTicks, byte metaType, ReadOnlySpan<byte> data) : base(deltaTicks)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(metaType, (byte)0x7F);
        _type = metaType;
        _data = data.ToArray();
    }

    /// <inheritdoc />
    public override byte MetaType => _type;

    /// <summary>The payload bytes.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <inheritdoc />
    public override byte[] GetData() => (byte[])_data.Clone();

    /// <inheritdoc />
    public override MidiEvent WithDeltaTicks(int deltaTicks) => new UnknownMetaEvent(deltaTicks, _type, _data);

    /// <inheritdoc />
    public override string ToString() => $"+{DeltaTicks} Meta 0x{_type:X2} ({_data.Length} bytes)";
}
