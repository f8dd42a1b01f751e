using PianoTranscription.Decoding;

namespace PianoTranscription.Notation;

/// <summary>
/// Finds the beats, downbeats, time signature and pickup of a performance from its notes (transcribed or read
/// from MIDI). An onset-strength curve is built from the note onsets (weighted by velocity, chord size and
/// register), the beat period comes from a comb over its autocorrelation with a tempo prior (globally, then per
/// window so that tempo changes are followed), the beats are placed by dynamic programming (Ellis 2007: onsets
/// rewarded, deviations from the local period penalised), the metrical level is checked against half and double that
/// tempo and the beats against their off-beats (scores fitted on POP909 songs 001–400), and the meter and first
/// downbeat come from where bass notes, harmony changes and long notes fall. Thread-safe; the options are immutable.
/// </summary>
public sealed class BeatTracker
{
    /// <summary>Creates a tracker.</summary>
    /// <param name="options">The options; null for <see cref="BeatTrackerOptions.Default"/>.</param>
    public BeatTracker(BeatTrackerOptions? options = null)
    {
        Options = options ?? BeatTrackerOptions.Default;
        if (!(Options.MinBeatsPerMinute > 0) || !(Options.MaxBeatsPerMinute > Options.MinBeatsPerMinute) || !(Options.PriorBeatsPerMinute > 0)
            || !(Options.PriorWidthOctaves > 0) || !(Options.TempoWindow > 0) || Options.BeatsPerMinute is <= 0 or double.NaN)
        {
            throw new ArgumentException("Beat-tracker tempi, prior width and window must be positive numbers, the maximum above the minimum.", nameof(options));
        }
    }

    /// <summary>The options.</summary>
    public BeatTrackerOptions Options { get; }

    /// <summary>Tracks the beats of <paramref name="notes"/>.</summary>
    /// <param name="notes">The notes, any order (finite times, onsets 0 or more).</param>
    /// <returns>The beats; with fewer than four distinct onsets, a steady grid at the fixed or prior tempo from the first onset.</returns>
    /// <exception cref="ArgumentException">A note has a time that is not finite, a negative onset or an offset before its onset.</exception>
    public BeatAnalysis Analyze(IReadOnlyList<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        Validate(notes, nameof(notes));
        TimeSignature fallbackSignature = Options.TimeSignature ?? TimeSignature.FourFour;
        if (notes.Select(n => Math.Round(n.Onset * OnsetEnvelope.FrameRate)).Distinct().Count() < 4)
        {
            double bpm = Options.BeatsPerMinute ?? Options.PriorBeatsPerMinute;
            double start = notes.Count > 0 ? notes.Min(n => n.Onset) : 0;
            double end = notes.Count > 0 ? notes.Max(n => n.Offset) : 0;
            var grid = new List<double>();
            for (double t = start; grid.Count < 2 || grid[^1] < end; t += 60 / bpm)
            {
                grid.Add(t);
            }

            return new BeatAnalysis(grid, fallbackSignature, 0);
        }

        var envelope = OnsetEnvelope.FromNotes(notes);
        double[] period = TempoEstimator.PeriodCurve(envelope, Options, out _);
        List<double> beats = TrackBeats(envelope.Values, period, Options.Tightness, notes.Max(n => n.Onset));
        if (beats.Count < 2)
        {
            beats = [beats.Count > 0 ? beats[0] : 0, (beats.Count > 0 ? beats[0] : 0) + (period[0] / OnsetEnvelope.FrameRate)];
        }

        if (Options.ChooseMetricLevel && Options.BeatsPerMinute is null)
        {
            beats = ChooseLevel(notes, envelope, beats);
        }

        if (Options.ChooseOffBeat && beats.Count >= 3)
        {
            List<double> off = MetricLevel.OffBeats(beats);
            if (MetricLevel.PhaseScore(MetricLevel.PhaseFeatures(notes, off)) > MetricLevel.PhaseScore(MetricLevel.PhaseFeatures(notes, beats)))
            {
                beats = off;
            }
        }

        (TimeSignature signature, int firstDownbeat) = MeterEstimator.Estimate(notes, beats, Options);
        return new BeatAnalysis(beats, signature, firstDownbeat);
    }

    /// <summary>
    /// The tracked beats or the beats tracked again at half or double their tempo (within the tempo range), whichever
    /// <see cref="MetricLevel"/> scores highest.
    /// </summary>
    private List<double> ChooseLevel(IReadOnlyList<Note> notes, OnsetEnvelope envelope, List<double> beats)
    {
        double bpm = MedianBeatsPerMinute(beats);
        List<double> best = beats;
        double bestScore = MetricLevel.Score(MetricLevel.Features(notes, beats, envelope.Values));
        foreach (double ratio in (double[])[0.5, 2])
        {
            double candidateBpm = bpm * ratio;
            if (candidateBpm < Options.MinBeatsPerMinute || candidateBpm > Options.MaxBeatsPerMinute)
            {
                continue;
            }

            var fixedOptions = Options with { BeatsPerMinute = candidateBpm };
            double[] period = TempoEstimator.PeriodCurve(envelope, fixedOptions, out _);
            List<double> candidate = TrackBeats(envelope.Values, period, Options.Tightness, notes.Max(n => n.Onset));
            if (candidate.Count < 3)
            {
                continue;
            }

            double score = MetricLevel.Score(MetricLevel.Features(notes, candidate, envelope.Values));
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    private static double MedianBeatsPerMinute(List<double> beats)
    {
        double[] intervals = new double[beats.Count - 1];
        for (int i = 0; i < intervals.Length; i++)
        {
            intervals[i] = beats[i + 1] - beats[i];
        }

        Array.Sort(intervals);
        double median = intervals.Length % 2 == 1 ? intervals[intervals.Length / 2] : 0.5 * (intervals[(intervals.Length / 2) - 1] + intervals[intervals.Length / 2]);
        return 60 / median;
    }

    /// <summary>Throws when a note's times are unusable.</summary>
    internal static void Validate(IReadOnlyList<Note> notes, string paramName)
    {
        for (int i = 0; i < notes.Count; i++)
        {
            Note n = notes[i];
            if (!double.IsFinite(n.Onset) || !double.IsFinite(n.Offset) || n.Onset < 0 || n.Offset < n.Onset)
            {
                throw new ArgumentException($"Note {i} (pitch {n.Pitch}) has onset {n.Onset} and offset {n.Offset}; times must be finite, the onset 0 or more and the offset not before it.", paramName);
            }
        }
    }

    /// <summary>
    /// Ellis' beat DP: score(t) = onset(t) + max over the previous beat τ of score(τ) − tightness·ln²((t−τ)/period),
    /// a chain may start anywhere; the best chain ending within a period of the last onset is traced back.
    /// </summary>
    private static List<double> TrackBeats(double[] onset, double[] period, double tightness, double lastOnset)
    {
        int n = onset.Length;
        double[] score = new double[n];
        int[] back = new int[n];
        for (int t = 0; t < n; t++)
        {
            double p = period[t];
            int from = Math.Max(0, t - (int)Math.Round(2 * p));
            int to = t - (int)Math.Round(p / 2);
            double best = 0;
            int arg = -1;
            for (int tau = from; tau <= to; tau++)
            {
                double r = Math.Log((t - tau) / p);
                double c = score[tau] - (tightness * r * r);
                if (c > best)
                {
                    best = c;
                    arg = tau;
                }
            }

            score[t] = onset[t] + best;
            back[t] = arg;
        }

        int lastFrame = Math.Min(n - 1, (int)Math.Round(lastOnset * OnsetEnvelope.FrameRate));
        int startSearch = Math.Max(0, lastFrame - (int)Math.Round(period[lastFrame]));
        int end = startSearch;
        for (int t = startSearch; t <= Math.Min(n - 1, lastFrame + (int)Math.Round(period[lastFrame] / 2)); t++)
        {
            if (score[t] > score[end])
            {
                end = t;
            }
        }

        var frames = new List<int>();
        for (int t = end; t >= 0; t = back[t])
        {
            frames.Add(t);
        }

        frames.Reverse();
        return frames.Select(f => f / OnsetEnvelope.FrameRate).ToList();
    }
}
