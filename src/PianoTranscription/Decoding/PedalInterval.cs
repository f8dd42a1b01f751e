namespace PianoTranscription.Decoding;

/// <summary>A span of time during which the sustain (damper) pedal is held down.</summary>
/// <param name="Onset">Pedal-down time in seconds.</param>
/// <param name="Offset">Pedal-up time in seconds.</param>
/// <param name="Confidence">The decoder's confidence, 0 to 1 (1 for reference data).</param>
public readonly record struct PedalInterval(double Onset, double Offset, float Confidence = 1f)
{
    /// <summary>The interval's duration in seconds.</summary>
    public double Duration => Offset - Onset;
}
