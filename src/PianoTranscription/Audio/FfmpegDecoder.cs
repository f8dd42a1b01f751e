using System.Globalization;
using System.Text.RegularExpressions;

namespace PianoTranscription.Audio;

/// <summary>
/// What ffmpeg is asked and what its report says: the probe of a file (<c>ffmpeg -i FILE</c>), the one command line
/// for decoding a file (<c>ffmpeg -v error -i FILE -f f32le -ac N -ar RATE -</c>) and for decoding a stream piped
/// through standard input and output (float32 WAV); no temporary files. <see cref="FfmpegAudioSource"/> runs them.
/// </summary>
internal static partial class FfmpegDecoder
{
    /// <summary>The most channels a report may name (ffmpeg itself allows far fewer); more is a corrupt report.</summary>
    private const int MaxChannels = 1024;

    /// <summary>The longest duration taken from a report (a year); a longer one is treated as unknown.</summary>
    private const double MaxDurationSeconds = 365 * 24 * 3600.0;

    /// <summary>Reads a file's audio stream format from <c>ffmpeg -i FILE</c>'s report.</summary>
    public static AudioFileInfo Probe(string path, AudioContainer container, long fileSize, string ffmpeg, CancellationToken cancellationToken)
    {
        (int exitCode, string stderr) = RunToEnd(path, container, ffmpeg, ["-hide_banner", "-nostdin", "-i", path], cancellationToken);
        return ParseProbe(stderr, exitCode, path, container, fileSize);
    }

    /// <summary>Reads the audio stream format from the report of <c>ffmpeg -i FILE</c> (its standard error).</summary>
    /// <param name="stderr">The report.</param>
    /// <param name="exitCode">ffmpeg's exit code (non-zero when it could not open the file).</param>
    /// <param name="path">The file, named in messages.</param>
    /// <param name="container">The container the first bytes showed.</param>
    /// <param name="fileSize">The file's size in bytes.</param>
    /// <exception cref="AudioFormatException">The report names no usable audio stream.</exception>
    internal static AudioFileInfo ParseProbe(string stderr, int exitCode, string path, AudioContainer container, long fileSize)
    {
        Match stream = AudioStreamLine().Match(stderr);
        if (!stream.Success)
        {
            string reason = exitCode != 0 && !stderr.Contains("Stream #", StringComparison.Ordinal) ? ErrorLine(stderr, path) : "it has no audio stream";
            throw new AudioFormatException($"{path}: ffmpeg could not read it as audio: {reason}");
        }

        string codec = stream.Groups["codec"].Value;

        // The report is text: every number in it is checked, so a garbled or absurd one is a format error, not an overflow.
        if (!int.TryParse(stream.Groups["rate"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int rate) || rate < AudioSource.MinSampleRate || rate > AudioSource.MaxSampleRate)
        {
            throw new AudioFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: ffmpeg reports a sample rate of {Shorten(stream.Groups["rate"].Value)} Hz, outside {AudioSource.MinSampleRate}–{AudioSource.MaxSampleRate} Hz, which this library reads"));
        }

        int channels = ChannelsOf(stream.Groups["layout"].Value.Trim());
        if (channels < 0)
        {
            throw new AudioFormatException($"{path}: ffmpeg reports an impossible channel layout ({Shorten(stream.Groups["layout"].Value)})");
        }

        int? bits = BitsOf(codec, stream.Groups["fmt"].Value, stream.Groups["bits"].Value);
        TimeSpan? duration = DurationOf(DurationLine().Match(stderr));

        // ffmpeg prints the duration to 10 ms: a frame count derived from it would be false, so none is given.
        return new AudioFileInfo(container, codec, rate, channels, bits, null, duration, fileSize);
    }

    /// <summary>
    /// ffmpeg's standard input (a stream's bytes) to a float32 WAV at the native rate and channel count, with
    /// placeholder sizes, on its standard output.
    /// </summary>
    public static IReadOnlyList<string> PipeArguments { get; } =
    [
        "-hide_banner", "-nostdin", "-v", "error", "-i", "pipe:0", "-map", "0:a:0", "-vn", "-sn",
        "-f", "wav", "-acodec", "pcm_f32le", "pipe:1",
    ];

    /// <summary>The first audio stream of a file to raw little-endian float32 frames on standard output.</summary>
    /// <param name="path">The file.</param>
    /// <param name="channels">Channels per frame (the file's own, from <see cref="Probe"/>).</param>
    /// <param name="sampleRate">Frames per second (the file's own).</param>
    public static string[] FileArguments(string path, int channels, int sampleRate) =>
    [
        "-hide_banner", "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-vn", "-sn",
        "-f", "f32le", "-acodec", "pcm_f32le", "-ac", channels.ToString(CultureInfo.InvariantCulture),
        "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-",
    ];

    private static (int ExitCode, string Stderr) RunToEnd(string path, AudioContainer container, string ffmpeg, string[] args, CancellationToken cancellationToken)
    {
        using FfmpegProcess process = FfmpegProcess.Start(path, container, ffmpeg, args, cancellationToken);
        process.Output.CopyTo(Stream.Null);
        return process.WaitForExit();
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

    /// <summary>The channel count of an ffmpeg channel layout: 0 when the layout is unknown, -1 when the count is absurd.</summary>
    internal static int ChannelsOf(string layout)
    {
        Match n = ChannelCount().Match(layout);
        if (n.Success)
        {
            return int.TryParse(n.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count <= MaxChannels ? count : -1;
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

    /// <summary>The duration on ffmpeg's <c>Duration: H:MM:SS.ss</c> line, or null when there is none or it is out of range.</summary>
    private static TimeSpan? DurationOf(Match d)
    {
        if (!d.Success
            || !int.TryParse(d.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int hours)
            || !int.TryParse(d.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int minutes)
            || !double.TryParse(d.Groups[3].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds))
        {
            return null;
        }

        double total = (hours * 3600.0) + (minutes * 60.0) + seconds;
        return total <= MaxDurationSeconds ? TimeSpan.FromSeconds(total) : null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static int? BitsOf(string codec, string sampleFormat, string declaredBits)
    {
        if (declaredBits.Length > 0)
        {
            return int.TryParse(declaredBits, NumberStyles.None, CultureInfo.InvariantCulture, out int bits) && bits is > 0 and <= 64 ? bits : null;
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
