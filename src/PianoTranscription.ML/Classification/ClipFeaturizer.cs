using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.ML.Mapping;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML.Classification;

/// <summary>
/// Cuts a recording into clips and measures each one as <see cref="ClassifierFeatures"/> says: the acoustic model's
/// embedding (the same numbers as <c>Piano.Embed</c> of the clip) and/or statistics of a log-mel spectrogram. Shared by
/// training and prediction, so both see identical features. Thread-safe: the model runs through a session pool.
/// </summary>
internal sealed class ClipFeaturizer
{
    /// <summary>The log-mel spectrogram the <see cref="ClassifierFeatures.LogMel"/> statistics come from (64 bands, 16 ms hop).</summary>
    internal static readonly Featurizer LogMelFeaturizer = Featurizer.ForSampleRate(16000).Stft(1024, 256).LogMel(LogMelBands, 30, 8000);

    private const int LogMelBands = 64;
    private const int LogMelLength = 4 * LogMelBands;

    private readonly AcousticModel _model = AcousticModel.Default;
    private readonly InferenceSessionPool _pool;

    public ClipFeaturizer(ClassifierFeatures features, double clipSeconds, double hopSeconds, double silenceThresholdDb, bool normalizeLoudness)
    {
        Features = features;
        NormalizeLoudness = normalizeLoudness;
        ClipSeconds = clipSeconds;
        HopSeconds = hopSeconds;
        SilenceThresholdDb = silenceThresholdDb;
        // One thread per run: callers measure several files at once, which uses the cores better than one wide run.
        _pool = new InferenceSessionPool(_model.Inference, new InferenceOptions { MaxDegreeOfParallelism = 1 });
    }

    public ClassifierFeatures Features { get; }

    public double ClipSeconds { get; }

    public double HopSeconds { get; }

    public double SilenceThresholdDb { get; }

    /// <summary>Whether each clip is scaled to <see cref="NormalizedRms"/> before it is measured.</summary>
    public bool NormalizeLoudness { get; }

    /// <summary>The RMS level clips are scaled to when <see cref="NormalizeLoudness"/> is on (−20 dBFS).</summary>
    public const double NormalizedRms = 0.1;

    /// <summary>The sample rate clips are measured at (the acoustic model's).</summary>
    public int SampleRate => _model.SampleRate;

    /// <summary>The acoustic model whose embedding is used, as its version string (stored with a saved classifier).</summary>
    public static string ModelVersion => AcousticModel.Default.Version ?? "unversioned";

    /// <summary>The number of values per clip.</summary>
    public int Length => LengthOf(Features);

    /// <summary>The number of values per clip for a choice of features.</summary>
    public static int LengthOf(ClassifierFeatures features) => features switch
    {
        ClassifierFeatures.Embedding => PianoTransforms.EmbeddingLength,
        ClassifierFeatures.LogMel => LogMelLength,
        _ => PianoTransforms.EmbeddingLength + LogMelLength,
    };

    /// <summary>Reads a file at the model's sample rate.</summary>
    public AudioClip Load(string path, AudioLoadOptions options) => AudioClip.Load(path, options with { SampleRate = SampleRate });

    /// <summary>The recording at the model's sample rate (resampled when needed).</summary>
    public AudioClip AtModelRate(AudioClip audio) => audio.SampleRate == SampleRate ? audio : audio.Resample(SampleRate);

    /// <summary>Cuts <paramref name="audio"/> (at <see cref="SampleRate"/>) into clips and measures each.</summary>
    public IReadOnlyList<MeasuredClip> Measure(AudioClip audio, CancellationToken cancellationToken)
    {
        int clip = (int)Math.Round(ClipSeconds * audio.SampleRate);
        int hop = Math.Max(1, (int)Math.Round(HopSeconds * audio.SampleRate));
        var starts = new List<int>();
        for (int start = 0; start + clip <= audio.Length; start += hop)
        {
            starts.Add(start);
        }

        if (starts.Count == 0 && audio.Length > 0)
        {
            starts.Add(0); // shorter than one clip: the whole file is the clip
        }

        var clips = new MeasuredClip[starts.Count];
        for (int i = 0; i < starts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int length = Math.Min(clip, audio.Length - starts[i]);
            ReadOnlySpan<float> samples = audio.Samples.Span.Slice(starts[i], length);
            double levelDb = SilenceThresholds.RmsDb(samples);
            bool silent = levelDb < SilenceThresholdDb;
            float[] values = new float[Length];
            if (!silent)
            {
                float[] copy = samples.ToArray();
                if (NormalizeLoudness)
                {
                    // The same level for every clip, so that how loud a recording was made does not decide its label.
                    float gain = (float)(NormalizedRms / Math.Pow(10, levelDb / 20));
                    for (int j = 0; j < copy.Length; j++)
                    {
                        copy[j] *= gain;
                    }
                }

                Compute(AudioClip.FromSamples(copy, audio.SampleRate), values, cancellationToken);
            }

            clips[i] = new MeasuredClip((double)starts[i] / audio.SampleRate, (double)(starts[i] + length) / audio.SampleRate, silent, values);
        }

        return clips;
    }

    private void Compute(AudioClip clip, float[] destination, CancellationToken cancellationToken)
    {
        Span<float> rest = destination;
        if (Features is ClassifierFeatures.Embedding or ClassifierFeatures.EmbeddingAndLogMel)
        {
            EmbeddingStatistics.Embed(_model, _pool, clip, rest[..PianoTransforms.EmbeddingLength], cancellationToken);
            rest = rest[PianoTransforms.EmbeddingLength..];
        }

        if (Features is ClassifierFeatures.LogMel or ClassifierFeatures.EmbeddingAndLogMel)
        {
            LogMelStatistics(clip, rest, cancellationToken);
        }
    }

    /// <summary>Per band: mean and standard deviation of the level, mean absolute and standard deviation of its change from the previous frame (how much it moves).</summary>
    private static void LogMelStatistics(AudioClip clip, Span<float> destination, CancellationToken cancellationToken)
    {
        Spectrogram mel = LogMelFeaturizer.Compute(clip, new ParallelOptions { MaxDegreeOfParallelism = 1, CancellationToken = cancellationToken });
        int frames = mel.FrameCount;
        if (frames == 0)
        {
            return;
        }

        for (int b = 0; b < LogMelBands; b++)
        {
            double sum = 0, squares = 0, deltaSum = 0, deltaAbsSum = 0, deltaSquares = 0;
            for (int t = 0; t < frames; t++)
            {
                double x = mel.GetFrame(t)[b];
                sum += x;
                squares += x * x;
                if (t > 0)
                {
                    double d = x - mel.GetFrame(t - 1)[b];
                    deltaSum += d;
                    deltaAbsSum += Math.Abs(d);
                    deltaSquares += d * d;
                }
            }

            double mean = sum / frames;
            destination[b] = (float)mean;
            destination[LogMelBands + b] = (float)Math.Sqrt(Math.Max(0, (squares / frames) - (mean * mean)));
            int deltas = Math.Max(1, frames - 1);
            double deltaMean = deltaSum / deltas;
            destination[(2 * LogMelBands) + b] = (float)(deltaAbsSum / deltas);
            destination[(3 * LogMelBands) + b] = (float)Math.Sqrt(Math.Max(0, (deltaSquares / deltas) - (deltaMean * deltaMean)));
        }
    }
}

/// <summary>One clip of a recording: where it is, whether it is silent, and its features (zeros when silent).</summary>
internal sealed record MeasuredClip(double Start, double End, bool Silent, float[] Features);
