using System.Globalization;
using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.Transcription;

namespace PianoTranscription.Analysis;

/// <summary>
/// The clip model behind <see cref="PianoDetector"/> and <see cref="InstrumentRecognizer"/>: an ONNX network that
/// reads a fixed-length clip of spectrogram frames (1 s for the embedded model) and answers two questions at once —
/// solo piano / piano with others / no piano (output <c>"piano"</c>, softmax) and the presence of each of
/// <see cref="Instruments"/> (output <c>"instruments"</c>, sigmoids). Immutable and thread-safe; run by the managed
/// engine, whose session pool lets any number of threads share one instance.
/// </summary>
/// <remarks>
/// Contract: input <c>"spectrogram"</c> float32 <c>[clips, frames, bins]</c>; outputs <c>"piano"</c>
/// <c>[clips, 3]</c> and <c>"instruments"</c> <c>[clips, instruments]</c>. Metadata: the featurizer
/// (<c>pianotranscription.featurizer</c>, so inference uses the features the model was trained on), the clip length
/// in frames (<c>pianotranscription.analysis.clip_frames</c>) and the instrument names in output order
/// (<c>pianotranscription.analysis.instruments</c>, snake case, e.g. <c>electric_bass</c>). The embedded model is
/// trained by <c>training/analysis/train.py</c> (docs/analysis.md).
/// </remarks>
public sealed class AnalysisModel
{
    /// <summary>Metadata key of the clip length in frames.</summary>
    public const string ClipFramesKey = "pianotranscription.analysis.clip_frames";

    /// <summary>Metadata key of the instrument names, comma-separated, in output order.</summary>
    public const string InstrumentsKey = "pianotranscription.analysis.instruments";

    private const string InputName = "spectrogram";
    private const string PianoOutput = "piano";
    private const string InstrumentsOutput = "instruments";
    private const string ResourceName = "PianoTranscription.Models.analysis-default.onnx";
    private const int BatchClips = 32;
    private static readonly Lazy<AnalysisModel> DefaultModel = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly IInferenceModel _network;

    private AnalysisModel(IInferenceModel network, string source)
    {
        _network = network;
        Source = source;
        IReadOnlyDictionary<string, string> meta = network.Metadata;
        if (!meta.TryGetValue(AcousticModel.FeaturizerKey, out string? featurizerJson))
        {
            throw new ModelFormatException($"The analysis model ({source}) has no \"{AcousticModel.FeaturizerKey}\" metadata.");
        }

        try
        {
            Featurizer = Featurizer.FromJson(featurizerJson);
        }
        catch (FormatException ex)
        {
            throw new ModelFormatException($"The analysis model's ({source}) featurizer metadata is not valid: {ex.Message}", ex);
        }

        if (!meta.TryGetValue(ClipFramesKey, out string? frames) || !int.TryParse(frames, NumberStyles.None, CultureInfo.InvariantCulture, out int clipFrames) || clipFrames < 1)
        {
            throw new ModelFormatException($"The analysis model ({source}) needs a positive whole number as \"{ClipFramesKey}\" metadata.");
        }

        ClipFrames = clipFrames;
        Instruments = ParseInstruments(meta.GetValueOrDefault(InstrumentsKey), source);
        foreach (string name in new[] { PianoOutput, InstrumentsOutput })
        {
            if (!network.Outputs.Any(o => o.Name == name))
            {
                throw new ModelFormatException($"The analysis model ({source}) has no \"{name}\" output.");
            }
        }

        if (!network.Inputs.Any(i => i.Name == InputName))
        {
            throw new ModelFormatException($"The analysis model ({source}) has no \"{InputName}\" input.");
        }

        Version = meta.GetValueOrDefault(AcousticModel.VersionKey);
        Licenses = meta.GetValueOrDefault(AcousticModel.LicensesKey);
        Description = meta.GetValueOrDefault(AcousticModel.DescriptionKey);
    }

    /// <summary>The model embedded in this library, loaded on first use (once per process, thread-safe).</summary>
    /// <exception cref="ModelFormatException">The embedded model is missing or invalid (a broken build).</exception>
    public static AnalysisModel Default => DefaultModel.Value;

    /// <summary>The featurizer the model was trained with (from its metadata).</summary>
    public Featurizer Featurizer { get; }

    /// <summary>Spectrogram frames per clip.</summary>
    public int ClipFrames { get; }

    /// <summary>The clip length in seconds (<see cref="ClipFrames"/> hops; 1 s for the embedded model).</summary>
    public double ClipSeconds => ClipSamples / (double)Featurizer.SampleRate;

    /// <summary>The instruments of the <c>"instruments"</c> output, in order.</summary>
    public IReadOnlyList<Instrument> Instruments { get; }

    /// <summary>The model version (metadata), or null.</summary>
    public string? Version { get; }

    /// <summary>The licences of the weights and training data (metadata), or null.</summary>
    public string? Licenses { get; }

    /// <summary>A description of the model (metadata), or null.</summary>
    public string? Description { get; }

    /// <summary>Where the model came from: a file path, <c>"stream"</c> or <c>"embedded"</c>.</summary>
    public string Source { get; }

    private int ClipSamples => ClipFrames * Featurizer.HopSize;

    /// <summary>Loads and validates an analysis model file.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a supported ONNX model or breaks the contract.</exception>
    public static AnalysisModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model file '{path}' was not found.", path);
        }

        return new AnalysisModel(OnnxModel.Load(OnnxModel.ReadModelFile(path)), path);
    }

    /// <summary>Loads and validates an analysis model from a stream (read to its end, left open).</summary>
    /// <param name="stream">The serialized ONNX model.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">The data is not a supported ONNX model or breaks the contract.</exception>
    public static AnalysisModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new AnalysisModel(OnnxModel.Load(OnnxModel.ReadModelStream(stream)), "stream");
    }

    /// <summary>A one-line description.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"AnalysisModel({Source}, version {Version ?? "unknown"}, {ClipSeconds:0.###} s clips, {Instruments.Count} instruments)");

    /// <summary>
    /// Runs the model on consecutive clips of the audio: one clip per <see cref="ClipSeconds"/>, plus one ending at the
    /// end of the audio when the rest is at least half a clip long. Silent and near-silent clips are measured, not run.
    /// </summary>
    internal IReadOnlyList<ClipPrediction> Predict(AudioClip audio, SilenceThresholds thresholds, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        AudioClip clip = audio.SampleRate == Featurizer.SampleRate ? audio : audio.Resample(Featurizer.SampleRate);
        ReadOnlySpan<float> samples = clip.Samples.Span;
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Sample {i} is {(float.IsNaN(samples[i]) ? "NaN" : "infinite")}; audio samples must be finite numbers."),
                    nameof(audio));
            }
        }

        int clipSamples = ClipSamples;
        double rate = clip.SampleRate;
        if (samples.Length < clipSamples)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The audio is {samples.Length / rate:0.###} s long; the analysis needs at least {ClipSeconds:0.###} s."),
                nameof(audio));
        }

        // Clip k reads samples [start, start + clipSamples) and reports the segment [from, to).
        var clips = new List<(int Start, int From, int To)>();
        int whole = samples.Length / clipSamples;
        for (int k = 0; k < whole; k++)
        {
            clips.Add((k * clipSamples, k * clipSamples, (k + 1) * clipSamples));
        }

        if (samples.Length - (whole * clipSamples) >= clipSamples / 2)
        {
            clips.Add((samples.Length - clipSamples, whole * clipSamples, samples.Length));
        }

        var results = new ClipPrediction?[clips.Count];
        var sound = new List<int>();
        for (int k = 0; k < clips.Count; k++)
        {
            (_, int from, int to) = clips[k];
            double level = SilenceThresholds.RmsDb(samples[from..to]);
            AudioActivity activity = thresholds.Classify(level);
            if (activity == AudioActivity.Sound)
            {
                sound.Add(k);
            }
            else
            {
                results[k] = new ClipPrediction(from / rate, to / rate, level, activity, null, null);
            }
        }

        Spectrogram spectrogram = Featurizer.Compute(clip, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = 1 });
        int bins = spectrogram.BinCount;
        ReadOnlySpan<float> values = spectrogram.Values.Span;
        for (int b = 0; b < sound.Count; b += BatchClips)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(BatchClips, sound.Count - b);
            var input = new float[n * ClipFrames * bins];
            for (int j = 0; j < n; j++)
            {
                int frame = Math.Min((int)Math.Round(clips[sound[b + j]].Start / (double)Featurizer.HopSize), spectrogram.FrameCount - ClipFrames);
                values.Slice(frame * bins, ClipFrames * bins).CopyTo(input.AsSpan(j * ClipFrames * bins));
            }

            IReadOnlyDictionary<string, Tensor> outputs = _network.Run(
                new Dictionary<string, Tensor>(StringComparer.Ordinal) { [InputName] = new Tensor(input, n, ClipFrames, bins) }, cancellationToken);
            ReadOnlySpan<float> piano = outputs[PianoOutput].Data.Span;
            ReadOnlySpan<float> present = outputs[InstrumentsOutput].Data.Span;
            int count = Instruments.Count;
            if (piano.Length != n * 3 || present.Length != n * count)
            {
                throw new ModelFormatException($"The analysis model ({Source}) returned {piano.Length} piano and {present.Length} instrument values for {n} clips; expected {n * 3} and {n * count}.");
            }

            for (int j = 0; j < n; j++)
            {
                int k = sound[b + j];
                (_, int from, int to) = clips[k];
                results[k] = new ClipPrediction(from / rate, to / rate, SilenceThresholds.RmsDb(samples[from..to]), AudioActivity.Sound,
                    piano.Slice(j * 3, 3).ToArray(), present.Slice(j * count, count).ToArray());
            }

            progress?.Report((double)(b + n) / sound.Count);
        }

        progress?.Report(1);
        return results.Select(r => r!).ToArray();
    }

    private static System.Collections.ObjectModel.ReadOnlyCollection<Instrument> ParseInstruments(string? names, string source)
    {
        if (string.IsNullOrWhiteSpace(names))
        {
            throw new ModelFormatException($"The analysis model ({source}) has no \"{InstrumentsKey}\" metadata.");
        }

        var list = new List<Instrument>();
        foreach (string name in names.Split(',', StringSplitOptions.TrimEntries))
        {
            string pascal = string.Concat(name.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
            if (!Enum.TryParse(pascal, ignoreCase: false, out Instrument instrument) || !Enum.IsDefined(instrument))
            {
                throw new ModelFormatException($"The analysis model ({source}) names an unknown instrument '{name}'.");
            }

            list.Add(instrument);
        }

        return list.AsReadOnly();
    }

    private static AnalysisModel LoadDefault()
    {
        using Stream stream = typeof(AnalysisModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new ModelFormatException($"The embedded analysis model '{ResourceName}' is missing from the assembly.");
        return new AnalysisModel(OnnxModel.Load(OnnxModel.ReadModelStream(stream)), "embedded");
    }
}
