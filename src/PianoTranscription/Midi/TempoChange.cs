namespace PianoTranscription.Midi;

/// <summary>A tempo in force from an absolute tick onward.</summary>
/// <param name="Tick">The absolute tick where the tempo starts.</param>
/// <param name="MicrosecondsPerQuarterNote">The tempo in microseconds per quarter note.</param>
public readonly record struct TempoChange(long Tick, int MicrosecondsPerQuarterNote)
{
    /// <summary>The tempo in quarter notes per minute.</summary>
    public double BeatsPerMinute => 60_000_000.0 / MicrosecondsPerQuarterNote;
}
