namespace PianoTranscription.Analysis;

/// <summary>Settings of a <see cref="KeyEstimator"/>.</summary>
public sealed record KeyEstimatorOptions
{
    /// <summary>
    /// The defaults: <see cref="KeyProfile.AlbrechtShanahan"/>, <see cref="NoteWeighting.Duration"/>, notes capped at
    /// 4 s; segments from 20 s windows every 2 s with a key-change penalty of 10 (all chosen on the reference MIDI of
    /// POP909 songs 001–400, see docs/analysis.md).
    /// </summary>
    public static KeyEstimatorOptions Default { get; } = new();

    /// <summary>The key-profile family correlated with the histogram.</summary>
    public KeyProfile Profile { get; init; } = KeyProfile.AlbrechtShanahan;

    /// <summary>How each note is weighted in the pitch-class histogram.</summary>
    public NoteWeighting Weighting { get; init; } = NoteWeighting.Duration;

    /// <summary>The longest duration, in seconds, a note counts for (default 4; longer notes count no more).</summary>
    public double MaxNoteDuration { get; init; } = 4;

    /// <summary>The length in seconds of the window around each frame for <see cref="KeyEstimator.Segments"/> (default 20).</summary>
    public double SegmentWindow { get; init; } = 20;

    /// <summary>The spacing in seconds of the frames for <see cref="KeyEstimator.Segments"/> (default 2).</summary>
    public double SegmentHop { get; init; } = 2;

    /// <summary>
    /// What a key change costs in <see cref="KeyEstimator.Segments"/>'s Viterbi smoothing, in units of one frame's
    /// correlation (default 10); larger values give fewer changes.
    /// </summary>
    public double KeyChangePenalty { get; init; } = 10;

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (Profile is null)
        {
            throw new ArgumentException($"{nameof(Profile)} must not be null.", nameof(Profile));
        }

        if (Weighting is not (NoteWeighting.Count or NoteWeighting.Duration or NoteWeighting.DurationAndVelocity))
        {
            throw new ArgumentException($"{nameof(Weighting)} {Weighting} is not a weighting.", nameof(Weighting));
        }

        if (!(MaxNoteDuration > 0))
        {
            throw new ArgumentException($"{nameof(MaxNoteDuration)} must be positive, not {MaxNoteDuration}.", nameof(MaxNoteDuration));
        }

        if (!(SegmentWindow > 0) || !double.IsFinite(SegmentWindow))
        {
            throw new ArgumentException($"{nameof(SegmentWindow)} must be positive and finite, not {SegmentWindow}.", nameof(SegmentWindow));
        }

        if (!(SegmentHop > 0) || !double.IsFinite(SegmentHop))
        {
            throw new ArgumentException($"{nameof(SegmentHop)} must be positive and finite, not {SegmentHop}.", nameof(SegmentHop));
        }

        if (!(KeyChangePenalty >= 0) || !double.IsFinite(KeyChangePenalty))
        {
            throw new ArgumentException($"{nameof(KeyChangePenalty)} must be 0 or more and finite, not {KeyChangePenalty}.", nameof(KeyChangePenalty));
        }
    }
}
