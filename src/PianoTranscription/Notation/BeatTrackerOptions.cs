namespace PianoTranscription.Notation;

/// <summary>Options of the <see cref="BeatTracker"/>. Immutable.</summary>
public sealed record BeatTrackerOptions
{
    /// <summary>The defaults (chosen on POP909 songs 001–100; see docs/notation.md).</summary>
    public static BeatTrackerOptions Default { get; } = new();

    /// <summary>The slowest beat tempo considered, in beats per minute. Default 40.</summary>
    public double MinBeatsPerMinute { get; init; } = 40;

    /// <summary>The fastest beat tempo considered, in beats per minute. Default 200.</summary>
    public double MaxBeatsPerMinute { get; init; } = 200;

    /// <summary>
    /// The centre of the log-normal tempo prior in beats per minute: among tempi related by 2 or 3 (an octave error)
    /// the one nearer this wins unless the notes say otherwise clearly. Default 90.
    /// </summary>
    public double PriorBeatsPerMinute { get; init; } = 90;

    /// <summary>The width of the tempo prior in octaves (standard deviation of log2 tempo). Default 0.9.</summary>
    public double PriorWidthOctaves { get; init; } = 0.9;

    /// <summary>
    /// A fixed beat tempo in beats per minute (felt beats: dotted quarters in 6/8), or null to estimate it. The beats
    /// are still placed on the notes, near this tempo.
    /// </summary>
    public double? BeatsPerMinute { get; init; }

    /// <summary>A fixed time signature, or null to estimate one (2/4, 3/4, 4/4, 6/8, 9/8 or 12/8).</summary>
    public TimeSignature? TimeSignature { get; init; }

    /// <summary>
    /// How strongly beats keep to the local tempo (the DP's tightness, Ellis 2007): higher follows the tempo curve,
    /// lower follows the onsets. Default 100.
    /// </summary>
    public double Tightness { get; init; } = 100;

    /// <summary>
    /// Whether to choose the metrical level of the beat when the tempo is estimated: the beats are also tracked at
    /// half and double the estimated tempo (within <see cref="MinBeatsPerMinute"/>–<see cref="MaxBeatsPerMinute"/>)
    /// and the level whose tempo fits the notes' density and lengths best is kept (a score fitted on POP909 songs
    /// 001–400; it removes many of the octave errors of the tempo estimate). Ignored when
    /// <see cref="BeatsPerMinute"/> is fixed. Default true.
    /// </summary>
    public bool ChooseMetricLevel { get; init; } = true;

    /// <summary>
    /// Whether to check the beats against the off-beats (the same grid shifted by half a beat) and keep whichever the
    /// bass, the long notes, the onset curve and the harmony changes mark more as beats (pop accompaniment often
    /// anticipates the beat by an eighth, which pulls the tracker onto the off-beats). Default true.
    /// </summary>
    public bool ChooseOffBeat { get; init; } = true;

    /// <summary>The window of the local tempo estimate in seconds (tempo changes are followed at this scale). Default 12.</summary>
    public double TempoWindow { get; init; } = 12;

    /// <summary>The cost of a tempo change between neighbouring windows, per 1 % of tempo. Default 0.02.</summary>
    public double TempoChangePenalty { get; init; } = 0.02;

    /// <summary>Bar lengths (in felt beats) considered by the meter estimate. Default 2, 3 and 4.</summary>
    public IReadOnlyList<int> BeatsPerBarCandidates { get; init; } = [2, 3, 4];

    /// <summary>
    /// How much better a bar of 2 or 3 beats must explain the accents than one of 4 to be chosen (pop and most piano
    /// music is in 4; a 2-beat accent pattern also fits 4). Default 0.15.
    /// </summary>
    public double MeterBiasToFour { get; init; } = 0.15;
}
