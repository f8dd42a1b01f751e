using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace PianoTranscription.Features;

/// <summary>
/// The per-frame computation of a <see cref="Featurizer"/>: Hann window, real FFT (MathNet's complex FFT of half
/// length on the even/odd samples packed as complex numbers, then the standard split step), magnitude or power,
/// sparse filterbank, compression and per-bin normalisation. Immutable and shared; every caller brings its own
/// <see cref="Scratch"/>, so no frame allocates.
/// </summary>
internal sealed class FeatureKernel
{
    private readonly float[] _window;
    private readonly float[] _splitCos;
    private readonly float[] _splitSin;
    private readonly float[] _twiddleCos;
    private readonly float[] _twiddleSin;
    private readonly float[]? _mean;
    private readonly float[]? _inverseStd;
    private readonly SpectrumCompression _compression;
    private readonly float _floorPower;
    private readonly float _log1pScale;
    private readonly System.Collections.Concurrent.ConcurrentBag<Scratch> _pool = [];

    public FeatureKernel(Featurizer f)
    {
        WindowSize = f.WindowSize;
        int n = f.WindowSize;
        int half = n / 2;
        _window = new float[n];
        for (int i = 0; i < n; i++)
        {
            // Periodic Hann (scipy.signal.get_window('hann', n, fftbins=True)).
            _window[i] = (float)(0.5 - (0.5 * Math.Cos(2.0 * Math.PI * i / n)));
        }

        // MathNet's managed FFT runs lengths of 1024 and more through Parallel.ForEach on every butterfly level,
        // which costs several times the arithmetic for one frame; so an even half-length is computed as two
        // MathNet FFTs of a quarter of the window (sequential path) joined by one radix-2 decimation-in-time step.
        UseSplit = half >= 1024 && half % 2 == 0;
        int quarter = half / 2;
        _splitCos = new float[UseSplit ? quarter : 0];
        _splitSin = new float[UseSplit ? quarter : 0];
        for (int k = 0; k < _splitCos.Length; k++)
        {
            double angle = 2.0 * Math.PI * k / half;
            _splitCos[k] = (float)Math.Cos(angle);
            _splitSin[k] = (float)Math.Sin(angle);
        }

        _twiddleCos = new float[half + 1];
        _twiddleSin = new float[half + 1];
        for (int k = 0; k <= half; k++)
        {
            double angle = 2.0 * Math.PI * k / n;
            _twiddleCos[k] = (float)Math.Cos(angle);
            _twiddleSin[k] = (float)Math.Sin(angle);
        }

        Filterbank = f.Scale switch
        {
            FrequencyScale.Mel => Filterbank.Mel(f.SampleRate, n, f.MelBins, f.MinHz, f.MaxHz),
            FrequencyScale.LogFrequency => Filterbank.LogFrequency(f.SampleRate, n, f.BinsPerSemitone, f.MinHz, f.MaxHz),
            _ => Filterbank.Linear(f.SampleRate, n),
        };

        _compression = f.Compression;
        _floorPower = (float)Math.Pow(10.0, f.FloorDb / 10.0);
        _log1pScale = (float)f.Log1pScale;
        if (f.Normalization == FeatureNormalization.MeanVariance)
        {
            _mean = f.NormalizationMean.ToArray();
            _inverseStd = f.NormalizationStd.Select(s => 1f / s).ToArray();
        }
    }

    public int WindowSize { get; }

    /// <summary>True when the half-length FFT is done as two quarter-length MathNet FFTs plus one radix-2 step.</summary>
    public bool UseSplit { get; }

    public Filterbank Filterbank { get; }

    public int BinCount => Filterbank.BinCount;

    public Scratch CreateScratch() => new(WindowSize, Filterbank.FftBins, UseSplit);

    /// <summary>Takes a scratch from this kernel's pool (or a new one); give it back with <see cref="ReturnScratch"/>.</summary>
    public Scratch RentScratch() => _pool.TryTake(out Scratch? scratch) ? scratch : CreateScratch();

    /// <summary>Returns a scratch to the pool (kept for the next <see cref="RentScratch"/>, at most a few).</summary>
    public void ReturnScratch(Scratch scratch)
    {
        if (_pool.Count < 2 * Environment.ProcessorCount)
        {
            _pool.Add(scratch);
        }
    }

    /// <summary>
    /// Computes one frame of features from <paramref name="frame"/> (exactly <see cref="WindowSize"/> raw samples,
    /// zero padding already in place) into <paramref name="output"/> (<see cref="BinCount"/> values).
    /// </summary>
    public void ComputeFrame(ReadOnlySpan<float> frame, Span<float> output, Scratch scratch)
    {
        Complex32[] packed = scratch.Packed;
        if (UseSplit)
        {
            TensorPrimitives.Multiply(frame, _window, scratch.Windowed);
            HalfLengthFftBySplit(scratch);
        }
        else
        {
            Span<float> interleaved = MemoryMarshal.Cast<Complex32, float>(packed.AsSpan());
            TensorPrimitives.Multiply(frame, _window, interleaved);
            Fourier.Forward(packed, FourierOptions.NoScaling);
        }

        Span<float> spectrum = scratch.Spectrum;
        SplitToPower(packed, spectrum);
        bool magnitudeDomain = _compression is SpectrumCompression.Magnitude or SpectrumCompression.Log1p;
        if (magnitudeDomain)
        {
            TensorPrimitives.Sqrt(spectrum, spectrum);
        }

        Filterbank.Apply(spectrum, output);

        switch (_compression)
        {
            case SpectrumCompression.Decibels:
                TensorPrimitives.Max(output, _floorPower, output);
                TensorPrimitives.Log10(output, output);
                TensorPrimitives.Multiply(output, 10f, output);
                break;
            case SpectrumCompression.Log1p:
                TensorPrimitives.Multiply(output, _log1pScale, output);
                TensorPrimitives.LogP1(output, output);
                break;
        }

        if (_mean is not null)
        {
            TensorPrimitives.Subtract(output, _mean, output);
            TensorPrimitives.Multiply(output, _inverseStd!, output);
        }
    }

    /// <summary>
    /// Computes <c>Z = FFT_M(z)</c> of the packed samples <c>z[m] = x[2m] + i·x[2m+1]</c> (windowed samples in
    /// <c>scratch.Windowed</c>) as <c>Z[k] = E[k] + w^k·O[k]</c>, <c>Z[k + M/2] = E[k] - w^k·O[k]</c> where E and O are
    /// MathNet FFTs of the even- and odd-indexed <c>z</c> and <c>w = e^(-2πi/M)</c>.
    /// </summary>
    private void HalfLengthFftBySplit(Scratch scratch)
    {
        Complex32[] even = scratch.Even!;
        Complex32[] odd = scratch.Odd!;
        ReadOnlySpan<ulong> pairs = MemoryMarshal.Cast<float, ulong>(scratch.Windowed.AsSpan());
        Span<ulong> evenBits = MemoryMarshal.Cast<Complex32, ulong>(even.AsSpan());
        Span<ulong> oddBits = MemoryMarshal.Cast<Complex32, ulong>(odd.AsSpan());
        for (int m = 0; m < evenBits.Length; m++)
        {
            evenBits[m] = pairs[2 * m];
            oddBits[m] = pairs[(2 * m) + 1];
        }

        Fourier.Forward(even, FourierOptions.NoScaling);
        Fourier.Forward(odd, FourierOptions.NoScaling);

        Complex32[] z = scratch.Packed;
        int quarter = even.Length;
        for (int k = 0; k < quarter; k++)
        {
            Complex32 e = even[k];
            Complex32 o = odd[k];
            float c = _splitCos[k];
            float s = _splitSin[k];
            float tRe = (c * o.Real) + (s * o.Imaginary);
            float tIm = (c * o.Imaginary) - (s * o.Real);
            z[k] = new Complex32(e.Real + tRe, e.Imaginary + tIm);
            z[k + quarter] = new Complex32(e.Real - tRe, e.Imaginary - tIm);
        }
    }

    /// <summary>
    /// Turns the half-length complex FFT <c>Z</c> of <c>z[m] = x[2m] + i·x[2m+1]</c> into the power
    /// <c>|X[k]|²</c> of the real signal's spectrum for <c>k = 0..N/2</c>:
    /// <c>X[k] = E[k] + e^(-2πik/N)·O[k]</c> with <c>E = (Z[k] + conj Z[M-k]) / 2</c>, <c>O = (Z[k] - conj Z[M-k]) / 2i</c>.
    /// </summary>
    private void SplitToPower(Complex32[] z, Span<float> power)
    {
        int m = z.Length;
        for (int k = 0; k <= m; k++)
        {
            Complex32 a = z[k == m ? 0 : k];
            Complex32 b = z[k == 0 ? 0 : m - k];
            float eRe = 0.5f * (a.Real + b.Real);
            float eIm = 0.5f * (a.Imaginary - b.Imaginary);
            float dRe = a.Real - b.Real;
            float dIm = a.Imaginary + b.Imaginary;
            float oRe = 0.5f * dIm;
            float oIm = -0.5f * dRe;
            float c = _twiddleCos[k];
            float s = _twiddleSin[k];
            float re = eRe + ((c * oRe) + (s * oIm));
            float im = eIm + ((c * oIm) - (s * oRe));
            power[k] = (re * re) + (im * im);
        }
    }

    /// <summary>Working buffers for one thread: reused for every frame that thread computes.</summary>
    internal sealed class Scratch
    {
        public Scratch(int windowSize, int fftBins, bool split)
        {
            Packed = new Complex32[windowSize / 2];
            if (split)
            {
                Even = new Complex32[windowSize / 4];
                Odd = new Complex32[windowSize / 4];
            }

            Spectrum = new float[fftBins];
            Frame = new float[windowSize];
            Windowed = new float[windowSize];
        }

        public Complex32[] Packed { get; }

        public Complex32[]? Even { get; }

        public Complex32[]? Odd { get; }

        public float[] Spectrum { get; }

        /// <summary>A window-sized buffer for assembling zero-padded frames at the clip edges.</summary>
        public float[] Frame { get; }

        /// <summary>The windowed frame, before it is packed for the FFT.</summary>
        public float[] Windowed { get; }
    }
}
