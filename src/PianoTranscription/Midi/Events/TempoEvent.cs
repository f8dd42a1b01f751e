namespace PianoTranscription.Midi.Events;

/// <summary>A tempo change (<c>FF 51 03 tt tt tt</c>): microseconds per quarter note from this point on.</summary>
public sealed class TempoEvent : MetaEvent
{
    /// <summary>The tempo a file has before its first tempo event: 500 000 µs per quarter note (120 bpm).</summary>
    public const int DefaultMicrosecondsPerQuarterNote = 500_000;

    /// <summary>Creates a tempo event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="microsecondsPerQuarterNote">The tempo, 1 to 16 777 215 µs per quarter note.</param>
    public TempoEvent(int deltaTicks, int microsecondsPerQuarterNote) : base(deltaTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(microsecondsPerQuarterNote, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(microsecondsPerQuarterNote, 0xFF_FFFF);
        MicrosecondsPerQuarterNote = microsecondsPerQuarterNote;
    }

    /// <summary>Microseconds per quarter note.</summary>
    public int MicrosecondsPerQuarterNote { get; }

    /// <summary>The tempo in quarter notes per minute.</summary>
    public double BeatsPerMinute => 60_000_000.0 / MicrosecondsPerQuarterNote;

    /// <inheritdoc />
    public override byte MetaType => TempoType;

    /// <summary>Creates a tempo event from beats (quarter notes) per minute, rounded to whole microseconds.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="beatsPerMinute">The tempo, about 3.6 to 60 000 000 bpm.</param>
    /// <returns>The event.</returns>
    public static TempoEvent FromBeatsPerMinute(int deltaTicks, double beatsPerMinute)
    {
        if (!double.IsFinite(beatsPerMinute) || beatsPerMinute <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(beatsPerMinute), beatsPerMinute, "The tempo must be a positive number of beats per minute.");
        }

        double us = Math.Round(60_000_000.0 / beatsPerMinute);
        if (us is < 1 or > 0xFF_FFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(beatsPerMinute), beatsPerMinute, "The tempo is outside what a MIDI file can store (about 3.6 to 60 000 000 bpm).");
        }

        return new TempoEvent(deltaTicks, (int)us);
    }

    /// <inheritdoc />
    public override byte[] GetData() => [(byte)(MicrosecondsPerQuarterNote >> 16), (byte)(MicrosecondsPerQuarterNote >> 8), (byte)MicrosecondsPerQuarterNote];

    /// <inheritdoc />
    public override MidiEvent WithDeltaTicks(int deltaTicks) => new TempoEvent(deltaTicks, MicrosecondsPerQuarterNote);

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"+{DeltaTicks} Tempo {MicrosecondsPerQuarterNote} us/qn ({BeatsPerMinute:0.###} bpm)");
}
