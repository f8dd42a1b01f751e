namespace PianoTranscription.Notation;

/// <summary>
/// Beat period from an onset curve: a comb over the autocorrelation (the beat period and its multiples) times a
/// log-normal prior on the tempo, globally and then per window with a Viterbi path that keeps the tempo steady
/// unless the notes insist (tempo changes).
/// </summary>
internal static class TempoEstimator
{
    private const double BinStep = 0.005; // 0.5 % tempo resolution

    // Compound subdivisions (thirds of the beat) count this much of simple ones (halves): most music is in simple meter.
    private const double CompoundBias = 0.8;

    // The weight of the second level of division (sixteenths under a quarter beat) in the comb.
    private const double SecondDivisionWeight = 0.5;

    /// <summary>The beat period in frames for every frame of the curve.</summary>
    public static double[] PeriodCurve(OnsetEnvelope envelope, BeatTrackerOptions options, out double globalBpm)
    {
        double[] e = envelope.Values;
        double minBpm = options.MinBeatsPerMinute, maxBpm = options.MaxBeatsPerMinute;
        if (options.BeatsPerMinute is double fixedBpm)
        {
            minBpm = fixedBpm / 1.05;
            maxBpm = fixedBpm * 1.05;
        }

        double[] bpms = Bins(minBpm, maxBpm);
        double[] prior = bpms.Select(b => Prior(b, options)).ToArray();
        int maxLag = (int)Math.Ceiling(6 * 60 * OnsetEnvelope.FrameRate / minBpm) + 2;
        double[] global = Comb(Autocorrelation(e, 0, e.Length, maxLag), bpms);
        int best = 0;
        for (int i = 0; i < bpms.Length; i++)
        {
            if (global[i] * prior[i] > global[best] * prior[best])
            {
                best = i;
            }
        }

        globalBpm = bpms[best];
        if (options.BeatsPerMinute is double f)
        {
            globalBpm = f;
        }

        // Local tempo: windows within +-30 % of the global tempo (no octave jumps inside a piece).
        double g = globalBpm;
        double[] local = bpms.Where(b => b >= g / 1.3 && b <= g * 1.3).ToArray();
        if (options.BeatsPerMinute is not null)
        {
            local = bpms;
        }

        int window = (int)(options.TempoWindow * OnsetEnvelope.FrameRate);
        int hop = (int)(2 * OnsetEnvelope.FrameRate);
        var centres = new List<int>();
        var scores = new List<double[]>();
        if (e.Length <= window || local.Length < 2)
        {
            return Enumerable.Repeat(60 * OnsetEnvelope.FrameRate / globalBpm, e.Length).ToArray();
        }

        for (int start = 0; start + window <= e.Length + hop - 1; start += hop)
        {
            int s = Math.Min(start, e.Length - window);
            double[] comb = Comb(Autocorrelation(e, s, window, maxLag), local);
            double max = comb.Max();
            scores.Add(comb.Select(c => max > 0 ? Math.Max(c, 0) / max : 1).ToArray());
            centres.Add(s + (window / 2));
            if (s == e.Length - window)
            {
                break;
            }
        }

        int[] path = Viterbi(scores, local, globalBpm, options.TempoChangePenalty);
        double[] period = new double[e.Length];
        for (int t = 0; t < e.Length; t++)
        {
            // Linear interpolation of the period between window centres.
            int j = 0;
            while (j + 1 < centres.Count && centres[j + 1] <= t)
            {
                j++;
            }

            double p0 = 60 * OnsetEnvelope.FrameRate / local[path[j]];
            if (t <= centres[0] || j + 1 >= centres.Count)
            {
                period[t] = p0;
                continue;
            }

            double p1 = 60 * OnsetEnvelope.FrameRate / local[path[j + 1]];
            double a = (t - centres[j]) / (double)(centres[j + 1] - centres[j]);
            period[t] = p0 + (a * (p1 - p0));
        }

        return period;
    }

    private static double[] Bins(double minBpm, double maxBpm)
    {
        var bins = new List<double>();
        for (double b = minBpm; b <= maxBpm * 1.0001; b *= 1 + BinStep)
        {
            bins.Add(b);
        }

        return bins.ToArray();
    }

    private static double Prior(double bpm, BeatTrackerOptions options)
    {
        double d = Math.Log2(bpm / options.PriorBeatsPerMinute) / options.PriorWidthOctaves;
        return Math.Exp(-0.5 * d * d);
    }

    private static double[] Autocorrelation(double[] e, int start, int length, int maxLag)
    {
        double mean = 0;
        for (int i = start; i < start + length; i++)
        {
            mean += e[i];
        }

        mean /= length;
        double[] ac = new double[maxLag + 1];
        for (int lag = 0; lag <= maxLag && lag < length; lag++)
        {
            double s = 0;
            for (int i = start; i + lag < start + length; i++)
            {
                s += (e[i] - mean) * (e[i + lag] - mean);
            }

            ac[lag] = s / length;
        }

        return ac;
    }

    /// <summary>
    /// Comb score per tempo bin: the autocorrelation at the period plus the better of its duple (2, 4 periods) and
    /// triple (3, 6 periods) multiples, i.e. the beat must also line up with a plausible bar, plus the better of
    /// its simple (1/2, and half-weighted 1/4) and, discounted, compound (1/3, 1/6) subdivisions. This keeps a syncopated 3+3+2
    /// pattern (dotted eighths over sixteenths) from passing as the beat.
    /// </summary>
    private static double[] Comb(double[] ac, double[] bpms)
    {
        double[] score = new double[bpms.Length];
        for (int i = 0; i < bpms.Length; i++)
        {
            double lag = 60 * OnsetEnvelope.FrameRate / bpms[i];
            double duple = At(ac, 2 * lag) + At(ac, 4 * lag);
            double triple = At(ac, 3 * lag) + At(ac, 6 * lag);
            double simpleDivision = At(ac, lag / 2) + (SecondDivisionWeight * At(ac, lag / 4));
            double compoundDivision = At(ac, lag / 3) + (SecondDivisionWeight * At(ac, lag / 6));
            score[i] = At(ac, lag) + Math.Max(duple, triple) + Math.Max(simpleDivision, CompoundBias * compoundDivision);
        }

        return score;
    }

    /// <summary>The autocorrelation at a fractional lag: the peak within half a frame per multiple (peaks are narrow).</summary>
    private static double At(double[] ac, double lag)
    {
        int lo = (int)Math.Floor(lag);
        if (lo + 1 >= ac.Length)
        {
            return 0;
        }

        double a = lag - lo;
        return ((1 - a) * ac[lo]) + (a * ac[lo + 1]);
    }

    private static int[] Viterbi(List<double[]> scores, double[] bpms, double globalBpm, double penaltyPerPercent)
    {
        int n = scores.Count, m = bpms.Length;
        double[] cost = new double[m];
        int[,] back = new int[n, m];
        for (int b = 0; b < m; b++)
        {
            cost[b] = -Math.Log(Math.Max(scores[0][b], 1e-3)) + (0.2 * Math.Abs(Math.Log(bpms[b] / globalBpm)) / 0.01 * penaltyPerPercent);
        }

        for (int w = 1; w < n; w++)
        {
            double[] next = new double[m];
            for (int b = 0; b < m; b++)
            {
                double bestCost = double.PositiveInfinity;
                int arg = b;
                for (int p = 0; p < m; p++)
                {
                    double c = cost[p] + (Math.Abs(p - b) * BinStep * 100 * penaltyPerPercent);
                    if (c < bestCost)
                    {
                        bestCost = c;
                        arg = p;
                    }
                }

                next[b] = bestCost - Math.Log(Math.Max(scores[w][b], 1e-3));
                back[w, b] = arg;
            }

            cost = next;
        }

        int[] path = new int[n];
        path[n - 1] = Array.IndexOf(cost, cost.Min());
        for (int w = n - 1; w > 0; w--)
        {
            path[w - 1] = back[w, path[w]];
        }

        return path;
    }
}
