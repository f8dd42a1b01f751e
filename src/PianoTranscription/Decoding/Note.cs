namespace PianoTranscription.Decoding;

/// <summary>One transcribed (or reference) piano note.</summary>
/// <param name="Pitch">MIDI note number, 21 (A0) to 108 (C8) for the piano.</param>
/// <param name="Onset">Start time in seconds.</param>
/// <param name="Offset">End time in seconds (after <paramref name="Onset"/>).</param>
/// <param name="Velocity">MIDI velocity, 1 to 127.</param>
/// <param name="Confidence">The decoder's confidence in the note, 0 to 1 (1 for reference notes).</param>
public readonly record struct Note(int Pitch, double Onset, double Offset, int Velocity, float Confidence = 1f)
{
    /// <summary>The lowest piano key as a MIDI note number (A0).</summary>
    public const int LowestPianoPitch = 21;

    /// <summary>The highest piano key as a MIDI note number (C8).</summary>
    public const int HighestPianoPitch = 108;

    /// <summary>The number of piano keys.</summary>
    public const int PianoKeyCount = 88;

    /// <summary>The note's duration in seconds.</summary>
    public double Duration => Offset - Onset;

    /// <summary>The note's fundamental frequency in Hz (equal temperament, A4 = 440 Hz).</summary>
    public double Frequency => 440.0 * Math.Pow(2.0, (Pitch - 69) / 12.0);
}
