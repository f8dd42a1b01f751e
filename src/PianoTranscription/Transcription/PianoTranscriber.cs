using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Features;
using PianoTranscription.Inference;

namespace PianoTranscription.Transcription;

/// <summary>
/// Turns piano recordings into notes and sustain-pedal presses: audio → features → acoustic model → decoder.
/// Immutable and thread-safe: build one (<see cref="CreateDefault"/> or <see cref="CreateBuilder"/>) and reuse it for
/// any number of files, from any number of threads at once.
/// </summary>
/// <remarks>
/// <para>Audio at another sample rate is resampled to the model's. Long recordings are processed in chunks of
/// <see cref="ChunkDuration"/> with <see cref="ContextDuration"/> of audio on each side, far more than the default
/// model's receptive field (±10 frames, 0.2 s), so the notes equal those of one pass over the whole recording while
/// memory stays constant in the file's length (WAV files and streams are read block by block, other formats from an
/// ffmpeg pipe).</para>
/// <para>Each call uses up to <see cref="Threads"/> threads for featurization and inference.</para>
/// </remarks>
/// <example>
/// <code>
/// var transcriber = PianoTranscriber.CreateDefault();
/// TranscriptionResult result = transcriber.Transcribe("take1.wav");
/// result.WriteMidi("take1.mid");
/// </code>
/// </example>
public sealed class PianoTranscriber
{
    private const int ReadBlock = 1 << 16;
    private readonly InferenceSessionPool _sessions;

    internal PianoTranscriber(AcousticModel model, Featurizer featurizer, DecoderOptions decoderOptions, int threads, TimeSpan chunk, TimeSpan context, AudioLoadOptions audioOptions, PianoDetector? pianoCheck = null)
    {
        PianoCheck = pianoCheck;
        Model = model;
        Featurizer = featurizer;
        DecoderOptions = decoderOptions;
        Threads = threads;
        ChunkDuration = chunk;
        ContextDuration = context;
        AudioLoadOptions = audioOptions;
        ChunkFrames = Math.Max(1, (int)Math.Ceiling(chunk.TotalSeconds * featurizer.FrameRate));
        ContextFrames = (int)Math.Ceiling(context.TotalSeconds * featurizer.FrameRate);
        _sessions = new InferenceSessionPool(model.Inference, new InferenceOptions { MaxDegreeOfParallelism = threads });
    }

    /// <summary>The acoustic model.</summary>
    public AcousticModel Model { get; }

    /// <summary>The featurizer (the model's own unless replaced with <see cref="PianoTranscriberBuilder.WithFeaturizer"/>).</summary>
    public Featurizer Featurizer { get; }

    /// <summary>The decoder settings.</summary>
    public DecoderOptions DecoderOptions { get; }

    /// <summary>The most threads one transcription uses.</summary>
    public int Threads { get; }

    /// <summary>The length of audio the model processes at once.</summary>
    public TimeSpan ChunkDuration { get; }

    /// <summary>The audio added on each side of a chunk so its edges see the same context as in one pass.</summary>
    public TimeSpan ContextDuration { get; }

    /// <summary>The detector that checks inputs for solo piano (<see cref="PianoTranscriberBuilder.WithPianoCheck"/>), or null when off.</summary>
    public PianoDetector? PianoCheck { get; }

    /// <summary>How audio files are read (ffmpeg location, NaN handling).</summary>
    public AudioLoadOptions AudioLoadOptions { get; }

    internal int ChunkFrames { get; }

    internal int ContextFrames { get; }

    /// <summary>A transcriber with the embedded model, its featurizer, the default decoder and all processors.</summary>
    /// <returns>The transcriber.</returns>
    public static PianoTranscriber CreateDefault() => CreateBuilder().Build();

    /// <summary>Starts configuring a transcriber; unset parts take their defaults.</summary>
    /// <returns>A builder with the defaults.</returns>
    public static PianoTranscriberBuilder CreateBuilder() => new();

    /// <summary>Transcribes an audio file (WAV read block by block; FLAC, MP3, Ogg, M4A... decoded with ffmpeg).</summary>
    /// <param name="path">The audio file.</param>
    /// <returns>The notes and pedal.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported.</exception>
    public TranscriptionResult Transcribe(string path) => TranscribeFileAsync(path, null, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Transcribes WAV data from a stream (read from its current position, block by block; left open).</summary>
    /// <param name="stream">WAV bytes (RIFF/WAVE or RF64); need not be seekable.</param>
    /// <returns>The notes and pedal.</returns>
    /// <exception cref="AudioFormatException">The data is not a valid, supported WAV file.</exception>
    public TranscriptionResult Transcribe(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return TranscribeWav(stream, null, CancellationToken.None);
    }

    /// <summary>Transcribes a clip.</summary>
    /// <param name="clip">Mono audio at any sample rate.</param>
    /// <returns>The notes and pedal.</returns>
    /// <exception cref="ArgumentException">A sample is NaN or infinite.</exception>
    public TranscriptionResult Transcribe(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return TranscribeSamples(clip.Samples.Span, clip.SampleRate, null, CancellationToken.None);
    }

    /// <summary>Transcribes mono samples.</summary>
    /// <param name="samples">Mono samples, nominally in [-1, 1].</param>
    /// <param name="sampleRate">Their sample rate (resampled to the model's when different).</param>
    /// <returns>The notes and pedal.</returns>
    /// <exception cref="ArgumentException">A sample is NaN or infinite, or the rate is outside <see cref="AudioSource.MinSampleRate"/>–<see cref="AudioSource.MaxSampleRate"/>.</exception>
    public TranscriptionResult Transcribe(ReadOnlySpan<float> samples, int sampleRate) => TranscribeSamples(samples, sampleRate, null, CancellationToken.None);

    /// <summary>Transcribes an audio file asynchronously, reporting progress.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="progress">Receives progress after each block; null for none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The notes and pedal.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public Task<TranscriptionResult> TranscribeAsync(string path, IProgress<TranscriptionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        TranscribeFileAsync(path, progress, sync: false, cancellationToken);

    /// <summary>Transcribes WAV data from a stream asynchronously, reporting progress.</summary>
    /// <param name="stream">WAV bytes; read from its current position, left open.</param>
    /// <param name="progress">Receives progress after each block; null for none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The notes and pedal.</returns>
    /// <exception cref="AudioFormatException">The data is not a valid, supported WAV file.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public Task<TranscriptionResult> TranscribeAsync(Stream stream, IProgress<TranscriptionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Task.Run(() => TranscribeWav(stream, progress, cancellationToken), cancellationToken);
    }

    /// <summary>Transcribes a clip asynchronously, reporting progress.</summary>
    /// <param name="clip">Mono audio at any sample rate.</param>
    /// <param name="progress">Receives progress after each block; null for none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The notes and pedal.</returns>
    /// <exception cref="ArgumentException">A sample is NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public Task<TranscriptionResult> TranscribeAsync(AudioClip clip, IProgress<TranscriptionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return Task.Run(() => TranscribeSamples(clip.Samples.Span, clip.SampleRate, progress, cancellationToken), cancellationToken);
    }

    /// <summary>Transcribes mono samples asynchronously, reporting progress.</summary>
    /// <param name="samples">Mono samples, nominally in [-1, 1]; not modified, and must not change until the task ends.</param>
    /// <param name="sampleRate">Their sample rate.</param>
    /// <param name="progress">Receives progress after each block; null for none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The notes and pedal.</returns>
    /// <exception cref="ArgumentException">A sample is NaN or infinite, or the rate is outside <see cref="AudioSource.MinSampleRate"/>–<see cref="AudioSource.MaxSampleRate"/>.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public Task<TranscriptionResult> TranscribeAsync(ReadOnlyMemory<float> samples, int sampleRate, IProgress<TranscriptionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => TranscribeSamples(samples.Span, sampleRate, progress, cancellationToken), cancellationToken);

    /// <summary>
    /// Starts a live transcription: push samples as they arrive and receive notes as soon as they are final
    /// (see <see cref="LiveTranscription"/>).
    /// </summary>
    /// <param name="sampleRate">The rate of the samples that will be pushed.</param>
    /// <returns>A new stream; dispose it (or call <see cref="LiveTranscription.Complete"/>) when done.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="sampleRate"/> is outside <see cref="AudioSource.MinSampleRate"/>–<see cref="AudioSource.MaxSampleRate"/>
    /// (below, resampling to the model's rate would multiply the work without bound).
    /// </exception>
    public LiveTranscription CreateStream(int sampleRate)
    {
        RequireSampleRate(sampleRate);
        return new LiveTranscription(this, sampleRate, ChunkFrames, ContextFrames);
    }

    /// <summary>
    /// Transcribes audio that arrives over time (a microphone, a network stream): yields the notes and pedal presses
    /// of each block as soon as they are final, then the rest when <paramref name="audio"/> ends. Over the whole
    /// input the notes equal <see cref="Transcribe(ReadOnlySpan{float}, int)"/> of the joined samples.
    /// </summary>
    /// <param name="audio">Blocks of mono samples at <paramref name="sampleRate"/>, any sizes.</param>
    /// <param name="sampleRate">Their sample rate.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>Non-empty batches of newly final notes and pedal presses, in the order they were decided.</returns>
    /// <exception cref="ArgumentException">A sample is NaN or infinite.</exception>
    public async IAsyncEnumerable<DecodedNotes> TranscribeLiveAsync(
        IAsyncEnumerable<ReadOnlyMemory<float>> audio,
        int sampleRate,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        using LiveTranscription stream = CreateStream(sampleRate);
        await foreach (ReadOnlyMemory<float> block in audio.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            DecodedNotes decided = stream.Push(block.Span, cancellationToken);
            if (decided.Notes.Count > 0 || decided.Pedals.Count > 0)
            {
                yield return decided;
            }
        }

        DecodedNotes rest = stream.Complete(cancellationToken);
        if (rest.Notes.Count > 0 || rest.Pedals.Count > 0)
        {
            yield return rest;
        }
    }

    /// <summary>A one-line description of the configuration.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        FormattableString.Invariant($"PianoTranscriber({Model}, {Threads} threads, chunks {ChunkDuration.TotalSeconds:0.##} s ± {ContextDuration.TotalSeconds:0.##} s)");

    internal IInferenceSession RentSession() => _sessions.Rent();

    internal void ReturnSession(IInferenceSession session) => _sessions.Return(session);

    private async Task<TranscriptionResult> TranscribeFileAsync(string path, IProgress<TranscriptionProgress>? progress, bool sync, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();

        // WAV is read block by block; other formats come block by block from an ffmpeg pipe.
        TranscriptionResult Run()
        {
            using AudioSource source = AudioSource.Open(path, AudioLoadOptions, cancellationToken);
            return TranscribeSource(source, path, progress, cancellationToken);
        }

        return sync ? Run() : await Task.Run(Run, cancellationToken).ConfigureAwait(false);
    }

    private TranscriptionResult TranscribeWav(Stream stream, IProgress<TranscriptionProgress>? progress, CancellationToken cancellationToken)
    {
        using AudioSource source = AudioSource.OpenWav(stream, AudioLoadOptions);
        return TranscribeSource(source, null, progress, cancellationToken);
    }

    private TranscriptionResult TranscribeSource(AudioSource source, string? path, IProgress<TranscriptionProgress>? progress, CancellationToken cancellationToken)
    {
        int rate = source.SampleRate;
        TimeSpan? total = source.Duration;
        using LiveTranscription transcription = CreateStream(rate);
        float[] block = new float[ReadBlock];
        List<float>? kept = PianoCheck is null ? null : [];
        long read = 0;
        int n;
        while ((n = source.Read(block)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            transcription.Append(block.AsSpan(0, n), cancellationToken);
            kept?.AddRange(new ReadOnlySpan<float>(block, 0, n));
            read += n;
            TimeSpan done = TimeSpan.FromSeconds((double)read / rate);
            progress?.Report(new TranscriptionProgress(total is { } t && done > t ? t : done, total));
        }

        // Append leaves every final note queued in the decoder: Complete returns them all sorted once, and the result keeps them.
        DecodedNotes decoded = transcription.Complete(cancellationToken);
        TimeSpan duration = TimeSpan.FromSeconds((double)read / rate);

        // The total announced by a header or by ffmpeg's duration can differ from what was really read: end at the truth.
        progress?.Report(new TranscriptionProgress(duration, duration));
        string? warning = kept is null ? null : PianoWarning(AudioClip.Wrap([.. kept], rate), cancellationToken);
        return new TranscriptionResult(decoded, duration, Model.Version, path) { Warnings = warning is null ? source.Warnings : [.. source.Warnings, warning] };
    }

    private static void RequireSampleRate(int sampleRate)
    {
        if (sampleRate is < AudioSource.MinSampleRate or > AudioSource.MaxSampleRate)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate,
                $"The sample rate must be from {AudioSource.MinSampleRate} to {AudioSource.MaxSampleRate} Hz.");
        }
    }

    private TranscriptionResult TranscribeSamples(ReadOnlySpan<float> samples, int sampleRate, IProgress<TranscriptionProgress>? progress, CancellationToken cancellationToken, string? path = null)
    {
        RequireSampleRate(sampleRate);
        cancellationToken.ThrowIfCancellationRequested();
        TimeSpan total = TimeSpan.FromSeconds((double)samples.Length / sampleRate);
        using LiveTranscription transcription = CreateStream(sampleRate);
        for (int start = 0; start < samples.Length; start += ReadBlock)
        {
            int count = Math.Min(ReadBlock, samples.Length - start);
            transcription.Append(samples.Slice(start, count), cancellationToken);
            progress?.Report(new TranscriptionProgress(TimeSpan.FromSeconds((double)(start + count) / sampleRate), total));
        }

        DecodedNotes decoded = transcription.Complete(cancellationToken);
        progress?.Report(new TranscriptionProgress(total, total));
        string? warning = PianoCheck is null ? null : PianoWarning(AudioClip.FromSamples(samples, sampleRate), cancellationToken);
        return new TranscriptionResult(decoded, total, Model.Version, path) { Warnings = warning is null ? [] : [warning] };
    }

    /// <summary>The warning for input that is not solo piano, or null (solo piano, silence, or shorter than one detector clip).</summary>
    private string? PianoWarning(AudioClip clip, CancellationToken cancellationToken)
    {
        PianoDetector detector = PianoCheck!;
        AnalysisModel model = detector.Options.Model ?? AnalysisModel.Default;
        if (clip.Duration.TotalSeconds < model.ClipSeconds)
        {
            return null;
        }

        PianoDetection detection = detector.Detect(clip, cancellationToken);
        return detection.Presence is PianoPresence.SoloPiano or PianoPresence.Silence
            ? null
            : $"The input does not sound like solo piano: {detection}. The transcription model is trained and measured on solo piano only.";
    }
}
