namespace PianoTranscription.Notation;

/// <summary>
/// Options of <see cref="ScoreBuilder.Build"/>: how beats are found, how notes are put on the grid, how they are
/// split between the hands, and what the score is called. Immutable.
/// </summary>
public sealed record ScoreOptions
{
    /// <summary>The score's resolution: 480 ticks per quarter note (divisible by 2, 3, 4, 5, 6, 8, 10, 12, 16).</summary>
    public const int TicksPerQuarterNote = 480;

    /// <summary>The defaults.</summary>
    public static ScoreOptions Default { get; } = new();

    /// <summary>Beat, tempo and meter estimation (holds the tempo and time-signature overrides).</summary>
    public BeatTrackerOptions Beats { get; init; } = BeatTrackerOptions.Default;

    /// <summary>The quantisation grid (allowed divisions and tuplets).</summary>
    public QuantizerOptions Quantization { get; init; } = QuantizerOptions.Default;

    /// <summary>The split between the hands.</summary>
    public HandSplitterOptions Hands { get; init; } = HandSplitterOptions.Default;

    /// <summary>A fixed time signature (shortcut for <see cref="BeatTrackerOptions.TimeSignature"/>), or null to estimate it.</summary>
    public TimeSignature? TimeSignature { get; init; }

    /// <summary>A fixed tempo in felt beats per minute (shortcut for <see cref="BeatTrackerOptions.BeatsPerMinute"/>), or null to estimate it.</summary>
    public double? BeatsPerMinute { get; init; }

    /// <summary>The score's title, or null.</summary>
    public string? Title { get; init; }

    /// <summary>The beat-tracker options with this record's shortcuts applied.</summary>
    internal BeatTrackerOptions EffectiveBeats => Beats with
    {
        TimeSignature = TimeSignature ?? Beats.TimeSignature,
        BeatsPerMinute = BeatsPerMinute ?? Beats.BeatsPerMinute,
    };
}
