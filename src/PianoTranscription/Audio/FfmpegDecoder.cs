using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace PianoTranscription.Audio;

/// <summary>
/// Decodes formats other than WAV by running ffmpeg: <c>ffmpeg -v error -i FILE -f f32le -ac N -ar RATE -</c>, whose
/// standard output (raw little-endian float32) is streamed straight into the sample array; no temporary files.
/// Streams are piped through ffmpeg's standard input and read back as float32 WAV from its standard output.
/// </summary>
internal static partial class FfmpegDecoder
{
    private const int StderrLimit = 64 * 1024;

    /// <summary>Reads a file's audio stream format from <c>ffmpeg -i FILE</c>'s report.</summary>
    public static AudioFileInfo Probe(string path, AudioContainer container, long fileSize, string ffmpeg, CancellationToken cancellationToken)
    {
        (int exitCode, string stderr) = RunToEnd(path, container, ffmpeg, ["-hide_banner", "-nostdin", "-i", path], cancellationToken);
        Match stream = AudioStreamLine().Match(stderr);
        if (!stream.Success)
        {
            string reason = exitCode != 0 && !stderr.Contains("Stream #", StringComparison.Ordinal) ? ErrorLine(stderr, path) : "it has no audio stream";
            throw new AudioFormatException($"{path}: ffmpeg could not read it as audio: {reason}");
        }

        string codec = stream.Groups["codec"].Value;
        int rate = int.Parse(stream.Groups["rate"].Value, CultureInfo.InvariantCulture);
        int channels = ChannelsOf(stream.Groups["layout"].Value.Trim());
        int? bits = BitsOf(codec, stream.Groups["fmt"].Value, stream.Groups["bits"].Value);
        TimeSpan? duration = null;
        Match d = DurationLine().Match(stderr);
        if (d.Success)
        {
            duration = new TimeSpan(0, int.Parse(d.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(d.Groups[2].Value, CultureInfo.InvariantCulture), 0)
                + TimeSpan.FromSeconds(double.Parse(d.Groups[3].Value, CultureInfo.InvariantCulture));
        }

        long? frames = duration is TimeSpan t ? (long)Math.Round(t.TotalSeconds * rate) : null;
        return new AudioFileInfo(container, codec, rate, channels, bits, frames, duration, fileSize);
    }

    /// <summary>Decodes the first audio stream of a file to a mono clip at its native rate.</summary>
    public static async Task<AudioClip> DecodeAsync(string path, AudioContainer container, string ffmpeg, CancellationToken cancellationToken)
    {
        AudioFileInfo info = Probe(path, container, 0, ffmpeg, cancellationToken);
        int channels = info.Channels > 0 ? info.Channels : 1;
        string[] args =
        [
            "-hide_banner", "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-vn", "-sn",
            "-f", "f32le", "-acodec", "pcm_f32le", "-ac", channels.ToString(CultureInfo.InvariantCulture),
            "-ar", info.SampleRate.ToString(CultureInfo.InvariantCulture), "-",
        ];
        using Process process = Start(path, container, ffmpeg, args);
        using CancellationTokenRegistration registration = cancellationToken.Register(() => KillQuietly(process));
        Task<string> stderr = ReadLimitedAsync(process.StandardError);
        float[] samples;
        try
        {
            long expected = info.FrameCount is long f ? f + info.SampleRate : 1 << 20;
            samples = await ReadFloatsAsync(process.StandardOutput.BaseStream, channels, expected, path, info.SampleRate, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            KillQuietly(process);
            throw;
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        string errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new AudioFormatException($"{path}: ffmpeg could not decode it: {ErrorLine(errors, path)}");
        }

        return AudioClip.Wrap(samples, info.SampleRate);
    }

    /// <summary>
    /// Decodes audio arriving on a stream: the bytes are written to ffmpeg's standard input while its standard output,
    /// a float32 WAV at the native rate with placeholder sizes, is read by the built-in WAV reader.
    /// </summary>
    public static async Task<AudioClip> DecodeStreamAsync(Stream input, AudioContainer container, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        const string Source = "stream";
        string[] args =
        [
            "-hide_banner", "-nostdin", "-v", "error", "-i", "pipe:0", "-map", "0:a:0", "-vn", "-sn",
            "-f", "wav", "-acodec", "pcm_f32le", "pipe:1",
        ];
        using Process process = Start(Source, container, options.FfmpegPath, args, redirectInput: true);
        using CancellationTokenRegistration registration = cancellationToken.Register(() => KillQuietly(process));
        Task<string> stderr = ReadLimitedAsync(process.StandardError);
        Task feed = FeedAsync(input, process.StandardInput.BaseStream, cancellationToken);
        AudioClip? clip = null;
        AudioFormatException? readError = null;
        try
        {
            clip = await Task.Run(() => WavReader.Read(process.StandardOutput.BaseStream, Source, options), CancellationToken.None).ConfigureAwait(false);
        }
        catch (AudioFormatException ex)
        {
            readError = ex; // ffmpeg's own message (below) is the better one when ffmpeg failed
            KillQuietly(process);
        }
        catch
        {
            KillQuietly(process);
            throw;
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await feed.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        string errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            string reason = errors.Length > 0 ? ErrorLine(errors, "pipe:0") : readError?.Message ?? "no message";
            string message = $"{Source}: the data looks like {AudioFile.DescribeContainer(container)} but ffmpeg could not decode it: {reason}";
            throw readError is null ? new AudioFormatException(message) : new AudioFormatException(message, readError);
        }

        return clip ?? throw readError!;
    }

    /// <summary>Copies the input to ffmpeg's standard input and closes it; ffmpeg stopping early (broken pipe) is not an error here.</summary>
    private static async Task FeedAsync(Stream input, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            await input.CopyToAsync(stdin, 1 << 16, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // ffmpeg exited (error or enough data); its exit code and message tell what happened.
        }
        catch (OperationCanceledException)
        {
            // the caller's token: reported after the process is gone
        }
        finally
        {
            try
            {
                stdin.Dispose();
            }
            catch (IOException)
            {
                // the pipe is already broken
            }
        }
    }

    private static async Task<float[]> ReadFloatsAsync(Stream stdout, int channels, long expectedFrames, string path, int rate, CancellationToken cancellationToken)
    {
        int frameBytes = 4 * channels;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1 << 16, frameBytes * 2));
        var output = new float[Math.Clamp(expectedFrames, 1024, 1 << 24)];
        int written = 0;
        int filled = 0;
        try
        {
            while (true)
            {
                int n = await stdout.ReadAsync(buffer.AsMemory(filled, buffer.Length - filled), cancellationToken).ConfigureAwait(false);
                if (n <= 0)
                {
                    break;
                }

                filled += n;
                int whole = filled / frameBytes;
                if (whole == 0)
                {
                    continue;
                }

                if (written + (long)whole > output.Length)
                {
                    WavReader.CheckLength(path, written + (long)whole, rate);
                    Array.Resize(ref output, (int)Math.Min(Math.Max(output.Length * 2L, written + (long)whole), AudioClip.MaxSampleCount));
                }

                Downmix(MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole * frameBytes)), output.AsSpan(written, whole), channels);
                written += whole;
                int rest = filled - (whole * frameBytes);
                Buffer.BlockCopy(buffer, whole * frameBytes, buffer, 0, rest);
                filled = rest;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Array.Resize(ref output, written);
        return output;
    }

    internal static void Downmix(ReadOnlySpan<float> src, Span<float> mono, int channels) => ChannelMixer.Downmix(src, mono, channels);

    private static (int ExitCode, string Stderr) RunToEnd(string path, AudioContainer container, string ffmpeg, string[] args, CancellationToken cancellationToken)
    {
        using Process process = Start(path, container, ffmpeg, args);
        using CancellationTokenRegistration registration = cancellationToken.Register(() => KillQuietly(process));
        Task<string> stderr = ReadLimitedAsync(process.StandardError);
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        return (process.ExitCode, stderr.GetAwaiter().GetResult());
    }

    internal static Process Start(string path, AudioContainer container, string ffmpeg, string[] args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            return Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            throw new AudioFormatException(
                $"{path}: the file is {AudioFile.DescribeContainer(container)}, which is decoded with ffmpeg, but ffmpeg could not be started ('{ffmpeg}': {ex.Message}); install ffmpeg (e.g. apt-get install ffmpeg) or convert to WAV",
                ex);
        }
    }

    internal static async Task<string> ReadLimitedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        char[] chunk = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(chunk.AsMemory()).ConfigureAwait(false)) > 0)
        {
            if (text.Length < StderrLimit)
            {
                text.Append(chunk, 0, Math.Min(n, StderrLimit - text.Length));
            }
        }

        return text.ToString();
    }

    internal static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        catch (Win32Exception)
        {
            // exiting right now
        }
    }

    /// <summary>The most telling line of ffmpeg's report: the last one that is not boilerplate.</summary>
    internal static string ErrorLine(string stderr, string path)
    {
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? line = lines.LastOrDefault(l => !l.StartsWith("At least one output file", StringComparison.Ordinal));
        if (line is null)
        {
            return "no message";
        }

        return line.StartsWith(path + ":", StringComparison.Ordinal) ? line[(path.Length + 1)..].Trim() : line;
    }

    internal static int ChannelsOf(string layout)
    {
        Match n = ChannelCount().Match(layout);
        if (n.Success)
        {
            return int.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        string name = layout.Split('(')[0];
        return name switch
        {
            "mono" => 1,
            "stereo" or "downmix" => 2,
            "2.1" or "3.0" or "3.0(back)" => 3,
            "quad" or "4.0" or "3.1" => 4,
            "4.1" or "5.0" => 5,
            "5.1" or "6.0" or "hexagonal" => 6,
            "6.1" or "7.0" => 7,
            "7.1" or "octagonal" => 8,
            _ => 0,
        };
    }

    private static int? BitsOf(string codec, string sampleFormat, string declaredBits)
    {
        if (declaredBits.Length > 0)
        {
            return int.Parse(declaredBits, CultureInfo.InvariantCulture);
        }

        bool lossless = codec.StartsWith("pcm_", StringComparison.Ordinal) || codec is "flac" or "alac" or "wavpack" or "ape" or "tta";
        if (!lossless)
        {
            return null;
        }

        return sampleFormat.TrimEnd('p') switch
        {
            "u8" => 8,
            "s16" => 16,
            "s32" or "flt" => 32,
            "s64" or "dbl" => 64,
            _ => null,
        };
    }

    [GeneratedRegex(@"Stream #\d+:\d+\S*: Audio: (?<codec>[A-Za-z0-9_]+)[^,\n]*, (?<rate>\d+) Hz, (?<layout>[^,\n]+), (?<fmt>[a-z0-9]+)(?: \((?<bits>\d+) bit\))?")]
    private static partial Regex AudioStreamLine();

    [GeneratedRegex(@"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")]
    private static partial Regex DurationLine();

    [GeneratedRegex(@"^(\d+) channels")]
    private static partial Regex ChannelCount();
}
