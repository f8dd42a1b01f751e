namespace PianoTranscription.Features;

/// <summary>
/// A sparse triangular filterbank over the <c>windowSize / 2 + 1</c> STFT bins: every output bin keeps only the
/// contiguous run of FFT bins where its weights are non-zero (start index + weights), so applying it costs the sum
/// of the filter widths rather than bins × FFT bins.
/// </summary>
internal sealed class Filterbank
{
    private Filterbank(int fftBins, int[] starts, int[] offsets, float[] weights, double[] centres)
    {
        FftBins = fftBins;
        Starts = starts;
        Offsets = offsets;
        Weights = weights;
        Centres = centres;
    }

    /// <summary>Number of input (FFT) bins.</summary>
    public int FftBins { get; }

    /// <summary>Number of output bins.</summary>
    public int BinCount => Starts.Length;

    /// <summary>First FFT bin of each filter.</summary>
    public int[] Starts { get; }

    /// <summary>Filter <c>b</c>'s weights are <c>Weights[Offsets[b]..Offsets[b + 1]]</c>; length <c>BinCount + 1</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>All filters' weights, concatenated.</summary>
    public float[] Weights { get; }

    /// <summary>Centre frequency of each output bin in Hz.</summary>
    public double[] Centres { get; }

    /// <summary>True for the identity (linear) layout, which is applied as a copy.</summary>
    public bool IsIdentity { get; private init; }

    /// <summary>Applies the filterbank: <paramref name="output"/>[b] = Σ weights · <paramref name="spectrum"/>.</summary>
    /// <remarks>A plain loop in a fixed order, so results do not depend on buffer alignment (streams and batch agree bit for bit).</remarks>
    public void Apply(ReadOnlySpan<float> spectrum, Span<float> output)
    {
        if (IsIdentity)
        {
            spectrum.CopyTo(output);
            return;
        }

        float[] weights = Weights;
        int[] offsets = Offsets;
        int[] starts = Starts;
        for (int b = 0; b < starts.Length; b++)
        {
            int from = offsets[b];
            int count = offsets[b + 1] - from;
            ReadOnlySpan<float> w = weights.AsSpan(from, count);
            ReadOnlySpan<float> s = spectrum.Slice(starts[b], count);
            float sum = 0f;
            for (int i = 0; i < w.Length; i++)
            {
                sum += w[i] * s[i];
            }

            output[b] = sum;
        }
    }

    /// <summary>The raw STFT bins, 0 Hz to Nyquist.</summary>
    public static Filterbank Linear(int sampleRate, int windowSize)
    {
        int fftBins = (windowSize / 2) + 1;
        var centres = new double[fftBins];
        for (int k = 0; k < fftBins; k++)
        {
            centres[k] = (double)k * sampleRate / windowSize;
        }

        var starts = new int[fftBins];
        var offsets = new int[fftBins + 1];
        var weights = new float[fftBins];
        for (int k = 0; k < fftBins; k++)
        {
            starts[k] = k;
            offsets[k + 1] = k + 1;
            weights[k] = 1f;
        }

        return new Filterbank(fftBins, starts, offsets, weights, centres) { IsIdentity = true };
    }

    /// <summary>Number of bins of a log-frequency filterbank: centres <c>minHz·2^(k / (12·binsPerSemitone))</c> up to <paramref name="maxHz"/>.</summary>
    public static int LogFrequencyBinCount(int binsPerSemitone, double minHz, double maxHz) =>
        (int)Math.Floor((12.0 * binsPerSemitone * Math.Log2(maxHz / minHz)) + 1e-9) + 1;

    /// <summary>
    /// Log-frequency triangles: filter k is centred on <c>f_k = minHz·2^(k/(12·bps))</c> and rises from <c>f_(k-1)</c>,
    /// falls to <c>f_(k+1)</c>; where that is narrower than the FFT bin spacing Δ the feet widen to <c>f_k ∓ Δ</c>
    /// (so a low filter interpolates between its two nearest FFT bins instead of missing them all). Each filter's
    /// weights are then scaled to sum to 1.
    /// </summary>
    public static Filterbank LogFrequency(int sampleRate, int windowSize, int binsPerSemitone, double minHz, double maxHz)
    {
        int count = LogFrequencyBinCount(binsPerSemitone, minHz, maxHz);
        double step = 1.0 / (12.0 * binsPerSemitone);
        double delta = (double)sampleRate / windowSize;
        var lower = new double[count];
        var centre = new double[count];
        var upper = new double[count];
        for (int k = 0; k < count; k++)
        {
            double f = minHz * Math.Pow(2.0, k * step);
            centre[k] = f;
            lower[k] = Math.Min(minHz * Math.Pow(2.0, (k - 1) * step), f - delta);
            upper[k] = Math.Max(minHz * Math.Pow(2.0, (k + 1) * step), f + delta);
        }

        return Triangles(sampleRate, windowSize, lower, centre, upper, normaliseSum: true, areaScale: null);
    }

    /// <summary>Slaney mel scale (linear below 1 kHz, logarithmic above), as librosa's <c>hz_to_mel(htk=False)</c>.</summary>
    public static double HzToMel(double hz) => hz < 1000.0 ? hz / (200.0 / 3.0) : 15.0 + (Math.Log(hz / 1000.0) / (Math.Log(6.4) / 27.0));

    /// <summary>Inverse of <see cref="HzToMel"/>.</summary>
    public static double MelToHz(double mel) => mel < 15.0 ? mel * (200.0 / 3.0) : 1000.0 * Math.Exp((Math.Log(6.4) / 27.0) * (mel - 15.0));

    /// <summary>
    /// Mel triangles as librosa's <c>filters.mel(htk=False, norm="slaney")</c>: <c>bins + 2</c> points evenly spaced
    /// in mel between the limits, filter k spanning points k..k+2, scaled by <c>2 / (f_(k+2) - f_k)</c>.
    /// </summary>
    public static Filterbank Mel(int sampleRate, int windowSize, int bins, double minHz, double maxHz)
    {
        double melMin = HzToMel(minHz);
        double melMax = HzToMel(maxHz);
        var points = new double[bins + 2];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = MelToHz(melMin + ((melMax - melMin) * i / (bins + 1)));
        }

        var lower = new double[bins];
        var centre = new double[bins];
        var upper = new double[bins];
        var area = new double[bins];
        for (int k = 0; k < bins; k++)
        {
            lower[k] = points[k];
            centre[k] = points[k + 1];
            upper[k] = points[k + 2];
            area[k] = 2.0 / (points[k + 2] - points[k]);
        }

        return Triangles(sampleRate, windowSize, lower, centre, upper, normaliseSum: false, areaScale: area);
    }

    private static Filterbank Triangles(int sampleRate, int windowSize, double[] lower, double[] centre, double[] upper, bool normaliseSum, double[]? areaScale)
    {
        int fftBins = (windowSize / 2) + 1;
        int count = centre.Length;
        var starts = new int[count];
        var offsets = new int[count + 1];
        var all = new List<float>(fftBins * 4);
        var row = new double[fftBins];
        for (int b = 0; b < count; b++)
        {
            int first = -1;
            int last = -1;
            double sum = 0;
            for (int k = 0; k < fftBins; k++)
            {
                double f = (double)k * sampleRate / windowSize;
                double rise = (f - lower[b]) / (centre[b] - lower[b]);
                double fall = (upper[b] - f) / (upper[b] - centre[b]);
                double w = Math.Max(0.0, Math.Min(rise, fall));
                row[k] = w;
                if (w > 0)
                {
                    if (first < 0)
                    {
                        first = k;
                    }

                    last = k;
                    sum += w;
                }
            }

            double scale = areaScale is not null ? areaScale[b] : 1.0;
            if (normaliseSum && sum > 0)
            {
                scale /= sum;
            }

            if (first < 0)
            {
                // An empty filter (narrower than the FFT resolution, possible for mel): keep one zero weight.
                first = Math.Clamp((int)Math.Round(centre[b] * windowSize / sampleRate), 0, fftBins - 1);
                last = first;
            }

            starts[b] = first;
            for (int k = first; k <= last; k++)
            {
                all.Add((float)(row[k] * scale));
            }

            offsets[b + 1] = all.Count;
        }

        return new Filterbank(fftBins, starts, offsets, all.ToArray(), (double[])centre.Clone());
    }
}
