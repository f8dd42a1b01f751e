using PianoTranscription.Decoding;

namespace PianoTranscription.Notation;

/// <summary>
/// Meter and downbeats from tracked beats: per beat, how much bass starts on it, how much the harmony changes there
/// and how strong its onsets are; the bar length and phase whose downbeats stand out most win. The beat's
/// subdivision (onsets at thirds rather than halves of the beat) tells compound meters (6/8) from simple ones.
/// </summary>
internal static class MeterEstimator
{
    /// <summary>The time signature and the index of the first downbeat among <paramref name="beats"/>.</summary>
    public static (TimeSignature Signature, int FirstDownbeat) Estimate(IReadOnlyList<Note> notes, IReadOnlyList<double> beats, BeatTrackerOptions options)
    {
        (double[][] parts, double duple, double triple) = BeatFeatures(notes, beats);
        // The bar length is chosen on the accents (bass, harmony change from the previous beat, onset strength and
        // note length); the phase within the bar on the salience fitted for downbeats.
        double[] feature = Combine(parts, AccentWeights);
        double[] downbeat = Combine(parts, DownbeatWeights);
        bool compound = triple > 2 * duple && triple > 0;
        if (options.TimeSignature is TimeSignature fixedSignature)
        {
            return (fixedSignature, BestPhase(downbeat, fixedSignature.BeatsPerBar).Phase);
        }

        int bestBar = 4;
        double bestContrast = BestPhase(feature, 4).Contrast;
        foreach (int bar in options.BeatsPerBarCandidates)
        {
            if (bar == 4 || bar < 1)
            {
                continue;
            }

            double contrast = BestPhase(feature, bar).Contrast;
            if (contrast > bestContrast * (1 + options.MeterBiasToFour) + 1e-9)
            {
                bestBar = bar;
                bestContrast = contrast;
            }
        }

        // In compound time a 2-beat accent pattern also fits 4; 6/8 is far more common than 12/8, so a bar of 4
        // whose third beat is accented nearly as much as its first is taken as two bars of 6/8.
        if (compound && bestBar == 4 && options.BeatsPerBarCandidates.Contains(2))
        {
            if (BestPhase(feature, 2).Contrast >= 0.6 * bestContrast)
            {
                bestBar = 2;
            }
        }

        TimeSignature signature = (compound, bestBar) switch
        {
            (true, 2) => TimeSignature.SixEight,
            (true, 3) => new TimeSignature(9, 8),
            (true, 4) => new TimeSignature(12, 8),
            (true, _) => new TimeSignature(3 * bestBar, 8),
            (false, _) => new TimeSignature(bestBar, 4),
        };
        return (signature, BestPhase(downbeat, bestBar).Phase);
    }

    /// <summary>
    /// Per beat, standardised: the bass starting on it, the change of harmony from the previous beat, the onset
    /// strength and the length of the notes starting on it, the change of harmony from the 2, 4 and 8 beats before
    /// it to as many from it; and the onset weight at halves and at thirds of beats.
    /// </summary>
    internal static (double[][] Parts, double Duple, double Triple) BeatFeatures(IReadOnlyList<Note> notes, IReadOnlyList<double> beats)
    {
        int count = beats.Count;
        double[] bass = new double[count];

        double[] strength = new double[count];
        double[] length = new double[count];
        double[][] chroma = new double[count][];
        for (int i = 0; i < count; i++)
        {
            chroma[i] = new double[12];
        }

        double duple = 0, triple = 0;
        foreach (Note n in notes)
        {
            (int beat, double phase) = Locate(beats, n.Onset);
            if (beat < 0)
            {
                continue;
            }

            double w = OnsetEnvelope.Weight(n);
            double period = (beat + 1 < count ? beats[beat + 1] : beats[beat] + (beats[beat] - beats[beat - 1])) - beats[beat];
            double tolerance = Math.Min(0.25, 0.06 / period);
            if (phase < tolerance || phase > 1 - tolerance)
            {
                int on = phase < tolerance ? beat : Math.Min(beat + 1, count - 1);
                strength[on] += w;
                if (n.Pitch < 55)
                {
                    bass[on] += w * (55 - n.Pitch) / 12.0;
                }

                length[on] += Math.Min(n.Duration / period, 4) * w;
            }
            else if (Math.Abs(phase - 0.5) < tolerance)
            {
                duple += w;
            }
            else if (Math.Abs(phase - (1 / 3.0)) < tolerance || Math.Abs(phase - (2 / 3.0)) < tolerance)
            {
                triple += w;
            }

            // Harmony: the pitch classes sounding in each beat, weighted by how long they sound there.
            for (int b = Math.Max(beat, 0); b < count - 1 && beats[b] < n.Offset; b++)
            {
                double overlap = Math.Min(n.Offset, beats[b + 1]) - Math.Max(n.Onset, beats[b]);
                if (overlap > 0)
                {
                    chroma[b][n.Pitch % 12] += overlap * (n.Pitch < 60 ? 2 : 1);
                }
            }
        }

        double[] change = new double[count];
        for (int i = 1; i < count; i++)
        {
            change[i] = 1 - Cosine(chroma[i], chroma[i - 1]);
        }

        double[] change2 = WindowChange(chroma, 2), change4 = WindowChange(chroma, 4), change8 = WindowChange(chroma, 8);
        return ([Standardise(bass), Standardise(change), Standardise(strength), Standardise(length), Standardise(change2), Standardise(change4),
            Standardise(change8)], duple, triple);
    }

    /// <summary>The beat an onset belongs to (the one at or before it) and its phase 0–1 in that beat; -1 before the first beat.</summary>
    public static (int Beat, double Phase) Locate(IReadOnlyList<double> beats, double time)
    {
        if (time < beats[0] - (0.25 * (beats[1] - beats[0])))
        {
            return (-1, 0);
        }

        int lo = 0, hi = beats.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (beats[mid] <= time)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (time < beats[0])
        {
            // Just before the first beat: its last quarter, phase near 1 of a virtual beat -1, counted on beat 0.
            return (0, 0);
        }

        double period = lo + 1 < beats.Count ? beats[lo + 1] - beats[lo] : beats[lo] - beats[lo - 1];
        return (lo, Math.Min((time - beats[lo]) / period, 0.9999));
    }

    private static (int Phase, double Contrast) BestPhase(double[] feature, int bar)
    {
        int best = 0;
        double bestMean = double.NegativeInfinity;
        double total = feature.Average();
        for (int phase = 0; phase < bar; phase++)
        {
            double s = 0;
            int n = 0;
            for (int i = phase; i < feature.Length; i += bar)
            {
                s += feature[i];
                n++;
            }

            double mean = n > 0 ? s / n : double.NegativeInfinity;
            if (mean > bestMean)
            {
                bestMean = mean;
                best = phase;
            }
        }

        return (best, bestMean - total);
    }

    /// <summary>Per beat i, the change of harmony from the <paramref name="span"/> beats before it to the span beats from it.</summary>
    private static double[] WindowChange(double[][] chroma, int span)
    {
        int count = chroma.Length;
        double[] change = new double[count];
        for (int i = span; i + span <= count; i++)
        {
            double[] before = new double[12], after = new double[12];
            for (int k = 0; k < span; k++)
            {
                for (int c = 0; c < 12; c++)
                {
                    before[c] += chroma[i - span + k][c];
                    after[c] += chroma[i + k][c];
                }
            }

            change[i] = 1 - Cosine(before, after);
        }

        return change;
    }

    // Weights of the standardised per-beat features (bass, harmony change from the previous beat, onset strength,
    // note length, harmony change over two beats, over four beats). The accents that choose the bar length:
    private static readonly double[] AccentWeights = [1, 1, 0.5, 0.5, 0, 0, 0];

    // The downbeat salience that chooses the phase in the bar: fitted (multinomial logistic over the four phases of a
    // 4/4 bar) on POP909 songs 001–400 (reference notes) and 001–397 step 4 (transcribed); only the onset strength and
    // the two-, four- and eight-beat harmony changes kept weight.
    private static readonly double[] DownbeatWeights = [0, 0, 0.9, 0, 1, 1, 0.45];

    private static double[] Combine(double[][] parts, double[] weights)
    {
        double[] f = new double[parts[0].Length];
        for (int p = 0; p < parts.Length; p++)
        {
            for (int i = 0; i < f.Length; i++)
            {
                f[i] += weights[p] * parts[p][i];
            }
        }

        return f;
    }

    private static double[] Standardise(double[] x)
    {
        double mean = x.Average();
        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
        return x.Select(v => sd > 1e-12 ? (v - mean) / sd : 0).ToArray();
    }

    /// <summary>The cosine of two vectors; 1 when either is all zero.</summary>
    internal static double Cosine(double[] a, double[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return aa > 0 && bb > 0 ? ab / Math.Sqrt(aa * bb) : 1;
    }
}
