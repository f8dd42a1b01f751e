using System.Globalization;
using PianoTranscription.Decoding;
using PianoTranscription.Features;
using PianoTranscription.Inference;

namespace PianoTranscription.Transcription;

/// <summary>
/// A piano acoustic model: an ONNX network with the PianoTranscription input/output contract, plus the facts its
/// <c>metadata_props</c> carry (the featurizer configuration, version, licences, description). Immutable and
/// thread-safe; one instance can serve any number of transcribers and threads.
/// </summary>
/// <remarks>
/// <para>The input/output contract (<see cref="ModelContract"/>, read and checked once at load): input
/// <c>"spectrogram"</c> float32 <c>[1, T, bins]</c> with a dynamic <c>T</c>; outputs <c>"onset"</c> and <c>"frame"</c>
/// (required), <c>"offset"</c> and <c>"velocity"</c> (optional) each <c>[1, T, 88]</c>, and optional
/// <c>"pedal_onset"</c>, <c>"pedal_frame"</c>, <c>"pedal_offset"</c> each <c>[1, T]</c>, all in [0, 1]; output frame
/// <c>t</c> aligns with input frame <c>t</c>.</para>
/// <para>The network runs in an <see cref="IInferenceBackend"/>: the managed engine (<see cref="ManagedOnnxBackend"/>)
/// unless another is chosen at load or with <see cref="WithBackend"/>.</para>
/// <para>The featurizer comes from the metadata key <c>"pianotranscription.featurizer"</c>, so training and inference
/// cannot drift apart; a model without it needs an explicit featurizer.</para>
/// </remarks>
/// <example>
/// <code>
/// AcousticModel model = AcousticModel.Default;               // the embedded model, loaded once on first use
/// AcousticModel mine = AcousticModel.Load("my-model.onnx");   // same I/O contract, validated at load
/// Console.WriteLine($"{mine.Version}: {mine.Featurizer}");
/// </code>
/// </example>
public sealed class AcousticModel
{
    /// <summary>The name of the model's input (<see cref="ModelContract.InputName"/>).</summary>
    public const string InputName = ModelContract.InputName;

    /// <summary>Metadata key of the featurizer configuration JSON.</summary>
    public const string FeaturizerKey = "pianotranscription.featurizer";

    /// <summary>Metadata key of the model version.</summary>
    public const string VersionKey = "pianotranscription.version";

    /// <summary>Metadata key of the licences of the weights and training data.</summary>
    public const string LicensesKey = "pianotranscription.licenses";

    /// <summary>Metadata key of the model description.</summary>
    public const string DescriptionKey = "pianotranscription.description";

    /// <summary>Metadata key of the decoder settings tuned for the model (JSON, see <see cref="DecoderOptions.ToJson"/>).</summary>
    public const string DecoderKey = "pianotranscription.decoder";

    /// <summary>
    /// The metadata key that may state the model's receptive field in frames on each side (an integer); without it
    /// <see cref="ReceptiveFieldFrames"/> is measured at load.
    /// </summary>
    public const string ReceptiveFieldKey = "pianotranscription.receptive_field_frames";

    /// <summary>The largest receptive field <see cref="ReceptiveFieldFrames"/> measures (in frames on each side).</summary>
    public const int MaxMeasuredReceptiveFieldFrames = 256;

    private const string ResourceName = "PianoTranscription.Models.piano-default.onnx";
    private static readonly Lazy<AcousticModel> DefaultModel = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly int _receptiveField;
    private readonly string? _receptiveFieldUnbounded;
    private readonly ReadOnlyMemory<byte> _serialized;
    private readonly Featurizer? _givenFeaturizer;

    private AcousticModel(IInferenceModel inference, IInferenceBackend? backend, ReadOnlyMemory<byte> serialized, Featurizer? givenFeaturizer, string source)
    {
        Inference = inference;
        Backend = backend;
        _serialized = serialized;
        _givenFeaturizer = givenFeaturizer;
        Source = source;
        Featurizer = givenFeaturizer ?? FeaturizerFromMetadata(inference, source);
        Featurizer.RequireFrameLocal($"by a transcription model ({source})", m => new ModelFormatException(m));
        Contract = ModelContract.Read(inference, Featurizer.BinCount, source);
        DecoderOptions = DecoderFromMetadata(inference, source);
        IReadOnlyDictionary<string, string> meta = inference.Metadata;
        Version = meta.GetValueOrDefault(VersionKey);
        Licenses = meta.GetValueOrDefault(LicensesKey);
        Description = meta.GetValueOrDefault(DescriptionKey);
        (_receptiveField, _receptiveFieldUnbounded) = FindReceptiveField();
    }

    /// <summary>
    /// The default piano model embedded in this library, loaded on first use (once per process, thread-safe).
    /// </summary>
    /// <exception cref="ModelFormatException">The embedded model is missing or invalid (a broken build).</exception>
    public static AcousticModel Default => DefaultModel.Value;

    /// <summary>The loaded network, run by <see cref="Backend"/>.</summary>
    public IInferenceModel Inference { get; }

    /// <summary>
    /// The backend that loaded <see cref="Inference"/> (<see cref="ManagedOnnxBackend.Instance"/> by default), or null for
    /// a model wrapped with <see cref="FromInferenceModel"/>.
    /// </summary>
    public IInferenceBackend? Backend { get; }

    /// <summary>The model's input/output contract: its input and the heads it provides, checked at load.</summary>
    public ModelContract Contract { get; }

    /// <summary>The featurizer the model was trained with (from its metadata, or the one given at load).</summary>
    public Featurizer Featurizer { get; }

    /// <summary>
    /// The decoder settings tuned for this model on validation data (metadata <c>pianotranscription.decoder</c>), or
    /// <see cref="DecoderOptions.Default"/> when the model carries none. A transcriber uses them unless told otherwise.
    /// </summary>
    public DecoderOptions DecoderOptions { get; }

    /// <summary>The model version (metadata <c>pianotranscription.version</c>), or null when the model does not say.</summary>
    public string? Version { get; }

    /// <summary>The licences of the weights and their training data (metadata <c>pianotranscription.licenses</c>), or null.</summary>
    public string? Licenses { get; }

    /// <summary>A description of the model (metadata <c>pianotranscription.description</c>), or null.</summary>
    public string? Description { get; }

    /// <summary>Where the model came from: a file path, <c>"stream"</c>, <c>"embedded"</c> or <c>"custom"</c>.</summary>
    public string Source { get; }

    /// <summary>Frames per second of the model's input and output (the featurizer's frame rate).</summary>
    public double FrameRate => Featurizer.FrameRate;

    /// <summary>Samples per second the model expects (the featurizer's sample rate); other rates are resampled.</summary>
    public int SampleRate => Featurizer.SampleRate;

    /// <summary>
    /// How many input frames on each side of a frame can change that frame's outputs (10 for the default model:
    /// 0.2 s). Chunk context of at least this much makes chunked and live transcription equal one pass; it is also the
    /// least latency the model allows on live input (see <see cref="PianoTranscriberBuilder.WithLowLatency"/>).
    /// </summary>
    /// <remarks>
    /// Read from the metadata key <see cref="ReceptiveFieldKey"/> when the model states it; otherwise measured once,
    /// at load, by changing one input frame of a random spectrogram and finding the furthest output frame that
    /// changes (exact for convolutional models: the managed engine is deterministic). A model run by another backend
    /// whose results are not bit-reproducible from run to run should state the value in its metadata.
    /// </remarks>
    /// <exception cref="NotSupportedException">
    /// The receptive field exceeds <see cref="MaxMeasuredReceptiveFieldFrames"/> (a recurrent or attention model, whose
    /// every output depends on the whole input).
    /// </exception>
    public int ReceptiveFieldFrames => _receptiveFieldUnbounded is null ? _receptiveField : throw new NotSupportedException(_receptiveFieldUnbounded);

    /// <summary><see cref="ReceptiveFieldFrames"/> as a duration.</summary>
    /// <exception cref="NotSupportedException">The receptive field is unbounded (see <see cref="ReceptiveFieldFrames"/>).</exception>
    public TimeSpan ReceptiveField => TimeSpan.FromSeconds(ReceptiveFieldFrames / FrameRate);

    /// <summary>Loads and validates a model file.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="featurizer">The featurizer, or null to read it from the model's metadata.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">
    /// The file is not a supported ONNX model, its inputs or outputs break the contract, or it has no featurizer
    /// metadata and none was given (the message names what is wrong).
    /// </exception>
    public static AcousticModel Load(string path, Featurizer? featurizer = null) => Load(path, ManagedOnnxBackend.Instance, featurizer);

    /// <summary>Loads and validates a model file in an inference backend.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="backend">The backend that runs the model (for example ONNX Runtime from its package).</param>
    /// <param name="featurizer">The featurizer, or null to read it from the model's metadata.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">
    /// The file is not a model the backend can load, its inputs or outputs break the contract, or it has no featurizer
    /// metadata and none was given (the message names what is wrong).
    /// </exception>
    public static AcousticModel Load(string path, IInferenceBackend backend, Featurizer? featurizer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(backend);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model file '{path}' was not found.", path);
        }

        return Create(OnnxModel.ReadModelFile(path), backend, featurizer, path);
    }

    /// <summary>Loads and validates a model from a stream (read to its end, left open).</summary>
    /// <param name="stream">The serialized ONNX model.</param>
    /// <param name="featurizer">The featurizer, or null to read it from the model's metadata.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">The data is not a supported model or breaks the I/O contract.</exception>
    public static AcousticModel Load(Stream stream, Featurizer? featurizer = null) => Load(stream, ManagedOnnxBackend.Instance, featurizer);

    /// <summary>Loads and validates a model from a stream (read to its end, left open) in an inference backend.</summary>
    /// <param name="stream">The serialized ONNX model.</param>
    /// <param name="backend">The backend that runs the model.</param>
    /// <param name="featurizer">The featurizer, or null to read it from the model's metadata.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">The data is not a model the backend can load or breaks the I/O contract.</exception>
    public static AcousticModel Load(Stream stream, IInferenceBackend backend, Featurizer? featurizer = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(backend);
        return Create(OnnxModel.ReadModelStream(stream), backend, featurizer, "stream");
    }

    /// <summary>Wraps an already loaded model (for example from another inference backend), validating its I/O contract.</summary>
    /// <param name="model">The loaded model.</param>
    /// <param name="featurizer">The featurizer, or null to read it from the model's metadata.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">The model breaks the I/O contract or has no usable featurizer.</exception>
    public static AcousticModel FromInferenceModel(IInferenceModel model, Featurizer? featurizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new AcousticModel(model, null, ReadOnlyMemory<byte>.Empty, featurizer, "custom");
    }

    /// <summary>
    /// Opens the model's ONNX file as it was loaded (read-only), for another runtime: for example ML.NET's
    /// <c>ApplyOnnxModel(outputColumnNames, inputColumnNames, modelBytes)</c> or ONNX Runtime directly.
    /// </summary>
    /// <returns>A new read-only stream over the file's bytes.</returns>
    /// <exception cref="InvalidOperationException">The model was wrapped with <see cref="FromInferenceModel"/>, so its file is not known.</exception>
    public Stream OpenModelStream()
    {
        if (_serialized.IsEmpty)
        {
            throw new InvalidOperationException("This model was wrapped with AcousticModel.FromInferenceModel, so its ONNX file is not known.");
        }

        return new MemoryStream(_serialized.ToArray(), writable: false);
    }

    /// <summary>
    /// The same model (same file, featurizer and settings) loaded in another inference backend, for example ONNX
    /// Runtime. Returns this instance when <paramref name="backend"/> already runs it.
    /// </summary>
    /// <param name="backend">The backend.</param>
    /// <returns>The model in that backend.</returns>
    /// <exception cref="InvalidOperationException">The model was wrapped with <see cref="FromInferenceModel"/>, so its file is not known.</exception>
    /// <exception cref="ModelFormatException">The backend cannot load the model.</exception>
    public AcousticModel WithBackend(IInferenceBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (ReferenceEquals(backend, Backend))
        {
            return this;
        }

        if (_serialized.IsEmpty)
        {
            throw new InvalidOperationException(
                "This model was wrapped with AcousticModel.FromInferenceModel, so it cannot be reloaded in another backend; load the .onnx file with AcousticModel.Load(path, backend) instead.");
        }

        return new AcousticModel(backend.Load(_serialized.Span), backend, _serialized, _givenFeaturizer, Source);
    }

    /// <summary>A one-line description: source, version and featurizer.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"AcousticModel({Source}{(Backend is null || Backend is ManagedOnnxBackend ? "" : ", " + Backend.Name)}, version {Version ?? "unknown"}, {Featurizer.BinCount} bins at {Featurizer.FrameRate.ToString("0.###", CultureInfo.InvariantCulture)} frames/s)";

    private (int Frames, string? Unbounded) FindReceptiveField()
    {
        if (Inference.Metadata.TryGetValue(ReceptiveFieldKey, out string? stated))
        {
            if (int.TryParse(stated, NumberStyles.None, CultureInfo.InvariantCulture, out int frames) && frames <= MaxMeasuredReceptiveFieldFrames)
            {
                return (frames, null);
            }

            throw new ModelFormatException(
                $"The model's ({Source}) \"{ReceptiveFieldKey}\" metadata is '{stated}'; expected a whole number of frames from 0 to {MaxMeasuredReceptiveFieldFrames}.");
        }

        // Two probes: change the centre frame of a random spectrogram (two different ways) and see how far the change
        // reaches in the outputs. The probe is long enough that reaching its ends means "unbounded" for our purposes.
        const int Half = MaxMeasuredReceptiveFieldFrames + 1;
        const int Frames = (2 * Half) + 1;
        int bins = Featurizer.BinCount;
        var random = new Random(20261128);
        float[] baseline = new float[Frames * bins];
        for (int i = 0; i < baseline.Length; i++)
        {
            baseline[i] = (float)(random.NextDouble() * 2);
        }

        IReadOnlyDictionary<string, Tensor> reference = RunProbe(baseline, Frames, bins);
        int reach = 0;
        for (int probe = 0; probe < 2; probe++)
        {
            float[] changed = (float[])baseline.Clone();
            for (int b = 0; b < bins; b++)
            {
                changed[(Half * bins) + b] = probe == 0 ? (float)(random.NextDouble() * 4) : 0f;
            }

            IReadOnlyDictionary<string, Tensor> outputs = RunProbe(changed, Frames, bins);
            foreach ((string name, Tensor before) in reference)
            {
                ReadOnlySpan<float> a = before.Data.Span;
                ReadOnlySpan<float> c = outputs[name].Data.Span;
                int stride = a.Length / Frames;
                for (int t = 0; t < Frames; t++)
                {
                    if (!a.Slice(t * stride, stride).SequenceEqual(c.Slice(t * stride, stride)))
                    {
                        reach = Math.Max(reach, Math.Abs(t - Half));
                    }
                }
            }
        }

        return reach >= Half
            ? (0, $"The model's ({Source}) receptive field exceeds {MaxMeasuredReceptiveFieldFrames} frames on each side (a recurrent or attention model?); it has no bounded latency.")
            : (reach, null);
    }

    private IReadOnlyDictionary<string, Tensor> RunProbe(float[] spectrogram, int frames, int bins) =>
        Inference.Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [InputName] = new Tensor(spectrogram, 1, frames, bins) });

    private static AcousticModel LoadDefault()
    {
        using Stream stream = typeof(AcousticModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new ModelFormatException($"The embedded default model '{ResourceName}' is missing from the assembly.");
        return Create(OnnxModel.ReadModelStream(stream), ManagedOnnxBackend.Instance, null, "embedded");
    }

    private static AcousticModel Create(byte[] serialized, IInferenceBackend backend, Featurizer? featurizer, string source) =>
        new(backend.Load(serialized), backend, serialized, featurizer, source);

    private static DecoderOptions DecoderFromMetadata(IInferenceModel model, string source)
    {
        if (!model.Metadata.TryGetValue(DecoderKey, out string? json) || string.IsNullOrWhiteSpace(json))
        {
            return DecoderOptions.Default;
        }

        try
        {
            return DecoderOptions.FromJson(json);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new ModelFormatException($"The model's ({source}) \"{DecoderKey}\" metadata is not valid decoder settings: {ex.Message}", ex);
        }
    }

    private static Featurizer FeaturizerFromMetadata(IInferenceModel model, string source)
    {
        if (!model.Metadata.TryGetValue(FeaturizerKey, out string? json) || string.IsNullOrWhiteSpace(json))
        {
            throw new ModelFormatException(
                $"The model ({source}) has no \"{FeaturizerKey}\" metadata entry; pass the featurizer it was trained with explicitly.");
        }

        try
        {
            return Featurizer.FromJson(json);
        }
        catch (FormatException ex)
        {
            throw new ModelFormatException($"The model's \"{FeaturizerKey}\" metadata is not a valid featurizer: {ex.Message}", ex);
        }
    }
}
