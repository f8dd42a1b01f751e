namespace PianoTranscription.Evaluation;

/// <summary>
/// Beat-tracking scores in the mir_eval convention (<c>mir_eval.beat</c>): beats before 5 s are left out
/// (<c>trim_beats</c>), then a beat matches a reference beat at most <see cref="DefaultWindow"/> (70 ms) away, one to
/// one, and the F-measure is taken from the matched count. Tempo agreement compares median beat intervals.
/// </summary>
public static class BeatEvaluator
{
    /// <summary>The matching window of mir_eval's beat F-measure: 70 ms.</summary>
    public const double DefaultWindow = 0.07;

    /// <summary>The time before which mir_eval's <c>beat.evaluate</c> drops beats: 5 s.</summary>
    public const double DefaultMinBeatTime = 5.0;

    /// <summary>The beats at or after <paramref name="minBeatTime"/> (mir_eval's <c>trim_beats</c>).</summary>
    /// <param name="beats">Beat times in seconds.</param>
    /// <param name="minBeatTime">The earliest beat kept. Default 5 s.</param>
    /// <returns>The kept beats, sorted.</returns>
    public static double[] Trim(IEnumerable<double> beats, double minBeatTime = DefaultMinBeatTime)
    {
        ArgumentNullException.ThrowIfNull(beats);
        double[] kept = beats.Where(b => b >= minBeatTime).ToArray();
        Array.Sort(kept);
        return kept;
    }

    /// <summary>
    /// The beat F-measure of <paramref name="estimated"/> against <paramref name="reference"/> (no trimming: call
    /// <see cref="Trim"/> first for mir_eval's <c>evaluate</c>). Returns 0 when either side is empty, as mir_eval.
    /// </summary>
    /// <param name="reference">Reference beat times in seconds.</param>
    /// <param name="estimated">Estimated beat times in seconds.</param>
    /// <param name="window">The matching window in seconds (inclusive). Default 70 ms.</param>
    /// <returns>Precision, recall and F-measure with their counts.</returns>
    /// <exception cref="ArgumentException">A time is not finite.</exception>
    public static PrecisionRecallF1 FMeasure(IReadOnlyList<double> reference, IReadOnlyList<double> estimated, double window = DefaultWindow)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(estimated);
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        double[] r = Sorted(reference, nameof(reference));
        double[] e = Sorted(estimated, nameof(estimated));

        // On a line with one window, matching greedily in time order gives a maximum matching (as match_events' does).
        int matched = 0, j = 0;
        foreach (double t in r)
        {
            while (j < e.Length && e[j] < t - window)
            {
                j++;
            }

            if (j < e.Length && e[j] <= t + window)
            {
                matched++;
                j++;
            }
        }

        return PrecisionRecallF1.FromCounts(matched, r.Length, e.Length);
    }

    /// <summary>The median interval between consecutive beats in seconds (NaN with fewer than two beats).</summary>
    /// <param name="beats">Beat times in seconds.</param>
    /// <returns>The median interval.</returns>
    public static double MedianInterval(IReadOnlyList<double> beats)
    {
        ArgumentNullException.ThrowIfNull(beats);
        double[] b = Sorted(beats, nameof(beats));
        if (b.Length < 2)
        {
            return double.NaN;
        }

        double[] d = new double[b.Length - 1];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = b[i + 1] - b[i];
        }

        Array.Sort(d);
        return d.Length % 2 == 1 ? d[d.Length / 2] : 0.5 * (d[(d.Length / 2) - 1] + d[d.Length / 2]);
    }

    /// <summary>
    /// Whether the tempo of <paramref name="estimated"/> (60 / median beat interval) is within
    /// <paramref name="tolerance"/> (relative; 0.04 = 4 %) of the reference's.
    /// </summary>
    /// <param name="reference">Reference beat times.</param>
    /// <param name="estimated">Estimated beat times.</param>
    /// <param name="tolerance">The relative tolerance. Default 0.04.</param>
    /// <returns>True when the tempi agree; false when either has fewer than two beats.</returns>
    public static bool TempoAgrees(IReadOnlyList<double> reference, IReadOnlyList<double> estimated, double tolerance = 0.04)
    {
        double r = MedianInterval(reference), e = MedianInterval(estimated);
        return double.IsFinite(r) && double.IsFinite(e) && Math.Abs((r / e) - 1) <= tolerance;
    }

    private static double[] Sorted(IReadOnlyList<double> times, string name)
    {
        double[] a = times.ToArray();
        if (a.Any(t => !double.IsFinite(t)))
        {
            throw new ArgumentException("Beat times must be finite.", name);
        }

        Array.Sort(a);
        return a;
    }
}
