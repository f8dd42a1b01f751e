namespace PianoTranscription.Midi.Events;

/// <summary>
/// A system-exclusive event: <c>F0 len data</c> (a SysEx message; the data normally ends with <c>F7</c>) or
/// <c>F7 len data</c> (a continuation packet or an "escape" carrying arbitrary bytes). The data is kept raw.
/// </summary>
public sealed class SysExEvent : MidiEvent
{
    private readonly byte[] _data;

    /// <summary>Creates a SysEx event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="isEscape">False for an <c>F0</c> event, true for an <c>F7</c> (continuation/escape) event.</param>
    /// <param name="data">The bytes after the length (copied).</param>
    public SysExEvent(int deltaTicks, bool isEscape, ReadOnlySpan<byte> data) : base(deltaTicks)
    {
        IsEscape = isEscape;
        _data = data.ToArray();
    }

    /// <summary>False for an <c>F0</c> event, true for an <c>F7</c> (continuation/escape) event.</summary>
    public bool IsEscape { get; }

    /// <summary>The status byte: <c>0xF0</c> or <c>0xF7</c>.</summary>
    public byte StatusByte => IsEscape ? (byte)0xF7 : (byte)0xF0;

    /// <summary>The bytes after the length.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <inheritdoc />
    public override MidiEvent WithDeltaTicks(int deltaTicks) => new SysExEvent(deltaTicks, IsEscape, _data);

    /// <inheritdoc />
    public override string ToString() => $"+{DeltaTicks} SysEx 0x{StatusByte:X2} ({_data.Length} bytes)";
}
