namespace PianoTranscription.Midi.Events;

/// <summary>A key signature (<c>FF 59 02 sf mi</c>).</summary>
public sealed class KeySignatureEvent : MetaEvent
{
    /// <summary>Creates a key signature event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="sharpsOrFlats">Sharps (positive) or flats (negative) in the signature, -7 to 7.</param>
    /// <param name="isMinor">True for a minor key.</param>
    public KeySignatureEvent(int deltaTicks, int sharpsOrFlats, bool isMinor) : base(deltaTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sharpsOrFlats, -7);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sharpsOrFlats, 7);
        SharpsOrFlats = sharpsOrFlats;
        IsMinor = isMinor;
    }

    /// <summary>Sharps (positive) or flats (negative) in the key signature.</summary>
    public int SharpsOrFlats { get; }

    /// <summary>True for a minor key.</summary>
    public bool IsMinor { get; }

    /// <inheritdoc />
    public override byte MetaType => KeySignatureType;

    /// <inheritdoc />
    public override byte[] GetData() => [unchecked((byte)(sbyte)SharpsOrFlats), IsMinor ? (byte)1 : (byte)0];

    /// <inheritdoc />
    public override MidiEvent WithDeltaTicks(int deltaTicks) => new KeySignatureEvent(deltaTicks, SharpsOrFlats, IsMinor);

    /// <inheritdoc />
    public override string ToString() => $"+{DeltaTicks} KeySignature {SharpsOrFlats} {(IsMinor ? "minor" : "major")}";
}
