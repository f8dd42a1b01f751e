namespace PianoTranscription.Audio;

/// <summary>
/// Audio read block by block as mono samples at the source's own rate, so a long recording never has to be held
/// whole: a WAV file or stream read directly, or any other format decoded by an ffmpeg process whose output is read
/// as it comes. <see cref="AudioClip.Load(string, AudioLoadOptions)"/> and the transcriber read audio through it.
/// </summary>
/// <remarks>
/// <para><see cref="Open(string, AudioLoadOptions?, CancellationToken)"/> and <see cref="Open(Stream, AudioLoadOptions?, CancellationToken)"/>
/// recognise the format from the first bytes: RIFF/WAVE and RF64 are read by the built-in WAV reader, everything
/// else is decoded with ffmpeg (a file without recognised magic bytes is read as WAV when it is empty or named
/// <c>.wav</c>, so the error names the real problem; a stream without them is always read as WAV).</para>
/// <para>Multi-channel audio is down-mixed to mono by averaging the channels of each frame, as
/// <see cref="AudioClip.FromInterleaved(ReadOnlySpan{float}, int, int)"/> does. Samples are not resampled.</para>
/// <para>Not thread-safe: one reader at a time. Dispose it when done; disposing an ffmpeg source kills the process
/// if it is still running, and cancelling the token given to <c>Open</c> kills it at once.</para>
/// </remarks>
/// <example>
/// <code>
/// using AudioSource source = AudioSource.Open("take1.flac");
/// float[] block = new float[65536];
/// int n;
/// while ((n = source.Read(block)) &gt; 0)
/// {
///     Process(block.AsSpan(0, n), source.SampleRate);
/// }
/// </code>
/// </example>
public abstract class AudioSource : IDisposable
{
    /// <summary>
    /// The lowest sample rate accepted from a file or by the transcriber (1000 Hz). A header claiming less is corrupt,
    /// and resampling from it to the model's rate would multiply the work without bound.
    /// </summary>
    public const int MinSampleRate = 1000;

    /// <summary>The highest sample rate accepted (10 MHz); a header claiming more is treated as corrupt.</summary>
    public const int MaxSampleRate = 10_000_000;

    private bool _disposed;

    private protected AudioSource(string name)
    {
        Name = name;
    }

    /// <summary>Frames (mono samples out) per second.</summary>
    public abstract int SampleRate { get; }

    /// <summary>The channels of the source, averaged into each mono sample that <see cref="Read"/> returns.</summary>
    public abstract int Channels { get; }

    /// <summary>
    /// The number of frames the source announces (a WAV header's data size, within what a seekable stream holds;
    /// the duration ffmpeg reports), or <see langword="null"/> when it does not tell. Only an announcement: a file
    /// cut short or a decoder's padding can make the samples actually read differ.
    /// </summary>
    public abstract long? FrameCount { get; }

    /// <summary>
    /// The playing time the source announces: <see cref="FrameCount"/> at <see cref="SampleRate"/>, or the duration
    /// ffmpeg reports (to 10 ms) for formats it decodes; <see langword="null"/> when unknown.
    /// </summary>
    public virtual TimeSpan? Duration => FrameCount is long frames ? TimeSpan.FromSeconds((double)frames / SampleRate) : null;

    /// <summary>
    /// What the file's header claims that its bytes do not bear out, where the file is still read (a streamed
    /// writer's placeholder sizes, a data size past the end, a RIFF size that lies, a partial last frame): one sentence
    /// each, naming the repair. Empty for a well-formed file.
    /// </summary>
    public virtual IReadOnlyList<string> Warnings => [];

    /// <summary>Names the input in error messages: the file's path, or <c>stream</c>.</summary>
    internal string Name { get; }

    /// <summary>Opens an audio file: WAV is read directly; FLAC, MP3, Ogg, M4A and the rest are decoded with ffmpeg.</summary>
    /// <param name="path">The file (opened once: its first bytes decide the format).</param>
    /// <param name="options">The ffmpeg location and NaN handling; <see cref="AudioLoadOptions.SampleRate"/> is not used here. <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Kills the ffmpeg process when cancelled; reads then end in an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The source, positioned at the first sample; the caller disposes it.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The header is corrupt or unsupported, or the file needs ffmpeg and ffmpeg is missing or cannot read it.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or the file needs ffmpeg and <see cref="AudioLoadOptions.FfmpegPath"/> is empty.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static AudioSource Open(string path, AudioLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options = Checked(options, cancellationToken);
        FileStream stream = AudioFile.OpenRead(path);
        AudioContainer container;
        try
        {
            container = AudioFile.Sniff(stream, out _);
            if (AudioFile.IsReadAsWav(container, path, stream.Length == 0))
            {
                return new WavAudioSource(stream, path, options.NonFiniteSamples, ownsStream: true);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        stream.Dispose(); // ffmpeg reads the file itself
        return FfmpegAudioSource.OpenFile(path, container, options.FfmpegPath, cancellationToken);
    }

    /// <summary>
    /// Opens audio arriving on a stream: WAV (RIFF/WAVE or RF64) is read directly; FLAC, MP3, Ogg, M4A, AIFF and
    /// Matroska, recognised by their first bytes, are piped through ffmpeg's standard input and output (no
    /// temporary files).
    /// </summary>
    /// <param name="stream">The bytes, read from the current position; need not be seekable. Left open when the source is disposed.</param>
    /// <param name="options">The ffmpeg location and NaN handling; <see cref="AudioLoadOptions.SampleRate"/> is not used here. <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Kills the ffmpeg process when cancelled; reads then end in an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The source, positioned at the first sample; the caller disposes it.</returns>
    /// <exception cref="AudioFormatException">The data is not valid, supported audio, or it needs ffmpeg and ffmpeg is missing or cannot read it.</exception>
    /// <exception cref="ArgumentException">The data needs ffmpeg and <see cref="AudioLoadOptions.FfmpegPath"/> is empty.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static AudioSource Open(Stream stream, AudioLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options = Checked(options, cancellationToken);
        AudioContainer container = AudioFile.Sniff(stream, out Stream whole);
        return AudioFile.IsReadAsWav(container, path: null, empty: false)
            ? new WavAudioSource(whole, "stream", options.NonFiniteSamples, ownsStream: false)
            : FfmpegAudioSource.OpenPipe(whole, container, options, cancellationToken);
    }

    /// <summary>Opens a WAV stream (RIFF/WAVE or RF64) with the built-in reader only: other formats are refused, ffmpeg is never started.</summary>
    /// <param name="stream">The WAV bytes, read from the current position; need not be seekable. Left open when the source is disposed.</param>
    /// <param name="options">The NaN handling (the rest is not used here); <see langword="null"/> for the defaults.</param>
    /// <returns>The source, positioned at the first sample; the caller disposes it.</returns>
    /// <exception cref="AudioFormatException">The data is not a valid, supported WAV file.</exception>
    public static AudioSource OpenWav(Stream stream, AudioLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options = Checked(options, CancellationToken.None);
        return new WavAudioSource(stream, "stream", options.NonFiniteSamples, ownsStream: false);
    }

    /// <summary>Reads the next mono samples, one per frame (channels averaged).</summary>
    /// <param name="destination">Receives up to its length samples.</param>
    /// <returns>The number of samples written: at least 1 until the audio ends, then 0 (also 0 for an empty <paramref name="destination"/>).</returns>
    /// <exception cref="AudioFormatException">The data is corrupt (a float sample is NaN or infinite, the data is truncated), or ffmpeg failed.</exception>
    /// <exception cref="OperationCanceledException">The token given to <c>Open</c> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The source was disposed.</exception>
    public int Read(Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return destination.IsEmpty ? 0 : ReadCore(destination);
    }

    /// <summary>Reads the next mono samples like <see cref="Read"/>, waiting for an ffmpeg pipe asynchronously.</summary>
    /// <param name="destination">Receives up to its length samples.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The number of samples written: at least 1 until the audio ends, then 0 (also 0 for an empty <paramref name="destination"/>).</returns>
    /// <exception cref="AudioFormatException">The data is corrupt (a float sample is NaN or infinite, the data is truncated), or ffmpeg failed.</exception>
    /// <exception cref="OperationCanceledException">Either token was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The source was disposed.</exception>
    public ValueTask<int> ReadAsync(Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return destination.IsEmpty ? new ValueTask<int>(0) : ReadCoreAsync(destination, cancellationToken);
    }

    /// <summary>Releases the buffers, closes an owned file and kills an ffmpeg process that is still running; later calls do nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the source's resources (called once).</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Reads into a non-empty destination.</summary>
    private protected abstract int ReadCore(Span<float> destination);

    /// <summary>Reads into a non-empty destination; synchronous unless a source can wait for its input.</summary>
    private protected virtual ValueTask<int> ReadCoreAsync(Memory<float> destination, CancellationToken cancellationToken) =>
        new(ReadCore(destination.Span));

    /// <summary>How large a clip's array starts (<c>Initial</c>) and the most frames it can need (<c>Limit</c>).</summary>
    internal abstract (long Initial, long Limit) ClipCapacity();

    private static AudioLoadOptions Checked(AudioLoadOptions? options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return options ?? AudioLoadOptions.Default;
    }
}
