using PianoTranscription.Decoding;

namespace PianoTranscription.Evaluation;

/// <summary>
/// Scores transcribed notes against reference notes with the field's standard metrics, giving the same numbers as
/// mir_eval 0.7 (<c>mir_eval.transcription</c>, <c>mir_eval.transcription_velocity</c>,
/// <c>mir_eval.multipitch</c>).
/// </summary>
/// <remarks>
/// <para>Like the field's reference script, both lists are first sorted by (onset, offset, pitch, velocity) and
/// offsets are raised to at least onset + 1 ms. Two notes can match when their pitches are equal and their onsets
/// differ by at most <see cref="EvaluationOptions.OnsetTolerance"/> (the difference rounded to 4 decimals, as mir_eval
/// does); with offsets, the offsets must also differ by at most max(<see cref="EvaluationOptions.OffsetRatio"/> ×
/// reference duration, <see cref="EvaluationOptions.OffsetMinTolerance"/>). The matched pairs are a maximum
/// bipartite matching (Hopcroft–Karp, the same matching mir_eval finds). The velocity scores keep the matched pairs
/// whose velocities agree within <see cref="EvaluationOptions.VelocityTolerance"/> after mir_eval's rescaling.</para>
/// <para>Frame scores sample times <c>k × FrameHop</c> for k = 0 … ⌊last offset / FrameHop⌋; a pitch is active at
/// time t when a note of that pitch has onset ≤ t &lt; offset. True positives are (time, pitch) cells active in
/// both; precision and recall are summed over all cells, as <c>mir_eval.multipitch.metrics</c> does.</para>
/// <para>When either list is empty every score is 0, as in mir_eval.</para>
/// </remarks>
public static class TranscriptionEvaluator
{
    /// <summary>Computes note- and frame-level scores.</summary>
    /// <param name="reference">The reference (ground-truth) notes.</param>
    /// <param name="estimate">The transcribed notes.</param>
    /// <param name="options">Tolerances; <see cref="EvaluationOptions.Default"/> when null.</param>
    /// <returns>The scores.</returns>
    /// <exception cref="ArgumentException">A note has a non-finite time or a pitch or velocity outside 0–127.</exception>
    public static TranscriptionMetrics Evaluate(IReadOnlyList<Note> reference, IReadOnlyList<Note> estimate, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        NoteSet r = NoteSet.From(reference, nameof(reference));
        NoteSet e = NoteSet.From(estimate, nameof(estimate));
        return new TranscriptionMetrics(
            Score(Match(r, e, MatchCriteria.Onset, options).Count, r, e),
            Score(Match(r, e, MatchCriteria.OnsetAndOffset, options).Count, r, e),
            Score(Match(r, e, MatchCriteria.OnsetAndVelocity, options).Count, r, e),
            Score(Match(r, e, MatchCriteria.OnsetOffsetAndVelocity, options).Count, r, e),
            FrameScore(r, e, options.FrameHop));
    }

    /// <summary>Finds the matched pairs mir_eval would report for one kind of match.</summary>
    /// <param name="reference">The reference notes.</param>
    /// <param name="estimate">The transcribed notes.</param>
    /// <param name="criteria">What matched notes must share.</param>
    /// <param name="options">Tolerances; <see cref="EvaluationOptions.Default"/> when null.</param>
    /// <returns>Pairs of indices into the given lists, ordered by the reference notes' sorted order.</returns>
    /// <exception cref="ArgumentException">A note has a non-finite time or a pitch or velocity outside 0–127.</exception>
    public static IReadOnlyList<NoteMatch> MatchNotes(
        IReadOnlyList<Note> reference, IReadOnlyList<Note> estimate, MatchCriteria criteria, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        NoteSet r = NoteSet.From(reference, nameof(reference));
        NoteSet e = NoteSet.From(estimate, nameof(estimate));
        return Match(r, e, criteria, options)
            .Select(m => new NoteMatch(r.OriginalIndex[m.ReferenceIndex], e.OriginalIndex[m.EstimateIndex]))
            .ToArray();
    }

    /// <summary>Scores sustain-pedal presses: matched by onset, by onset and offset, and frame-wise.</summary>
    /// <param name="reference">The reference presses.</param>
    /// <param name="estimate">The estimated presses.</param>
    /// <param name="options">Tolerances (the note tolerances are used); <see cref="EvaluationOptions.Default"/> when null.</param>
    /// <returns>The scores.</returns>
    /// <exception cref="ArgumentException">A press has a non-finite time.</exception>
    public static PedalMetrics EvaluatePedal(IReadOnlyList<PedalInterval> reference, IReadOnlyList<PedalInterval> estimate, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(estimate);
        options ??= EvaluationOptions.Default;
        NoteSet r = NoteSet.From(reference.Select(p => new Note(64, p.Onset, p.Offset, 64)).ToArray(), nameof(reference));
        NoteSet e = NoteSet.From(estimate.Select(p => new Note(64, p.Onset, p.Offset, 64)).ToArray(), nameof(estimate));
        return new PedalMetrics(
            Score(Match(r, e, MatchCriteria.Onset, options).Count, r, e),
            Score(Match(r, e, MatchCriteria.OnsetAndOffset, options).Count, r, e),
            FrameScore(r, e, options.FrameHop));
    }

    private static PrecisionRecallF1 Score(int matched, NoteSet r, NoteSet e) => PrecisionRecallF1.FromCounts(matched, r.Count, e.Count);

    private static List<NoteMatch> Match(NoteSet r, NoteSet e, MatchCriteria criteria, EvaluationOptions options)
    {
        if (r.Count == 0 || e.Count == 0)
        {
            return [];
        }

        bool offsets = criteria is MatchCriteria.OnsetAndOffset or MatchCriteria.OnsetOffsetAndVelocity;
        bool velocity = criteria is MatchCriteria.OnsetAndVelocity or MatchCriteria.OnsetOffsetAndVelocity;
        List<NoteMatch> matches = MatchTiming(r, e, offsets, options);
        return velocity ? FilterByVelocity(r, e, matches, options.VelocityTolerance) : matches;
    }

    /// <summary>mir_eval.transcription.match_notes.</summary>
    private static List<NoteMatch> MatchTiming(NoteSet r, NoteSet e, bool offsets, EvaluationOptions options)
    {
        // Candidate estimates per pitch, sorted by onset, to avoid the full n × m hit matrix.
        var byPitch = new Dictionary<int, List<int>>();
        for (int j = 0; j < e.Count; j++)
        {
            if (!byPitch.TryGetValue(e.Pitch[j], out List<int>? list))
            {
                byPitch[e.Pitch[j]] = list = [];
            }

            list.Add(j); // e is sorted by onset, so each list is too
        }

        double tolerance = options.OnsetTolerance;
        double window = tolerance + 1e-3; // wider than the rounded test, which decides exactly
        var adjacency = new List<int>?[e.Count];
        var keys = new List<int>();
        var hits = new List<int>();
        for (int i = 0; i < r.Count; i++)
        {
            if (!byPitch.TryGetValue(r.Pitch[i], out List<int>? candidates))
            {
                continue;
            }

            double offsetTolerance = Math.Max(options.OffsetRatio * Math.Abs(r.Offset[i] - r.Onset[i]), options.OffsetMinTolerance);
            int lo = LowerBound(candidates, e.Onset, r.Onset[i] - window);
            hits.Clear();
            for (int c = lo; c < candidates.Count && e.Onset[candidates[c]] <= r.Onset[i] + window; c++)
            {
                int j = candidates[c];
                if (Rounded(Math.Abs(r.Onset[i] - e.Onset[j])) > tolerance)
                {
                    continue;
                }

                if (offsets && !(Rounded(Math.Abs(r.Offset[i] - e.Offset[j])) <= offsetTolerance))
                {
                    continue;
                }

                hits.Add(j);
            }

            hits.Sort();
            foreach (int j in hits)
            {
                if (adjacency[j] is not { } list)
                {
                    adjacency[j] = list = [];
                    keys.Add(j);
                }

                list.Add(i);
            }
        }

        int[] matching = BipartiteMatcher.Match(keys, adjacency, r.Count);
        var result = new List<NoteMatch>();
        for (int i = 0; i < matching.Length; i++)
        {
            if (matching[i] >= 0)
            {
                result.Add(new NoteMatch(i, matching[i]));
            }
        }

        return result;
    }

    /// <summary>numpy.around(x, 4): scale, round half to even, unscale.</summary>
    private static double Rounded(double x) => Math.Round(x * 10000.0, MidpointRounding.ToEven) / 10000.0;

    private static int LowerBound(List<int> indices, double[] onsets, double value)
    {
        int lo = 0, hi = indices.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (onsets[indices[mid]] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>mir_eval.transcription_velocity.match_notes after the timing match.</summary>
    private static List<NoteMatch> FilterByVelocity(NoteSet r, NoteSet e, List<NoteMatch> matches, double tolerance)
    {
        if (matches.Count == 0)
        {
            return matches;
        }

        double min = r.Velocity.Min(), max = r.Velocity.Max();
        double range = Math.Max(1, max - min);
        int n = matches.Count;
        var x = new double[n];
        var y = new double[n];
        for (int k = 0; k < n; k++)
        {
            x[k] = e.Velocity[matches[k].EstimateIndex];
            y[k] = (r.Velocity[matches[k].ReferenceIndex] - min) / range;
        }

        (double slope, double intercept) = LeastSquaresLine(x, y);
        var kept = new List<NoteMatch>();
        for (int k = 0; k < n; k++)
        {
            if (Math.Abs(slope * x[k] + intercept - y[k]) < tolerance)
            {
                kept.Add(matches[k]);
            }
        }

        return kept;
    }

    /// <summary>
    /// The least-squares line y ≈ slope·x + intercept, as numpy.linalg.lstsq returns it: when all x are equal the
    /// system is rank-deficient and the minimum-norm solution is taken.
    /// </summary>
    internal static (double Slope, double Intercept) LeastSquaresLine(double[] x, double[] y)
    {
        int n = x.Length;
        double meanX = 0, meanY = 0;
        for (int k = 0; k < n; k++)
        {
            meanX += x[k];
            meanY += y[k];
        }

        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0;
        for (int k = 0; k < n; k++)
        {
            sxx += (x[k] - meanX) * (x[k] - meanX);
            sxy += (x[k] - meanX) * (y[k] - meanY);
        }

        if (sxx <= 1e-12 * Math.Max(1, meanX * meanX) * n)
        {
            double c = meanX;
            return (c * meanY / (c * c + 1), meanY / (c * c + 1));
        }

        double slope = sxy / sxx;
        return (slope, meanY - slope * meanX);
    }

    private static PrecisionRecallF1 FrameScore(NoteSet r, NoteSet e, double hop)
    {
        if (r.Count == 0 && e.Count == 0)
        {
            return PrecisionRecallF1.FromCounts(0, 0, 0);
        }

        double maxEnd = Math.Max(r.Count > 0 ? r.Offset.Max() : 0, e.Count > 0 ? e.Offset.Max() : 0);
        double frames = Math.Floor(maxEnd / hop) + 1;
        if (frames > int.MaxValue / 2)
        {
            throw new ArgumentException($"The notes span {maxEnd} s, too long to sample every {hop} s.", nameof(hop));
        }

        long gridLength = (long)Math.Max(frames, 1);
        long refCells = 0, estCells = 0, both = 0;
        foreach (int pitch in r.Pitch.Concat(e.Pitch).Distinct())
        {
            List<(long Start, long End)> a = Cover(r, pitch, hop, gridLength);
            List<(long Start, long End)> b = Cover(e, pitch, hop, gridLength);
            refCells += a.Sum(s => s.End - s.Start);
            estCells += b.Sum(s => s.End - s.Start);
            int p = 0, q = 0;
            while (p < a.Count && q < b.Count)
            {
                long start = Math.Max(a[p].Start, b[q].Start);
                long end = Math.Min(a[p].End, b[q].End);
                both += Math.Max(0, end - start);
                if (a[p].End < b[q].End)
                {
                    p++;
                }
                else
                {
                    q++;
                }
            }
        }

        if (refCells > int.MaxValue || estCells > int.MaxValue)
        {
            throw new ArgumentException("Too many active frames to count.", nameof(r));
        }

        // mir_eval.multipitch: precision = TP / Σ est, recall = TP / Σ ref, each 0 when its denominator is 0.
        double precision = estCells > 0 ? (double)both / estCells : 0;
        double recall = refCells > 0 ? (double)both / refCells : 0;
        return new PrecisionRecallF1(
            precision, recall, PrecisionRecallF1.FMeasure(precision, recall), (int)both, (int)refCells, (int)estCells);
    }

    /// <summary>The grid indices k (k × hop in [onset, offset)) where a pitch is active, as sorted disjoint ranges.</summary>
    private static List<(long Start, long End)> Cover(NoteSet s, int pitch, double hop, long gridLength)
    {
        var ranges = new List<(long Start, long End)>();
        for (int i = 0; i < s.Count; i++)
        {
            if (s.Pitch[i] == pitch)
            {
                long start = FirstAtOrAfter(s.Onset[i], hop, gridLength);
                long end = FirstAtOrAfter(s.Offset[i], hop, gridLength);
                if (end > start)
                {
                    ranges.Add((start, end));
                }
            }
        }

        ranges.Sort();
        var merged = new List<(long Start, long End)>();
        foreach ((long start, long end) in ranges)
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }

    /// <summary>The smallest k in [0, gridLength] with k × hop ≥ t, using the same products as numpy's grid.</summary>
    private static long FirstAtOrAfter(double t, double hop, long gridLength)
    {
        if (t <= 0)
        {
            return 0;
        }

        long k = (long)Math.Min(gridLength, Math.Ceiling(t / hop));
        while (k > 0 && (k - 1) * hop >= t)
        {
            k--;
        }

        while (k < gridLength && k * hop < t)
        {
            k++;
        }

        return k;
    }
}
