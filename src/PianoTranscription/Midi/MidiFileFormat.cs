namespace PianoTranscription.Midi;

/// <summary>The three Standard MIDI File formats (the "format" field of the <c>MThd</c> header).</summary>
public enum MidiFileFormat
{
    /// <summary>Format 0: one track holding every channel and all meta events.</summary>
    SingleTrack = 0,

    /// <summary>Format 1: several tracks played together; the first usually holds the tempo map.</summary>
    MultiTrack = 1,

    /// <summary>Format 2: several independent single-track patterns (rare).</summary>
    MultiSequence = 2,
}
