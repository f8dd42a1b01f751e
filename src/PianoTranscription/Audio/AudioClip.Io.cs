using PianoTranscription.IO;

namespace PianoTranscription.Audio;

public sealed partial class AudioClip
{
    /// <summary>
    /// The most samples one clip can hold (<see cref="Array.MaxLength"/> of a float array: 2,147,483,591, about
    /// 13.5 hours at 44.1 kHz). Longer files are refused with an <see cref="AudioFormatException"/>.
    /// </summary>
    public const int MaxSampleCount = 0x7FFFFFC7;

    /// <summary>The block read past a full array to learn whether the audio goes on.</summary>
    private const int SpillLength = 1 << 16;

    /// <summary>Loads an audio file as a mono clip at the file's own sample rate.</summary>
    /// <param name="path">The file: WAV is read directly; FLAC, MP3, Ogg, M4A and the rest are decoded with ffmpeg.</param>
    /// <returns>The clip (channels averaged to mono).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported, or it needs ffmpeg and ffmpeg is missing or fails.</exception>
    public static AudioClip Load(string path) => Load(path, AudioLoadOptions.Default);

    /// <summary>Loads an audio file as a mono clip.</summary>
    /// <param name="path">The file: WAV is read directly; FLAC, MP3, Ogg, M4A and the rest are decoded with ffmpeg.</param>
    /// <param name="options">Target sample rate, ffmpeg location and NaN handling.</param>
    /// <returns>The clip (channels averaged to mono).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported, or it needs ffmpeg and ffmpeg is missing or fails.</exception>
    public static AudioClip Load(string path, AudioLoadOptions options) =>
        LoadAsync(path, options, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Loads an audio file as a mono clip at the file's own sample rate, asynchronously.</summary>
    /// <param name="path">The file: WAV is read directly; FLAC, MP3, Ogg, M4A and the rest are decoded with ffmpeg.</param>
    /// <param name="cancellationToken">Cancels the load (an ffmpeg process is killed).</param>
    /// <returns>The clip (channels averaged to mono).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported, or it needs ffmpeg and ffmpeg is missing or fails.</exception>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static Task<AudioClip> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        LoadAsync(path, AudioLoadOptions.Default, cancellationToken);

    /// <summary>Loads an audio file as a mono clip, asynchronously.</summary>
    /// <param name="path">The file: WAV is read directly; FLAC, MP3, Ogg, M4A and the rest are decoded with ffmpeg.</param>
    /// <param name="options">Target sample rate, ffmpeg location and NaN handling.</param>
    /// <param name="cancellationToken">Cancels the load (an ffmpeg process is killed).</param>
    /// <returns>The clip (channels averaged to mono).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is corrupt or unsupported, or it needs ffmpeg and ffmpeg is missing or fails.</exception>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static async Task<AudioClip> LoadAsync(string path, AudioLoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        AudioClip clip;
        using (AudioSource source = AudioSource.Open(path, options, cancellationToken))
        {
            clip = await ReadAllAsync(source, cancellationToken).ConfigureAwait(false);
        }

        return options.SampleRate is int rate ? clip.Resample(rate) : clip;
    }

    /// <summary>Reads audio from a stream as a mono clip at its own sample rate.</summary>
    /// <param name="stream">
    /// The file's bytes, read from the current position; need not be seekable. Left open. WAV (RIFF/WAVE or RF64) is
    /// read directly; FLAC, MP3, Ogg, M4A, AIFF and Matroska, recognised by their first bytes, are piped through ffmpeg.
    /// </param>
    /// <returns>The clip (channels averaged to mono).</returns>
    /// <exception cref="AudioFormatException">The data is not valid, supported audio, or it needs ffmpeg and ffmpeg is missing or fails.</exception>
    public static AudioClip Load(Stream stream) => Load(stream, AudioLoadOptions.Default);

    /// <summary>Reads audio from a stream as a mono clip.</summary>
    /// <param name="stream">
    /// The file's bytes, read from the current position; need not be seekable. Left open. WAV (RIFF/WAVE or RF64) is
    /// read directly; FLAC, MP3, Ogg, M4A, AIFF and Matroska, recognised by their first bytes, are piped through ffmpeg.
    /// </param>
    /// <param name="options">Target sample rate, ffmpeg location and NaN handling.</param>
    /// <returns>The clip (channels averaged to mono).</returns>
    /// <exception cref="AudioFormatException">The data is not valid, supported audio, or it needs ffmpeg and ffmpeg is missing or fails.</exception>
    public static AudioClip Load(Stream stream, AudioLoadOptions options) =>
        LoadAsync(stream, options, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Reads audio from a stream as a mono clip, asynchronously.</summary>
    /// <param name="stream">
    /// The file's bytes, read from the current position; need not be seekable. Left open. WAV (RIFF/WAVE or RF64) is
    /// read directly; FLAC, MP3, Ogg, M4A, AIFF and Matroska, recognised by their first bytes, are piped through
    /// ffmpeg's standard input and output (no temporary files).
    /// </param>
    /// <param name="options">Target sample rate, ffmpeg location and NaN handling.</param>
    /// <param name="cancellationToken">Cancels the load (an ffmpeg process is killed).</param>
    /// <returns>The clip (channels averaged to mono).</returns>
    /// <exception cref="AudioFormatException">The data is not valid, supported audio, or it needs ffmpeg and ffmpeg is missing or fails.</exception>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static async Task<AudioClip> LoadAsync(Stream stream, AudioLoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        AudioClip clip;
        using (AudioSource source = AudioSource.Open(stream, options, cancellationToken))
        {
            clip = await ReadAllAsync(source, cancellationToken).ConfigureAwait(false);
        }

        return options.SampleRate is int rate ? clip.Resample(rate) : clip;
    }

    /// <summary>Writes the clip as a mono WAV file, atomically (readers never see a half-written file).</summary>
    /// <param name="path">The target file; replaced if it exists.</param>
    /// <param name="format">16-bit PCM (the default; samples clamped to [-1, 1)) or 32-bit float (exact).</param>
    /// <exception cref="ArgumentException">The clip is over the WAV format's 4 GB data limit.</exception>
    public void SaveWav(string path, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream => WriteWav(stream, format));
    }

    /// <summary>Writes the clip as a mono WAV file to a stream.</summary>
    /// <param name="stream">The destination; left open.</param>
    /// <param name="format">16-bit PCM (the default; samples clamped to [-1, 1)) or 32-bit float (exact).</param>
    /// <exception cref="ArgumentException">The clip is over the WAV format's 4 GB data limit.</exception>
    public void WriteWav(Stream stream, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown WAV sample format.");
        }

        WavWriter.Write(stream, _samples, SampleRate, format);
    }

    /// <summary>Returns the clip resampled to another rate with the band-limited <see cref="Resampler"/>.</summary>
    /// <param name="targetRate">The new sample rate (positive).</param>
    /// <returns>A new clip at <paramref name="targetRate"/>, or this clip when the rate is already right.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetRate"/> is not positive.</exception>
    public AudioClip Resample(int targetRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRate);
        if (targetRate == SampleRate)
        {
            return this;
        }

        return Wrap(new Resampler(SampleRate, targetRate).Process(_samples), targetRate);
    }

    /// <summary>
    /// Reads a source to its end into one array: allocated at once when the source's length is sure (a seekable
    /// WAV), else from its announced length, grown as samples actually arrive; refused over <see cref="MaxSampleCount"/>.
    /// </summary>
    private static async Task<AudioClip> ReadAllAsync(AudioSource source, CancellationToken cancellationToken)
    {
        (long initial, long limit) = source.ClipCapacity();
        limit = Math.Min(limit, MaxSampleCount);
        float[] samples = new float[Math.Min(initial, limit)];
        float[]? spill = null;
        int written = 0;
        while (true)
        {
            if (written < samples.Length)
            {
                int n = await source.ReadAsync(samples.AsMemory(written), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                written += n;
                continue;
            }

            // The array is full: read on into a side buffer, and grow only if there really is more.
            spill ??= new float[SpillLength];
            int more = await source.ReadAsync(spill, cancellationToken).ConfigureAwait(false);
            if (more == 0)
            {
                break;
            }

            long needed = written + (long)more;
            WavReader.CheckLength(source.Name, needed, source.SampleRate);
            Array.Resize(ref samples, (int)Math.Min(Math.Max(samples.Length * 2L, needed), limit));
            spill.AsSpan(0, more).CopyTo(samples.AsSpan(written));
            written += more;
        }

        if (written != samples.Length)
        {
            Array.Resize(ref samples, written);
        }

        return Wrap(samples, source.SampleRate);
    }
}
