using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PianoTranscription.Audio;

namespace PianoTranscription.Transcription;

/// <summary>
/// Decodes a non-WAV file with ffmpeg block by block (the same command and down-mix as <see cref="AudioClip.Load(string)"/>),
/// so a transcription of a long FLAC or MP3 never holds the whole signal.
/// </summary>
internal sealed class FfmpegBlockReader : ISampleReader
{
    private readonly Process _process;
    private readonly Stream _stdout;
    private readonly Task<string> _stderr;
    private readonly CancellationTokenRegistration _registration;
    private readonly CancellationToken _cancellationToken;
    private readonly string _path;
    private readonly int _channels;
    private readonly byte[] _buffer;
    private int _filled;
    private bool _finished;

    public FfmpegBlockReader(string path, AudioContainer container, string ffmpeg, CancellationToken cancellationToken)
    {
        _path = path;
        _cancellationToken = cancellationToken;
        AudioFileInfo info = FfmpegDecoder.Probe(path, container, 0, ffmpeg, cancellationToken);
        _channels = info.Channels > 0 ? info.Channels : 1;
        SampleRate = info.SampleRate;
        FrameCount = info.FrameCount;
        string[] args =
        [
            "-hide_banner", "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-vn", "-sn",
            "-f", "f32le", "-acodec", "pcm_f32le", "-ac", _channels.ToString(CultureInfo.InvariantCulture),
            "-ar", info.SampleRate.ToString(CultureInfo.InvariantCulture), "-",
        ];
        _process = FfmpegDecoder.Start(path, container, ffmpeg, args);
        _stdout = _process.StandardOutput.BaseStream;
        _stderr = FfmpegDecoder.ReadLimitedAsync(_process.StandardError);
        _registration = cancellationToken.Register(() => FfmpegDecoder.KillQuietly(_process));
        _buffer = ArrayPool<byte>.Shared.Rent(1 << 18);
    }

    public int SampleRate { get; }

    /// <summary>The number of sample frames ffmpeg reports (from the duration), when it does.</summary>
    public long? FrameCount { get; }

    /// <summary>Reads up to <paramref name="destination"/>.Length mono samples; 0 at the end (after checking ffmpeg's exit code).</summary>
    public int Read(Span<float> destination)
    {
        int frameBytes = 4 * _channels;
        int capacity = Math.Min(_buffer.Length / frameBytes, destination.Length) * frameBytes;
        while (!_finished)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            int n = _stdout.Read(_buffer, _filled, capacity - _filled);
            if (n <= 0)
            {
                Finish();
                break;
            }

            _filled += n;
            int whole = _filled / frameBytes;
            if (whole == 0)
            {
                continue;
            }

            FfmpegDecoder.Downmix(MemoryMarshal.Cast<byte, float>(_buffer.AsSpan(0, whole * frameBytes)), destination[..whole], _channels);
            int rest = _filled - (whole * frameBytes);
            Buffer.BlockCopy(_buffer, whole * frameBytes, _buffer, 0, rest);
            _filled = rest;
            return whole;
        }

        return 0;
    }

    public void Dispose()
    {
        _registration.Dispose();
        if (!_process.HasExited)
        {
            FfmpegDecoder.KillQuietly(_process);
        }

        _process.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    private void Finish()
    {
        _finished = true;
        _process.WaitForExit();
        _cancellationToken.ThrowIfCancellationRequested();
        string errors = _stderr.GetAwaiter().GetResult();
        if (_process.ExitCode != 0)
        {
            throw new AudioFormatException($"{_path}: ffmpeg could not decode it: {FfmpegDecoder.ErrorLine(errors, _path)}");
        }
    }
}
