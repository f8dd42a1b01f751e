using System.Runtime.InteropServices;

namespace PianoTranscription.Audio;

/// <summary>
/// Audio decoded by ffmpeg and read from its standard output as it comes. A file is probed first and decoded to raw
/// float32 frames at its native rate and channel count (<see cref="FfmpegDecoder.FileArguments"/>); a stream is fed
/// to ffmpeg's standard input and comes back as a float32 WAV read by the built-in reader
/// (<see cref="FfmpegDecoder.PipeArguments"/>). Channels are averaged to mono by <see cref="ChannelMixer"/>.
/// </summary>
internal sealed class FfmpegAudioSource : AudioSource
{
    private const int BufferBytes = 1 << 18;
    private const int MinClipCapacity = 1024;
    private const int MaxClipCapacity = 1 << 24;
    private const int UnknownClipCapacity = 1 << 20;
    private const string StreamName = "stream";

    private readonly FfmpegProcess _process;
    private readonly AudioContainer _container;
    private readonly int _sampleRate;
    private readonly int _channels;
    private readonly long? _frameCount;
    private readonly TimeSpan? _duration;

    // Exactly one of the two readers: raw float32 frames (a file) or ffmpeg's WAV output (a stream).
    private readonly FrameReader? _frames;
    private readonly WavAudioSource? _wav;
    private bool _finished;

    private FfmpegAudioSource(string name, FfmpegProcess process, AudioContainer container, AudioFileInfo info)
        : base(name)
    {
        _process = process;
        _container = container;
        _sampleRate = info.SampleRate;
        _channels = info.Channels > 0 ? info.Channels : 1;
        _frameCount = info.FrameCount;
        _duration = info.Duration;
        int channels = _channels;
        _frames = new FrameReader(process.Output, 4 * channels, Math.Max(1, BufferBytes / (4 * channels)),
            (bytes, mono) => ChannelMixer.Downmix(MemoryMarshal.Cast<byte, float>(bytes), mono, channels));
    }

    private FfmpegAudioSource(FfmpegProcess process, AudioContainer container, WavAudioSource wav)
        : base(StreamName)
    {
        _process = process;
        _container = container;
        _wav = wav;
        _sampleRate = wav.SampleRate;
        _channels = wav.Channels;
        _frameCount = wav.FrameCount;
    }

    public override int SampleRate => _sampleRate;

    public override int Channels => _channels;

    /// <summary>For a file, null: ffmpeg reports only a duration rounded to 10 ms (see <see cref="Duration"/>); for a stream, what ffmpeg's WAV header says.</summary>
    public override long? FrameCount => _frameCount;

    /// <inheritdoc />
    public override TimeSpan? Duration => _duration ?? base.Duration;

    /// <summary>Probes a file with <c>ffmpeg -i</c> and starts decoding its first audio stream.</summary>
    public static FfmpegAudioSource OpenFile(string path, AudioContainer container, string ffmpeg, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ffmpeg, nameof(AudioLoadOptions.FfmpegPath));
        AudioFileInfo info = FfmpegDecoder.Probe(path, container, 0, ffmpeg, cancellationToken);
        int channels = info.Channels > 0 ? info.Channels : 1;
        FfmpegProcess process = FfmpegProcess.Start(path, container, ffmpeg, FfmpegDecoder.FileArguments(path, channels, info.SampleRate), cancellationToken);
        return new FfmpegAudioSource(path, process, container, info);
    }

    /// <summary>Starts ffmpeg on a stream fed to its standard input and reads the header of the WAV it writes.</summary>
    public static FfmpegAudioSource OpenPipe(Stream input, AudioContainer container, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.FfmpegPath, nameof(AudioLoadOptions.FfmpegPath));
        FfmpegProcess process = FfmpegProcess.Start(StreamName, container, options.FfmpegPath, FfmpegDecoder.PipeArguments, cancellationToken, input);
        WavAudioSource wav;
        try
        {
            wav = new WavAudioSource(process.Output, StreamName, options.NonFiniteSamples, ownsStream: false, readAsync: true);
        }
        catch (AudioFormatException ex)
        {
            using (process)
            {
                throw PipeFailure(process, container, ex);
            }
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new FfmpegAudioSource(process, container, wav);
    }

    internal override (long Initial, long Limit) ClipCapacity() =>
        _wav?.ClipCapacity() ?? (Math.Clamp(_frameCount is long f ? f + _sampleRate : UnknownClipCapacity, MinClipCapacity, MaxClipCapacity), long.MaxValue);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _frames?.Dispose();
            _wav?.Dispose();
            _process.Dispose();
        }

        base.Dispose(disposing);
    }

    private protected override int ReadCore(Span<float> destination)
    {
        _process.ThrowIfCancellationRequested();
        if (_finished)
        {
            return 0;
        }

        int n;
        if (_wav is null)
        {
            n = _frames!.Read(destination);
        }
        else
        {
            try
            {
                n = _wav.Read(destination);
            }
            catch (AudioFormatException ex)
            {
                _finished = true;
                throw PipeFailure(_process, _container, ex);
            }
        }

        return n > 0 ? n : Finish();
    }

    private protected override async ValueTask<int> ReadCoreAsync(Memory<float> destination, CancellationToken cancellationToken)
    {
        _process.ThrowIfCancellationRequested();
        if (_finished)
        {
            return 0;
        }

        int n;
        if (_wav is null)
        {
            n = await _frames!.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            try
            {
                n = await _wav.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
            }
            catch (AudioFormatException ex)
            {
                _finished = true;
                throw PipeFailure(_process, _container, ex);
            }
        }

        return n > 0 ? n : Finish();
    }

    /// <summary>
    /// The WAV that ffmpeg wrote could not be read: ffmpeg is stopped, and when it failed (as it does when killed)
    /// its own message, the better one, is given with the reader's error inside.
    /// </summary>
    private static AudioFormatException PipeFailure(FfmpegProcess process, AudioContainer container, AudioFormatException readError)
    {
        process.Kill();
        (int exitCode, string errors) = process.WaitForExit();
        return exitCode != 0 ? PipeError(container, errors, readError) : readError;
    }

    private static AudioFormatException PipeError(AudioContainer container, string errors, AudioFormatException? readError)
    {
        string reason = errors.Length > 0 ? FfmpegDecoder.ErrorLine(errors, "pipe:0") : readError?.Message ?? "no message";
        string message = $"{StreamName}: the data looks like {AudioFile.DescribeContainer(container)} but ffmpeg could not decode it: {reason}";
        return readError is null ? new AudioFormatException(message) : new AudioFormatException(message, readError);
    }

    /// <summary>The output has ended: ffmpeg's exit code tells whether it was all of the audio.</summary>
    /// <returns>0, the end of the samples, when ffmpeg succeeded.</returns>
    private int Finish()
    {
        _finished = true;
        (int exitCode, string errors) = _process.WaitForExit();
        if (exitCode != 0)
        {
            throw _wav is not null
                ? PipeError(_container, errors, null)
                : new AudioFormatException($"{Name}: ffmpeg could not decode it: {FfmpegDecoder.ErrorLine(errors, Name)}");
        }

        return 0;
    }
}
