namespace PianoTranscription.Midi.Events;

/// <summary>
/// A meta event (<c>FF type length data</c>). Tempo, time signature, key signature, track name and end of track
/// have typed subclasses; every other meta event is kept raw as <see cref="UnknownMetaEvent"/> so it survives a
/// read/write round trip.
/// </summary>
public abstract class MetaEvent : MidiEvent
{
    /// <summary>Meta type of a track (sequence) name.</summary>
    public const byte TrackNameType = 0x03;

    /// <summary>Meta type of the end-of-track marker.</summary>
    public const byte EndOfTrackType = 0x2F;

    /// <summary>Meta type of a tempo change.</summary>
    public const byte TempoType = 0x51;

    /// <summary>Meta type of a time signature.</summary>
    public const byte TimeSignatureType = 0x58;

    /// <summary>Meta type of a key signature.</summary>
    public const byte KeySignatureType = 0x59;

    /// <summary>Creates the event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    protected MetaEvent(int deltaTicks) : base(deltaTicks) { }

    /// <summary>The meta type byte (the byte after <c>FF</c>).</summary>
    public abstract byte MetaType { get; }

    /// <summary>The event's payload bytes as stored in the file (without type and length).</summary>
    /// <returns>A new array holding the payload.</returns>
    public abstract byte[] GetData();

    /// <summary>
    /// Builds the typed event for a meta type and payload, as the reader does: a known type becomes its typed class,
    /// anything else an <see cref="UnknownMetaEvent"/>.
    /// </summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="metaType">The meta type byte, 0 to 127.</param>
    /// <param name="data">The payload.</param>
    /// <returns>The event.</returns>
    /// <exception cref="MidiFormatException">A tempo event's payload is not 3 bytes or is zero.</exception>
    public static MetaEvent Create(int deltaTicks, byte metaType, ReadOnlySpan<byte> data)
    {
        switch (metaType)
        {
            case TempoType:
                if (data.Length != 3)
                {
                    throw new MidiFormatException($"A tempo meta event must hold 3 bytes, but this one holds {data.Length}.");
                }

                int microseconds = (data[0] << 16) | (data[1] << 8) | data[2];
                if (microseconds == 0)
                {
                    throw new MidiFormatException("A tempo meta event sets 0 microseconds per quarter note.");
                }

                return new TempoEvent(deltaTicks, microseconds);
            case TimeSignatureType when data.Length == 4 && data[1] <= 7 && data[0] > 0:
                return new TimeSignatureEvent(deltaTicks, data[0], 1 << data[1], data[2], data[3]);
            case KeySignatureType when data.Length == 2 && (sbyte)data[0] is >= -7 and <= 7 && data[1] <= 1:
                return new KeySignatureEvent(deltaTicks, (sbyte)data[0], data[1] == 1);
            case TrackNameType:
                return new TrackNameEvent(deltaTicks, MidiText.Decode(data));
            case EndOfTrackType when data.IsEmpty:
                return new EndOfTrackEvent(deltaTicks);
            default:
                return new UnknownMetaEvent(deltaTicks, metaType, data);
        }
    }
}
