using PianoTranscription.Decoding;

namespace PianoTranscription.Analysis;

/// <summary>
/// Estimates the key of a set of notes (a transcription or a MIDI file's): a pitch-class histogram weighted by
/// duration (and optionally velocity) is correlated with a <see cref="KeyProfile"/> rotated to each of the 24 keys
/// (Krumhansl–Schmuckler). <see cref="Segments"/> follows key changes over time. Immutable and thread-safe.
/// </summary>
/// <example>
/// <code>
/// KeyEstimate? key = new KeyEstimator().Estimate(result.Notes);
/// Console.WriteLine(key?.Key.Name); // e.g. "Gb major"
/// </code>
/// </example>
public sealed class KeyEstimator
{
    private readonly double[][] _profiles;

    /// <summary>Creates an estimator.</summary>
    /// <param name="options">The settings; null for <see cref="KeyEstimatorOptions.Default"/>.</param>
    public KeyEstimator(KeyEstimatorOptions? options = null)
    {
        Options = options ?? KeyEstimatorOptions.Default;
        Options.Validate();
        _profiles = Key.All.Select(k => Standardize(Options.Profile.For(k))).ToArray();
    }

    /// <summary>The settings.</summary>
    public KeyEstimatorOptions Options { get; }

    /// <summary>The pitch-class histogram of the notes (or of their parts between two times), summing to 1.</summary>
    /// <param name="notes">The notes.</param>
    /// <param name="start">Only the part of each note from this time on counts (seconds; default all).</param>
    /// <param name="end">Only the part of each note before this time counts (seconds; default all).</param>
    /// <returns>12 weights, C ... B; all 0 when no note falls in the span.</returns>
    public double[] PitchClassHistogram(IReadOnlyList<Note> notes, double start = double.NegativeInfinity, double end = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var histogram = new double[12];
        foreach (Note n in notes)
        {
            double on = Math.Max(n.Onset, start);
            double off = Math.Min(n.Offset, end);
            if (n.Onset >= end || (n.Offset <= start && n.Onset < start))
            {
                continue;
            }

            // The duration counted is the note's (capped) part inside the span.
            double duration = Math.Min(Math.Max(off - on, 0), Options.MaxNoteDuration);
            double w = Options.Weighting switch
            {
                NoteWeighting.Count => 1,
                NoteWeighting.Duration => duration,
                _ => duration * Math.Clamp(n.Velocity, 1, 127) / 127.0,
            };
            histogram[((n.Pitch % 12) + 12) % 12] += w;
        }

        double sum = histogram.Sum();
        if (sum > 0)
        {
            for (int i = 0; i < 12; i++)
            {
                histogram[i] /= sum;
            }
        }

        return histogram;
    }

    /// <summary>The key of the notes.</summary>
    /// <param name="notes">The notes.</param>
    /// <returns>The estimate; null when there are no notes (or every pitch class has the same weight).</returns>
    public KeyEstimate? Estimate(IReadOnlyList<Note> notes) => EstimateFromPitchClasses(PitchClassHistogram(notes));

    /// <summary>The key of a pitch-class histogram or chroma vector.</summary>
    /// <param name="pitchClassWeights">12 non-negative weights, C ... B (any scale).</param>
    /// <returns>The estimate; null when all weights are equal (no information, e.g. no notes).</returns>
    public KeyEstimate? EstimateFromPitchClasses(IReadOnlyList<double> pitchClassWeights)
    {
        ArgumentNullException.ThrowIfNull(pitchClassWeights);
        if (pitchClassWeights.Count != 12)
        {
            throw new ArgumentException("A pitch-class histogram has 12 weights.", nameof(pitchClassWeights));
        }

        double sum = pitchClassWeights.Sum();
        if (!double.IsFinite(sum) || sum <= 0)
        {
            return null;
        }

        double[] normalized = pitchClassWeights.Select(w => w / sum).ToArray();
        double[]? correlations = Correlate(normalized);
        return correlations is null ? null : new KeyEstimate(correlations, normalized);
    }

    /// <summary>
    /// The keys of the notes over time: the histogram of a <see cref="KeyEstimatorOptions.SegmentWindow"/> around
    /// frames every <see cref="KeyEstimatorOptions.SegmentHop"/> seconds is correlated with the 24 keys, and a
    /// Viterbi path through the frames maximizes the summed correlations less
    /// <see cref="KeyEstimatorOptions.KeyChangePenalty"/> per key change. Frames of one key are merged.
    /// </summary>
    /// <param name="notes">The notes.</param>
    /// <returns>Segments covering the first onset to the last offset, in time order; empty without notes.</returns>
    public IReadOnlyList<KeySegment> Segments(IReadOnlyList<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (notes.Count == 0)
        {
            return [];
        }

        double first = notes.Min(n => n.Onset);
        double last = notes.Max(n => n.Offset);
        double hop = Options.SegmentHop;
        double half = Options.SegmentWindow / 2;
        int frames = Math.Max(1, (int)Math.Ceiling((last - first) / hop));

        // Per-frame correlations (0 for a frame with no information); notes sorted by onset for a moving window.
        Note[] sorted = [.. notes.OrderBy(n => n.Onset)];
        var scores = new double[frames][];
        var window = new List<Note>();
        int next = 0;
        for (int f = 0; f < frames; f++)
        {
            double centre = first + (f + 0.5) * hop;
            double lo = centre - half;
            double hi = centre + half;
            while (next < sorted.Length && sorted[next].Onset < hi)
            {
                window.Add(sorted[next++]);
            }

            window.RemoveAll(n => n.Offset <= lo && n.Onset < lo);
            scores[f] = Correlate(PitchClassHistogram(window, lo, hi)) ?? new double[24];
        }

        // Viterbi over the 24 keys.
        double penalty = Options.KeyChangePenalty;
        var back = new int[frames][];
        double[] total = (double[])scores[0].Clone();
        for (int f = 1; f < frames; f++)
        {
            int bestPrevious = ArgMax(total);
            double switched = total[bestPrevious] - penalty;
            var nextTotal = new double[24];
            back[f] = new int[24];
            for (int k = 0; k < 24; k++)
            {
                bool stay = total[k] >= switched;
                back[f][k] = stay ? k : bestPrevious;
                nextTotal[k] = (stay ? total[k] : switched) + scores[f][k];
            }

            total = nextTotal;
        }

        var path = new int[frames];
        path[frames - 1] = ArgMax(total);
        for (int f = frames - 1; f > 0; f--)
        {
            path[f - 1] = back[f][path[f]];
        }

        var segments = new List<KeySegment>();
        int startFrame = 0;
        for (int f = 1; f <= frames; f++)
        {
            if (f < frames && path[f] == path[startFrame])
            {
                continue;
            }

            double margin = 0;
            for (int g = startFrame; g < f; g++)
            {
                double own = scores[g][path[startFrame]];
                double other = scores[g].Where((_, k) => k != path[startFrame]).Max();
                margin += own - other;
            }

            double segStart = startFrame == 0 ? first : first + startFrame * hop;
            double segEnd = f == frames ? last : first + f * hop;
            segments.Add(new KeySegment(segStart, segEnd, Key.FromIndex(path[startFrame]), margin / (f - startFrame)));
            startFrame = f;
        }

        return segments;
    }

    private double[]? Correlate(double[] histogram)
    {
        double mean = histogram.Average();
        double norm = Math.Sqrt(histogram.Sum(h => (h - mean) * (h - mean)));
        if (!(norm > 1e-12))
        {
            return null;
        }

        var correlations = new double[24];
        for (int k = 0; k < 24; k++)
        {
            double dot = 0;
            double[] profile = _profiles[k];
            for (int i = 0; i < 12; i++)
            {
                dot += (histogram[i] - mean) * profile[i];
            }

            correlations[k] = dot / norm;
        }

        return correlations;
    }

    /// <summary>The profile centred and scaled to unit length, so that a dot product with a centred histogram over
    /// its length is the Pearson correlation.</summary>
    private static double[] Standardize(double[] profile)
    {
        double mean = profile.Average();
        double norm = Math.Sqrt(profile.Sum(p => (p - mean) * (p - mean)));
        return profile.Select(p => (p - mean) / norm).ToArray();
    }

    private static int ArgMax(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
