using System.Globalization;
using PianoTranscription.Audio;

namespace PianoTranscription.Features;

/// <summary>
/// An immutable description of how audio becomes a <see cref="Spectrogram"/>: sample rate, STFT framing (periodic Hann
/// window), frequency layout (linear, mel or log-frequency filterbank), compression and normalisation. Every
/// configuration step returns a new featurizer, so instances can be shared freely between threads:
/// <code>
/// Spectrogram s = Featurizer.ForSampleRate(16000)
///     .Stft(windowSize: 2048, hop: 512)
///     .LogMel(bins: 229, minHz: 30, maxHz: 8000)
///     .Compute(clip);
/// </code>
/// </summary>
/// <remarks>
/// <para>Frames are "centred" by default: frame <c>t</c> is centred on sample <c>t·hop</c> with zeros beyond the clip,
/// giving <c>floor(N / hop) + 1</c> frames. Uncentred frames start at <c>t·hop</c> and only whole windows are used.</para>
/// <para>The whole configuration round-trips through <see cref="ToJson"/> / <see cref="FromJson"/>.</para>
/// <para>Clips must already have the featurizer's sample rate; <see cref="Compute(AudioClip)"/> throws otherwise.</para>
/// </remarks>
public sealed partial class Featurizer : IEquatable<Featurizer>
{
    private const int MaxWindowSize = 1 << 16;
    private static readonly float[] NoStatistics = [];
    private readonly Lazy<FeatureKernel> _kernel;
    private float[] _mean = NoStatistics;
    private float[] _std = NoStatistics;

    private Featurizer(int sampleRate)
    {
        SampleRate = sampleRate;
        _kernel = new Lazy<FeatureKernel>(() => new FeatureKernel(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The default model's features: 16 kHz, Hann window 2048, hop 320 (50 frames/s), centred zero-padded frames,
    /// log-frequency filterbank with 2 bins per semitone from 27.5 Hz to 8000 Hz (197 bins), <c>ln(1 + m)</c>.
    /// </summary>
    public static Featurizer PianoDefault { get; } = ForSampleRate(16000)
        .Stft(windowSize: 2048, hop: 320)
        .LogFrequency(binsPerSemitone: 2, minHz: 27.5, maxHz: 8000)
        .Log1p();

    /// <summary>Samples per second the featurizer expects.</summary>
    public int SampleRate { get; }

    /// <summary>STFT window (and FFT) length in samples.</summary>
    public int WindowSize { get; private set; } = 2048;

    /// <summary>Samples between the starts of consecutive frames.</summary>
    public int HopSize { get; private set; } = 512;

    /// <summary>True when frame <c>t</c> is centred on sample <c>t·hop</c> (zero padding at both ends).</summary>
    public bool Centered { get; private set; } = true;

    /// <summary>The frequency layout of the output bins.</summary>
    public FrequencyScale Scale { get; private set; } = FrequencyScale.Linear;

    /// <summary>Number of mel bins (only used with <see cref="FrequencyScale.Mel"/>).</summary>
    public int MelBins { get; private set; } = 229;

    /// <summary>Bins per semitone (only used with <see cref="FrequencyScale.LogFrequency"/>).</summary>
    public int BinsPerSemitone { get; private set; } = 2;

    /// <summary>Lowest filter frequency in Hz (mel: lower edge of the first filter; log-frequency: centre of the first bin).</summary>
    public double MinHz { get; private set; }

    /// <summary>Highest filter frequency in Hz (mel: upper edge of the last filter; log-frequency: no bin centre lies above it).</summary>
    public double MaxHz { get; private set; }

    /// <summary>How filtered values are compressed.</summary>
    public SpectrumCompression Compression { get; private set; } = SpectrumCompression.Magnitude;

    /// <summary>The decibel floor (only used with <see cref="SpectrumCompression.Decibels"/>).</summary>
    public double FloorDb { get; private set; } = -100;

    /// <summary>The multiplier inside <c>ln(1 + scale·m)</c> (only used with <see cref="SpectrumCompression.Log1p"/>).</summary>
    public double Log1pScale { get; private set; } = 1;

    /// <summary>How compressed values are normalised.</summary>
    public FeatureNormalization Normalization { get; private set; } = FeatureNormalization.None;

    /// <summary>Per-bin means for <see cref="FeatureNormalization.MeanVariance"/> (empty otherwise).</summary>
    public IReadOnlyList<float> NormalizationMean => Array.AsReadOnly(_mean);

    /// <summary>Per-bin standard deviations for <see cref="FeatureNormalization.MeanVariance"/> (empty otherwise).</summary>
    public IReadOnlyList<float> NormalizationStd => Array.AsReadOnly(_std);

    /// <summary>Number of values per frame.</summary>
    public int BinCount => Scale switch
    {
        FrequencyScale.Mel => MelBins,
        FrequencyScale.LogFrequency => Filterbank.LogFrequencyBinCount(BinsPerSemitone, MinHz, MaxHz),
        _ => (WindowSize / 2) + 1,
    };

    /// <summary>Centre frequency in Hz of every output bin.</summary>
    public IReadOnlyList<double> BinFrequencies => Array.AsReadOnly(Kernel.Filterbank.Centres);

    /// <summary>Frames per second (<c>SampleRate / HopSize</c>).</summary>
    public double FrameRate => (double)SampleRate / HopSize;

    internal FeatureKernel Kernel => _kernel.Value;

    /// <summary>Starts a configuration for audio at <paramref name="sampleRate"/>: window 2048, hop 512, centred, linear bins, magnitudes.</summary>
    /// <param name="sampleRate">Samples per second, 1000 to 384000.</param>
    /// <returns>A new featurizer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is out of range.</exception>
    public static Featurizer ForSampleRate(int sampleRate)
    {
        if (sampleRate is < 1000 or > 384_000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sampleRate must be between 1000 and 384000 Hz.");
        }

        return new Featurizer(sampleRate) { MinHz = 0, MaxHz = sampleRate / 2.0 };
    }

    /// <summary>Sets the STFT framing.</summary>
    /// <param name="windowSize">Window and FFT length in samples: even, 16 to 65536 (powers of two are much faster).</param>
    /// <param name="hop">Samples between frames: 1 to <paramref name="windowSize"/>.</param>
    /// <param name="centered">True (default) to centre frame t on sample t·hop with zero padding; false for frames that start at t·hop.</param>
    /// <returns>A new featurizer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public Featurizer Stft(int windowSize, int hop, bool centered = true)
    {
        if (windowSize < 16 || windowSize > MaxWindowSize || windowSize % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowSize), windowSize, $"windowSize must be an even number from 16 to {MaxWindowSize}.");
        }

        if (hop < 1 || hop > windowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(hop), hop, "hop must be between 1 and windowSize.");
        }

        return With(f =>
        {
            f.WindowSize = windowSize;
            f.HopSize = hop;
            f.Centered = centered;
        });
    }

    /// <summary>Uses the raw STFT bins (<c>windowSize / 2 + 1</c> of them, 0 Hz to Nyquist).</summary>
    /// <returns>A new featurizer.</returns>
    public Featurizer Linear() => With(f =>
    {
        f.Scale = FrequencyScale.Linear;
        f.MinHz = 0;
        f.MaxHz = SampleRate / 2.0;
    });

    /// <summary>Uses a triangular mel filterbank (Slaney mel scale and area normalisation, as librosa's defaults).</summary>
    /// <param name="bins">Number of mel bins, 1 to 4096.</param>
    /// <param name="minHz">Lower edge of the first filter, at least 0.</param>
    /// <param name="maxHz">Upper edge of the last filter, above <paramref name="minHz"/> and at most the Nyquist frequency.</param>
    /// <returns>A new featurizer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public Featurizer Mel(int bins = 229, double minHz = 30, double maxHz = 8000)
    {
        if (bins is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be between 1 and 4096.");
        }

        ValidateRange(minHz, maxHz, allowZero: true);
        return With(f =>
        {
            f.Scale = FrequencyScale.Mel;
            f.MelBins = bins;
            f.MinHz = minHz;
            f.MaxHz = maxHz;
        });
    }

    /// <summary>Shorthand for <c>Mel(bins, minHz, maxHz).Log1p()</c>: a log-compressed mel spectrogram.</summary>
    /// <param name="bins">Number of mel bins, 1 to 4096.</param>
    /// <param name="minHz">Lower edge of the first filter, at least 0.</param>
    /// <param name="maxHz">Upper edge of the last filter, at most the Nyquist frequency.</param>
    /// <returns>A new featurizer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public Featurizer LogMel(int bins = 229, double minHz = 30, double maxHz = 8000) => Mel(bins, minHz, maxHz).Log1p();

    /// <summary>
    /// Uses a log-frequency triangular filterbank: bin centres <c>minHz·2^(k / (12·binsPerSemitone))</c> up to
    /// <paramref name="maxHz"/>, each filter reaching from its lower to its upper neighbour's centre (at least one FFT
    /// bin either side), weights summing to 1. The defaults cover the piano, A0 (27.5 Hz) to C8 (4186 Hz).
    /// </summary>
    /// <param name="binsPerSemitone">Bins per semitone, 1 to 48.</param>
    /// <param name="minHz">Centre of the first bin, above 0.</param>
    /// <param name="maxHz">Upper limit for bin centres, above <paramref name="minHz"/> and at most the Nyquist frequency.</param>
    /// <returns>A new featurizer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public Featurizer LogFrequency(int binsPerSemitone = 2, double minHz = 27.5, double maxHz = 4186.01)
    {
        if (binsPerSemitone is < 1 or > 48)
        {
            throw new ArgumentOutOfRangeException(nameof(binsPerSemitone), binsPerSemitone, "binsPerSemitone must be between 1 and 48.");
        }

        ValidateRange(minHz, maxHz, allowZero: false);
        return With(f =>
        {
            f.Scale = FrequencyScale.LogFrequency;
            f.BinsPerSemitone = binsPerSemitone;
            f.MinHz = minHz;
            f.MaxHz = maxHz;
        });
    }

    /// <summary>Outputs filtered STFT magnitudes.</summary>
    /// <returns>A new featurizer.</returns>
    public Featurizer Magnitude() => With(f => f.Compression = SpectrumCompression.Magnitude);

    /// <summary>Outputs filtered STFT power (the filterbank is applied to magnitude squared).</summary>
    /// <returns>A new featurizer.</returns>
    public Featurizer Power() => With(f => f.Compression = SpectrumCompression.Power);

    /// <summary>Outputs filtered power in decibels: <c>10·log10(max(p, 10^(floorDb/10)))</c>.</summary>
    /// <param name="floorDb">The lowest value produced, between -400 and 0 dB (default -100).</param>
    /// <returns>A new featurizer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="floorDb"/> is out of range.</exception>
    public Featurizer Decibels(double floorDb = -100)
    {
        if (!(floorDb >= -400 && floorDb <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(floorDb), floorDb, "floorDb must be between -400 and 0 dB.");
        }

        return With(f =>
        {
            f.Compression = SpectrumCompression.Decibels;
            f.FloorDb = floorDb;
        });
    }

    /// <summary>Outputs <c>ln(1 + scale·m)</c> of filtered magnitudes <c>m</c>.</summary>
    /// <param name="scale">A positive, finite multiplier (default 1).</param>
    /// <returns>A new featurizer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive and finite.</exception>
    public Featurizer Log1p(double scale = 1)
    {
        if (!(scale > 0 && double.IsFinite(scale)))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be positive and finite.");
        }

        return With(f =>
        {
            f.Compression = SpectrumCompression.Log1p;
            f.Log1pScale = scale;
        });
    }

    /// <summary>Leaves compressed values as they are (the default).</summary>
    /// <returns>A new featurizer.</returns>
    public Featurizer NoNormalization() => With(f => f.SetNormalization(FeatureNormalization.None, NoStatistics, NoStatistics));

    /// <summary>Divides every value by the clip's largest absolute value (not available for streaming).</summary>
    /// <returns>A new featurizer.</returns>
    public Featurizer NormalizePerClipMax() => With(f => f.SetNormalization(FeatureNormalization.PerClipMax, NoStatistics, NoStatistics));

    /// <summary>Standardises each bin with stored statistics: <c>(x - mean[bin]) / std[bin]</c>. Set the filterbank first.</summary>
    /// <param name="mean">One finite mean per bin (<see cref="BinCount"/> values).</param>
    /// <param name="std">One positive, finite standard deviation per bin.</param>
    /// <returns>A new featurizer.</returns>
    /// <exception cref="ArgumentException">A statistic has the wrong length or an invalid value.</exception>
    public Featurizer NormalizeMeanVariance(ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        int bins = BinCount;
        if (mean.Length != bins)
        {
            throw new ArgumentException($"mean has {mean.Length} values but the featurizer produces {bins} bins.", nameof(mean));
        }

        if (std.Length != bins)
        {
            throw new ArgumentException($"std has {std.Length} values but the featurizer produces {bins} bins.", nameof(std));
        }

        for (int i = 0; i < bins; i++)
        {
            if (!float.IsFinite(mean[i]))
            {
                throw new ArgumentException($"mean[{i}] is not finite.", nameof(mean));
            }

            if (!(std[i] > 0 && float.IsFinite(std[i])))
            {
                throw new ArgumentException($"std[{i}] must be positive and finite (got {std[i].ToString(CultureInfo.InvariantCulture)}).", nameof(std));
            }
        }

        float[] m = mean.ToArray();
        float[] s = std.ToArray();
        return With(f => f.SetNormalization(FeatureNormalization.MeanVariance, m, s));
    }

    /// <summary>Computes the features of a whole clip, using several threads for long clips.</summary>
    /// <param name="clip">Mono audio at <see cref="SampleRate"/>.</param>
    /// <returns>The spectrogram.</returns>
    /// <exception cref="ArgumentException">The clip's sample rate differs from <see cref="SampleRate"/> (resample it first).</exception>
    public Spectrogram Compute(AudioClip clip) => Compute(clip, new ParallelOptions());

    /// <summary>Computes the features of a whole clip with explicit control of threads and cancellation.</summary>
    /// <param name="clip">Mono audio at <see cref="SampleRate"/>.</param>
    /// <param name="options">Maximum degree of parallelism (1 = only the calling thread) and cancellation token.</param>
    /// <returns>The spectrogram.</returns>
    /// <exception cref="ArgumentException">The clip's sample rate differs from <see cref="SampleRate"/> (resample it first).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Spectrogram Compute(AudioClip clip, ParallelOptions options)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(options);
        if (clip.SampleRate != SampleRate)
        {
            throw new ArgumentException(
                $"The clip is sampled at {clip.SampleRate} Hz but the featurizer expects {SampleRate} Hz; resample the clip first.",
                nameof(clip));
        }

        return ComputeSamples(clip.Samples, options);
    }

    /// <summary>Computes the features of raw mono samples, which must be at <see cref="SampleRate"/>.</summary>
    /// <param name="samples">Mono samples at <see cref="SampleRate"/>.</param>
    /// <param name="options">Threads and cancellation; null for the defaults.</param>
    /// <returns>The spectrogram.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Spectrogram ComputeSamples(ReadOnlyMemory<float> samples, ParallelOptions? options = null)
    {
        options ??= new ParallelOptions();
        options.CancellationToken.ThrowIfCancellationRequested();
        FeatureKernel kernel = Kernel;
        int bins = kernel.BinCount;
        int frames = FrameCountFor(samples.Length);
        var values = new float[(long)frames * bins];
        Framer.ComputeSignal(this, samples, values, options);

        if (Normalization == FeatureNormalization.PerClipMax)
        {
            NormalizeByMax(values);
        }

        return new Spectrogram(values, frames, bins, FrameRate, TimeOfFrameZero, kernel.Filterbank.Centres);
    }

    /// <summary>
    /// Computes the features of raw mono samples on the calling thread into a caller-owned buffer, so repeated calls
    /// (e.g. a service featurizing clip after clip) allocate nothing: the per-thread FFT buffers are pooled too.
    /// </summary>
    /// <param name="samples">Mono samples at <see cref="SampleRate"/>.</param>
    /// <param name="destination">Receives <c>FrameCountFor(samples.Length) × BinCount</c> values, frame-major; may be longer.</param>
    /// <returns>The number of frames written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The featurizer uses <see cref="FeatureNormalization.PerClipMax"/> (use <see cref="Compute(AudioClip)"/>).</exception>
    public int ComputeInto(ReadOnlySpan<float> samples, Span<float> destination)
    {
        RequireFrameLocal("by ComputeInto (use Compute)", m => new InvalidOperationException(m));

        FeatureKernel kernel = Kernel;
        int frames = FrameCountFor(samples.Length);
        long needed = (long)frames * kernel.BinCount;
        if (destination.Length < needed)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"destination holds {destination.Length} values but {frames} frames × {kernel.BinCount} bins need {needed}."),
                nameof(destination));
        }

        Framer.ComputeSignal(this, samples, destination);
        return frames;
    }

    /// <summary>Starts a streaming computation: push blocks of samples of any size, read frames as they complete.</summary>
    /// <returns>A new, independent stream.</returns>
    /// <exception cref="InvalidOperationException">The featurizer uses <see cref="FeatureNormalization.PerClipMax"/>, which needs the whole clip.</exception>
    public StreamingFeaturizer CreateStream()
    {
        RequireFrameLocal("for streaming", m => new InvalidOperationException(m));
        return new StreamingFeaturizer(this);
    }

    /// <summary>Number of frames produced for <paramref name="sampleCount"/> samples.</summary>
    /// <param name="sampleCount">Number of samples, at least 0.</param>
    /// <returns><c>floor(N / hop) + 1</c> when centred, otherwise <c>floor((N - window) / hop) + 1</c> (0 when N is shorter than the window).</returns>
    public int FrameCountFor(long sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        long frames = Centered
            ? (sampleCount / HopSize) + 1
            : sampleCount < WindowSize ? 0 : ((sampleCount - WindowSize) / HopSize) + 1;
        if (frames * (long)BinCount > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, "The clip is too long for one spectrogram; split it.");
        }

        return (int)frames;
    }

    /// <summary>
    /// The one rule for features computed a block or chunk at a time: per-clip max normalisation needs the whole clip,
    /// so streaming, <see cref="ComputeInto"/>, chunked transcription and models refuse it. Throws
    /// <paramref name="error"/>'s exception, with a message naming <paramref name="use"/>, when the rule is broken.
    /// </summary>
    internal void RequireFrameLocal(string use, Func<string, Exception> error)
    {
        if (Normalization == FeatureNormalization.PerClipMax)
        {
            throw error($"Per-clip max normalisation needs the whole clip at once and cannot be used {use}; use mean-variance or no normalisation.");
        }
    }

    /// <summary>
    /// Time in seconds of the centre of frame 0 (0 for centred frames, half a window otherwise); frame <c>t</c> is at
    /// <c>TimeOfFrameZero + t / FrameRate</c>, as in <see cref="Spectrogram.StartTime"/>.
    /// </summary>
    public double TimeOfFrameZero => Centered ? 0.0 : WindowSize / 2.0 / SampleRate;

    /// <summary>Sample index (may be negative) of the first sample in frame <paramref name="frame"/>'s window.</summary>
    internal long FrameStart(long frame) => (frame * HopSize) - (Centered ? WindowSize / 2 : 0);

    /// <inheritdoc />
    public bool Equals(Featurizer? other) =>
        other is not null
        && SampleRate == other.SampleRate
        && WindowSize == other.WindowSize
        && HopSize == other.HopSize
        && Centered == other.Centered
        && Scale == other.Scale
        && (Scale != FrequencyScale.Mel || MelBins == other.MelBins)
        && (Scale != FrequencyScale.LogFrequency || BinsPerSemitone == other.BinsPerSemitone)
        && MinHz.Equals(other.MinHz)
        && MaxHz.Equals(other.MaxHz)
        && Compression == other.Compression
        && (Compression != SpectrumCompression.Decibels || FloorDb.Equals(other.FloorDb))
        && (Compression != SpectrumCompression.Log1p || Log1pScale.Equals(other.Log1pScale))
        && Normalization == other.Normalization
        && _mean.AsSpan().SequenceEqual(other._mean)
        && _std.AsSpan().SequenceEqual(other._std);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Featurizer);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(SampleRate, WindowSize, HopSize, Centered, Scale, Compression, Normalization, BinCount);

    /// <inheritdoc />
    public override string ToString()
    {
        string scale = Scale switch
        {
            FrequencyScale.Mel => string.Create(CultureInfo.InvariantCulture, $"mel {MelBins} bins {MinHz}-{MaxHz} Hz"),
            FrequencyScale.LogFrequency => string.Create(CultureInfo.InvariantCulture, $"log-frequency {BinsPerSemitone}/semitone {MinHz}-{MaxHz} Hz ({BinCount} bins)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"linear {BinCount} bins"),
        };
        return string.Create(CultureInfo.InvariantCulture, $"Featurizer({SampleRate} Hz, window {WindowSize}, hop {HopSize}{(Centered ? ", centred" : string.Empty)}, {scale}, {Compression}, normalisation {Normalization})");
    }

    private static void NormalizeByMax(float[] values)
    {
        if (values.Length == 0)
        {
            return;
        }

        float max = System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values);
        max = Math.Abs(max);
        if (max > 0 && float.IsFinite(max))
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(values, 1f / max, values);
        }
    }

    private void ValidateRange(double minHz, double maxHz, bool allowZero)
    {
        if (!double.IsFinite(minHz) || minHz < 0 || (!allowZero && minHz == 0))
        {
            throw new ArgumentOutOfRangeException(nameof(minHz), minHz, allowZero ? "minHz must be at least 0." : "minHz must be above 0.");
        }

        double nyquist = SampleRate / 2.0;
        if (!double.IsFinite(maxHz) || maxHz <= minHz || maxHz > nyquist)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxHz),
                maxHz,
                string.Create(CultureInfo.InvariantCulture, $"maxHz must be above minHz ({minHz}) and at most the Nyquist frequency ({nyquist} Hz)."));
        }
    }

    private void SetNormalization(FeatureNormalization normalization, float[] mean, float[] std)
    {
        Normalization = normalization;
        _mean = mean;
        _std = std;
    }

    private Featurizer With(Action<Featurizer> change)
    {
        var copy = new Featurizer(SampleRate)
        {
            WindowSize = WindowSize,
            HopSize = HopSize,
            Centered = Centered,
            Scale = Scale,
            MelBins = MelBins,
            BinsPerSemitone = BinsPerSemitone,
            MinHz = MinHz,
            MaxHz = MaxHz,
            Compression = Compression,
            FloorDb = FloorDb,
            Log1pScale = Log1pScale,
            Normalization = Normalization,
            _mean = _mean,
            _std = _std,
        };
        change(copy);
        if (copy.Normalization == FeatureNormalization.MeanVariance && copy._mean.Length != copy.BinCount)
        {
            throw new ArgumentException(
                $"The normalization statistics have {copy._mean.Length} bins but this change makes {copy.BinCount}; set the STFT and filterbank before NormalizeMeanVariance.");
        }

        return copy;
    }
}
