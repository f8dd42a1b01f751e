using PianoTranscription.Decoding;

namespace PianoTranscription.Notation;

/// <summary>
/// Chooses the metrical level of the beat among the tracked tempo and its half and double (the octave errors of a
/// tempo estimate: a song felt at 62 bpm with sixteenths looks much like one at 124 with eighths). Each candidate
/// beat sequence is described by where the notes fall against it (on the beat, on the half, quarter or third of it),
/// how the notes' density and lengths relate to it and how salient the onsets on its beats are; a linear score of
/// those features, fitted on POP909 songs 001–400 (see docs/notation.md), picks the candidate.
/// </summary>
internal static class MetricLevel
{
    /// <summary>The number of features per candidate.</summary>
    public const int FeatureCount = 14;

    /// <summary>The features of one candidate beat sequence (at least two beats) over the notes and their onset curve.</summary>
    public static double[] Features(IReadOnlyList<Note> notes, IReadOnlyList<double> beats, double[] envelope)
    {
        double on = 0, half = 0, quarter = 0, third = 0, total = 0, bassOn = 0, bassTotal = 0;
        int inside = 0, bassCount = 0;
        var durations = new List<double>();
        foreach (Note n in notes)
        {
            (int beat, double phase) = MeterEstimator.Locate(beats, n.Onset);
            if (beat < 0 || n.Onset > beats[^1] + (beats[^1] - beats[^2]))
            {
                continue;
            }

            inside++;
            double period = beat + 1 < beats.Count ? beats[beat + 1] - beats[beat] : beats[beat] - beats[beat - 1];
            double tolerance = Math.Min(0.12, 0.05 / period);
            double w = OnsetEnvelope.Weight(n);
            total += w;
            double d = Math.Min(phase, 1 - phase);
            bool bass = n.Pitch < 55;
            if (bass)
            {
                bassTotal += w;
                bassCount++;
            }

            if (d < tolerance)
            {
                on += w;
                if (bass)
                {
                    bassOn += w;
                }
            }
            else if (Math.Abs(phase - 0.5) < tolerance)
            {
                half += w;
            }
            else if (Math.Abs(phase - 0.25) < tolerance || Math.Abs(phase - 0.75) < tolerance)
            {
                quarter += w;
            }
            else if (Math.Abs(phase - (1 / 3.0)) < tolerance || Math.Abs(phase - (2 / 3.0)) < tolerance)
            {
                third += w;
            }

            durations.Add(Math.Max(n.Duration, 0.01) / period);
        }

        double bpm = 60 * (beats.Count - 1) / (beats[^1] - beats[0]);
        double l = Math.Log2(bpm / 90);
        total = Math.Max(total, 1e-9);
        durations.Sort();
        double medianDuration = durations.Count > 0 ? durations[durations.Count / 2] : 1;
        double seconds = Math.Max(beats[^1] - beats[0], 1);
        double notesPerSecond = Math.Max(inside, 1) / seconds;

        // Salience: the onset curve at the beats against half-way between them.
        double atBeats = 0, atHalves = 0;
        for (int i = 0; i + 1 < beats.Count; i++)
        {
            atBeats += Peak(envelope, beats[i]);
            atHalves += Peak(envelope, 0.5 * (beats[i] + beats[i + 1]));
        }

        atBeats /= beats.Count - 1;
        atHalves /= beats.Count - 1;
        return
        [
            l,
            l * l,
            on / total,
            half / total,
            quarter / total,
            third / total,
            bassTotal > 0 ? bassOn / bassTotal : 0.5,
            l * Math.Log2(notesPerSecond / 6),
            l * Math.Log2(medianDuration),
            Math.Log2(medianDuration),
            atBeats - atHalves,
            l * l * l,
            l * Math.Log2(Math.Max(HarmonyChanges(notes, beats), 1) / seconds / 0.5),
            l * Math.Log2(Math.Max(bassCount, 1) / seconds / 2),
        ];
    }

    // The linear score over the features (log2 of bpm/90, its square, its products with log2(notes per second / 6),
    // log2(median note length in beats) and log2(harmony changes per second / 0.5)); fitted (multinomial logistic over the three candidates) on POP909 songs
    // 001–400 from the reference notes (90 s) and 001–397 step 4 rendered and transcribed (60 s).
    private static readonly (int Feature, double Weight)[] Weights = [(0, -1.805), (1, -2.908), (7, 2.208), (8, -0.831), (12, -0.500)];

    /// <summary>The score of a candidate's features: the candidate with the highest score is taken as the beat.</summary>
    public static double Score(double[] features)
    {
        double s = 0;
        foreach ((int f, double w) in Weights)
        {
            s += w * features[f];
        }

        return s;
    }

    // Fitted (logistic regression on the feature differences between a grid and its off-beats, weighted by the
    // beat F-measure at stake) on POP909 songs 001–400, reference notes, and 001–397 step 4 transcribed; the onset
    // share, long notes and onset curve added nothing once these two were in.
    private static readonly double[] PhaseWeights = [6.534, 16.605];

    /// <summary>The score of the phase features of a beat grid: of a grid and its off-beats, the higher scores as the beat.</summary>
    public static double PhaseScore(double[] features)
    {
        double s = 0;
        for (int i = 0; i < PhaseWeights.Length; i++)
        {
            s += PhaseWeights[i] * features[i];
        }

        return s;
    }

    /// <summary>The number of phase features.</summary>
    public const int PhaseFeatureCount = 2;

    /// <summary>
    /// Features telling the beats from the off-beats (the same grid shifted by half a beat): the share of the bass
    /// onsets (below G3) on the beats rather than half-way, and the harmony change across the beats against across
    /// the half-way points (pitch classes of the half beat before against the half beat after, mean per beat).
    /// </summary>
    public static double[] PhaseFeatures(IReadOnlyList<Note> notes, IReadOnlyList<double> beats)
    {
        double bassOn = 0, bassHalf = 0;
        foreach (Note n in notes)
        {
            (int beat, double phase) = MeterEstimator.Locate(beats, n.Onset);
            if (beat < 0 || n.Pitch >= 55)
            {
                continue;
            }

            double period = beat + 1 < beats.Count ? beats[beat + 1] - beats[beat] : beats[beat] - beats[beat - 1];
            double tolerance = Math.Min(0.12, 0.05 / period);
            double w = OnsetEnvelope.Weight(n);
            bassOn += Math.Min(phase, 1 - phase) < tolerance ? w : 0;
            bassHalf += Math.Abs(phase - 0.5) < tolerance ? w : 0;
        }

        // Harmony: pitch classes sounding in each half beat; the change across each beat against across each half-way point.
        var halves = new List<double>(2 * beats.Count);
        for (int i = 0; i + 1 < beats.Count; i++)
        {
            halves.Add(beats[i]);
            halves.Add(0.5 * (beats[i] + beats[i + 1]));
        }

        halves.Add(beats[^1]);
        double[][] chroma = Chroma(notes, halves);
        double changeOn = 0, changeHalf = 0;
        for (int i = 2; i + 2 <= chroma.Length; i++)
        {
            double[] before = Sum(chroma[i - 2], chroma[i - 1]), after = Sum(chroma[i], chroma[Math.Min(i + 1, chroma.Length - 1)]);
            double c = 1 - MeterEstimator.Cosine(before, after);
            if (i % 2 == 0)
            {
                changeOn += c;
            }
            else
            {
                changeHalf += c;
            }
        }

        return [Share(bassOn, bassHalf), (changeOn - changeHalf) / Math.Max(beats.Count - 1, 1)];
    }

    /// <summary>The beats shifted by half a beat: the midpoints, with one before the first beat where it fits.</summary>
    public static List<double> OffBeats(IReadOnlyList<double> beats)
    {
        var shifted = new List<double>(beats.Count + 1);
        double first = beats[0] - (0.5 * (beats[1] - beats[0]));
        if (first >= 0)
        {
            shifted.Add(first);
        }

        for (int i = 0; i + 1 < beats.Count; i++)
        {
            shifted.Add(0.5 * (beats[i] + beats[i + 1]));
        }

        shifted.Add(beats[^1] + (0.5 * (beats[^1] - beats[^2])));
        return shifted;
    }

    private static double Share(double a, double b) => a + b > 0 ? a / (a + b) : 0.5;

    private static double[] Sum(double[] a, double[] b)
    {
        double[] s = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            s[i] = a[i] + b[i];
        }

        return s;
    }

    /// <summary>Per span between consecutive grid times, the pitch classes sounding there, weighted by time (bass double).</summary>
    private static double[][] Chroma(IReadOnlyList<Note> notes, IReadOnlyList<double> grid)
    {
        int count = grid.Count;
        double[][] chroma = new double[count][];
        for (int i = 0; i < count; i++)
        {
            chroma[i] = new double[12];
        }

        foreach (Note n in notes)
        {
            (int beat, _) = MeterEstimator.Locate(grid, n.Onset);
            for (int b = Math.Max(beat, 0); b < count - 1 && grid[b] < n.Offset; b++)
            {
                double overlap = Math.Min(n.Offset, grid[b + 1]) - Math.Max(n.Onset, grid[b]);
                if (overlap > 0)
                {
                    chroma[b][n.Pitch % 12] += overlap * (n.Pitch < 60 ? 2 : 1);
                }
            }
        }

        return chroma;
    }

    /// <summary>The number of beats whose pitch-class content differs clearly from the previous beat's.</summary>
    private static int HarmonyChanges(IReadOnlyList<Note> notes, IReadOnlyList<double> beats)
    {
        double[][] chroma = Chroma(notes, beats);
        int changes = 0;
        for (int i = 1; i < beats.Count - 1; i++)
        {
            // A clear change: both beats sound (Cosine is 1 when either is silent) and their content differs.
            if (MeterEstimator.Cosine(chroma[i], chroma[i - 1]) < 0.5)
            {
                changes++;
            }
        }

        return changes;
    }

    private static double Peak(double[] envelope, double time)
    {
        int centre = (int)Math.Round(time * OnsetEnvelope.FrameRate);
        double best = 0;
        for (int f = Math.Max(0, centre - 3); f <= Math.Min(envelope.Length - 1, centre + 3); f++)
        {
            best = Math.Max(best, envelope[f]);
        }

        return best;
    }
}
