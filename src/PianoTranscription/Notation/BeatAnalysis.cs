namespace PianoTranscription.Notation;

/// <summary>
/// The beats of a performance: beat and downbeat times in seconds, the time signature and the pickup. Immutable.
/// Made by <see cref="BeatTracker"/>.
/// </summary>
public sealed class BeatAnalysis
{
    /// <summary>Creates an analysis.</summary>
    /// <param name="beats">Felt-beat times in seconds, increasing (dotted quarters in 6/8), at least two.</param>
    /// <param name="timeSignature">The time signature.</param>
    /// <param name="firstDownbeat">The index in <paramref name="beats"/> of the first downbeat, 0 to
    /// <c>BeatsPerBar - 1</c>; the beats before it form a pickup.</param>
    /// <exception cref="ArgumentException">Fewer than two beats, or beats not finite and increasing.</exception>
    public BeatAnalysis(IReadOnlyList<double> beats, TimeSignature timeSignature, int firstDownbeat)
    {
        ArgumentNullException.ThrowIfNull(beats);
        if (beats.Count < 2)
        {
            throw new ArgumentException("A beat analysis needs at least two beats.", nameof(beats));
        }

        for (int i = 0; i < beats.Count; i++)
        {
            if (!double.IsFinite(beats[i]) || beats[i] < 0 || (i > 0 && beats[i] <= beats[i - 1]))
            {
                throw new ArgumentException($"Beat {i} ({beats[i]}) is not a finite time after the previous beat.", nameof(beats));
            }
        }

        if (timeSignature.Numerator == 0)
        {
            throw new ArgumentException("The time signature is the default value.", nameof(timeSignature));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(firstDownbeat);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(firstDownbeat, timeSignature.BeatsPerBar);
        Beats = beats.ToArray();
        TimeSignature = timeSignature;
        FirstDownbeat = firstDownbeat;
        var downbeats = new List<double>();
        for (int i = firstDownbeat; i < beats.Count; i += timeSignature.BeatsPerBar)
        {
            downbeats.Add(beats[i]);
        }

        Downbeats = downbeats;
        double[] intervals = new double[beats.Count - 1];
        for (int i = 0; i < intervals.Length; i++)
        {
            intervals[i] = beats[i + 1] - beats[i];
        }

        Array.Sort(intervals);
        double median = intervals.Length % 2 == 1 ? intervals[intervals.Length / 2] : 0.5 * (intervals[(intervals.Length / 2) - 1] + intervals[intervals.Length / 2]);
        BeatsPerMinute = 60 / median;
    }

    /// <summary>Felt-beat times in seconds, increasing.</summary>
    public IReadOnlyList<double> Beats { get; }

    /// <summary>Downbeat (bar start) times in seconds: every <c>BeatsPerBar</c>-th beat from <see cref="FirstDownbeat"/>.</summary>
    public IReadOnlyList<double> Downbeats { get; }

    /// <summary>The time signature.</summary>
    public TimeSignature TimeSignature { get; }

    /// <summary>The index of the first downbeat in <see cref="Beats"/>: the number of pickup beats.</summary>
    public int FirstDownbeat { get; }

    /// <summary>The tempo as 60 over the median beat interval, in felt beats per minute.</summary>
    public double BeatsPerMinute { get; }
}
