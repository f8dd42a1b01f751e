using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Features;
using PianoTranscription.Inference;

namespace PianoTranscription.Transcription;

/// <summary>
/// Configures a <see cref="PianoTranscriber"/>, stage by stage. Immutable: every <c>With…</c> returns a new builder,
/// so a builder can be shared and specialised freely. Unset stages take their defaults: the embedded model
/// (<see cref="AcousticModel.Default"/>), the model's featurizer, the model's tuned decoder settings
/// (<see cref="AcousticModel.DecoderOptions"/>), all processors,
/// 20 s chunks with 1 s of context.
/// </summary>
/// <example>
/// <code>
/// PianoTranscriber transcriber = PianoTranscriber.CreateBuilder()
///     .WithModel(AcousticModel.Load("my-model.onnx"))
///     .WithDecoder(o => o with { OnsetThreshold = 0.4f })
///     .WithThreads(1)
///     .Build();
/// </code>
/// </example>
public sealed class PianoTranscriberBuilder
{
    /// <summary>The default chunk length (20 s).</summary>
    public static readonly TimeSpan DefaultChunkDuration = TimeSpan.FromSeconds(20);

    /// <summary>The default context on each side of a chunk (1 s, five times the default model's receptive field).</summary>
    public static readonly TimeSpan DefaultContextDuration = TimeSpan.FromSeconds(1);

    private AcousticModel? _model;
    private IInferenceBackend? _backend;
    private Featurizer? _featurizer;
    private DecoderOptions? _decoder;
    private Func<DecoderOptions, DecoderOptions>? _configureDecoder;
    private int _threads = Environment.ProcessorCount;
    private TimeSpan _chunk = DefaultChunkDuration;
    private TimeSpan _context = DefaultContextDuration;
    private AudioLoadOptions _audio = AudioLoadOptions.Default;
    private bool _lowLatency;
    private PianoDetector? _pianoCheck;

    /// <summary>The chunk length <see cref="WithLowLatency"/> uses, in model frames (40 ms for the default model).</summary>
    public const int LowLatencyChunkFrames = 2;

    internal PianoTranscriberBuilder()
    {
    }

    /// <summary>Uses another acoustic model (its featurizer comes with it).</summary>
    /// <param name="model">The model.</param>
    /// <returns>A new builder.</returns>
    public PianoTranscriberBuilder WithModel(AcousticModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Copy(b => b._model = model);
    }

    /// <summary>Uses the model in an ONNX file (loaded and validated now).</summary>
    /// <param name="path">The .onnx file.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid model with the expected inputs and outputs.</exception>
    public PianoTranscriberBuilder WithModel(string path) => WithModel(AcousticModel.Load(path));

    /// <summary>
    /// Runs the model in another inference backend (by default the model's own: the managed engine for
    /// <see cref="AcousticModel.Default"/> and <see cref="AcousticModel.Load(string, Featurizer?)"/>). The model is
    /// reloaded in it by <see cref="Build"/> (<see cref="AcousticModel.WithBackend"/>); packages such as
    /// PianoTranscription.OnnxRuntime add shortcuts like <c>WithOnnxRuntime()</c> on top of this.
    /// </summary>
    /// <param name="backend">The backend.</param>
    /// <returns>A new builder.</returns>
    public PianoTranscriberBuilder WithBackend(IInferenceBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return Copy(b => b._backend = backend);
    }

    /// <summary>
    /// Replaces the model's featurizer (rarely right: a model only works with the features it was trained on).
    /// </summary>
    /// <param name="featurizer">The featurizer; its bin count must fit the model's input.</param>
    /// <returns>A new builder.</returns>
    public PianoTranscriberBuilder WithFeaturizer(Featurizer featurizer)
    {
        ArgumentNullException.ThrowIfNull(featurizer);
        return Copy(b => b._featurizer = featurizer);
    }

    /// <summary>
    /// Replaces the decoder settings (by default the model's own tuned settings, <see cref="AcousticModel.DecoderOptions"/>).
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <returns>A new builder.</returns>
    public PianoTranscriberBuilder WithDecoder(DecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Copy(b => (b._decoder, b._configureDecoder) = (options, null));
    }

    /// <summary>
    /// Adjusts the decoder settings, e.g. <c>WithDecoder(o =&gt; o with { OnsetThreshold = 0.4f })</c>. The function
    /// receives the settings in force when <see cref="Build"/> runs: those given to
    /// <see cref="WithDecoder(DecoderOptions)"/>, else the model's tuned settings; several calls compose in order.
    /// </summary>
    /// <param name="configure">Returns new settings from the current ones.</param>
    /// <returns>A new builder.</returns>
    public PianoTranscriberBuilder WithDecoder(Func<DecoderOptions, DecoderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Func<DecoderOptions, DecoderOptions>? previous = _configureDecoder;
        return Copy(b => b._configureDecoder = previous is null ? configure : o => configure(previous(o)));
    }

    /// <summary>Sets the most threads one transcription uses (1 keeps all work on the calling thread).</summary>
    /// <param name="threads">At least 1; default <see cref="Environment.ProcessorCount"/>.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public PianoTranscriberBuilder WithThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return Copy(b => b._threads = threads);
    }

    /// <summary>
    /// Sets how much audio the model processes at once and the context added on each side. The context must cover
    /// the model's receptive field (0.2 s for the default model) for the notes to be independent of the chunking;
    /// shorter chunks lower the latency of <see cref="LiveTranscription"/> and the memory, longer ones the overhead.
    /// </summary>
    /// <param name="chunk">Chunk length, at least one frame.</param>
    /// <param name="context">Context on each side, at least 0.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A duration is out of range.</exception>
    public PianoTranscriberBuilder WithChunking(TimeSpan chunk, TimeSpan context)
    {
        if (chunk <= TimeSpan.Zero || chunk > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "The chunk length must be positive and at most one hour.");
        }

        if (context < TimeSpan.Zero || context > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(context), context, "The context must be between 0 and one minute.");
        }

        return Copy(b => (b._chunk, b._context, b._lowLatency) = (chunk, context, false));
    }

    /// <summary>
    /// Sets the chunking for the lowest latency on live input (<see cref="PianoTranscriber.CreateStream"/>,
    /// <see cref="PianoTranscriber.TranscribeLiveAsync"/>): chunks of <see cref="LowLatencyChunkFrames"/> frames with
    /// exactly the model's receptive field (<see cref="AcousticModel.ReceptiveFieldFrames"/>) as context. A note's start
    /// is then known about 0.25–0.4 s after it sounds with the default model (its receptive field 0.2 s + chunk 0.04 s +
    /// decoder look-ahead 0.04 s + half an STFT window 0.064 s + the block you push), and the notes still equal those of
    /// one pass over the whole input.
    /// </summary>
    /// <remarks>
    /// The model then runs about 11 input frames per output frame instead of 1.1: still far faster than real time, but
    /// use a separately built transcriber with the default chunking for files. A later <see cref="WithChunking"/>
    /// replaces this setting.
    /// </remarks>
    /// <returns>A new builder.</returns>
    public PianoTranscriberBuilder WithLowLatency() => Copy(b => b._lowLatency = true);

    /// <summary>Sets how audio files are read (ffmpeg location, NaN handling; the sample rate is always the model's).</summary>
    /// <param name="options">The options.</param>
    /// <returns>A new builder.</returns>
    public PianoTranscriberBuilder WithAudioLoadOptions(AudioLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Copy(b => b._audio = options);
    }

    /// <summary>
    /// Checks every file, stream and clip transcribed (not live input) with a <see cref="PianoDetector"/> and adds a
    /// warning to <see cref="TranscriptionResult.Warnings"/> when the input is not solo piano (the model is trained and
    /// measured on solo piano only). Off by default: it keeps the whole input in memory (4 bytes per sample at the
    /// input's rate) and adds about a quarter to the transcription time (+27 % measured, docs/analysis.md).
    /// </summary>
    /// <param name="detector">The detector; null for <see cref="PianoDetector.Default"/>.</param>
    /// <returns>A new builder.</returns>
    public PianoTranscriberBuilder WithPianoCheck(PianoDetector? detector = null) => Copy(b => b._pianoCheck = detector ?? PianoDetector.Default);

    /// <summary>Creates the transcriber (loading the embedded model on first use).</summary>
    /// <returns>An immutable, thread-safe transcriber.</returns>
    /// <exception cref="ArgumentException">The featurizer does not fit the model.</exception>
    /// <exception cref="NotSupportedException"><see cref="WithLowLatency"/> was asked of a model with an unbounded receptive field.</exception>
    /// <exception cref="ModelFormatException">The backend given to <see cref="WithBackend"/> cannot load the model.</exception>
    /// <exception cref="InvalidOperationException">A backend was given for a model wrapped with <see cref="AcousticModel.FromInferenceModel"/>.</exception>
    public PianoTranscriber Build()
    {
        AcousticModel model = _model ?? AcousticModel.Default;
        if (_backend is not null)
        {
            model = model.WithBackend(_backend);
        }

        Featurizer featurizer = _featurizer ?? model.Featurizer;
        featurizer.RequireFrameLocal("for chunked transcription (WithFeaturizer)", m => new ArgumentException(m));

        if (model.Contract.InputBinCount is long bins && bins != featurizer.BinCount)
        {
            throw new ArgumentException($"The featurizer (WithFeaturizer) produces {featurizer.BinCount} bins per frame but the model expects {bins}.");
        }

        DecoderOptions decoder = _decoder ?? model.DecoderOptions;
        if (_configureDecoder is not null)
        {
            decoder = _configureDecoder(decoder) ?? throw new ArgumentException("The decoder configuration (WithDecoder) returned null.");
        }

        TimeSpan chunk = _chunk;
        TimeSpan context = _context;
        if (_lowLatency)
        {
            chunk = TimeSpan.FromSeconds(LowLatencyChunkFrames / featurizer.FrameRate);
            context = TimeSpan.FromSeconds(model.ReceptiveFieldFrames / featurizer.FrameRate);
        }

        return new PianoTranscriber(model, featurizer, decoder, _threads, chunk, context, _audio, _pianoCheck);
    }

    private PianoTranscriberBuilder Copy(Action<PianoTranscriberBuilder> change)
    {
        var copy = (PianoTranscriberBuilder)MemberwiseClone();
        change(copy);
        return copy;
    }
}
