using System.CommandLine;
using System.Globalization;
using PianoTranscription.Audio;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe info FILE</c>: format, codec, sample rate, channels, bit depth, duration and size of an audio
/// file, then a <c>warning: …</c> line for each thing its header claims that the bytes do not bear out (exit code 0).
/// </summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "An audio file (WAV read directly; FLAC, MP3, Ogg, M4A... through ffmpeg)." };
        var ffmpeg = new Option<string>("--ffmpeg") { Description = "The ffmpeg executable for formats other than WAV (default: ffmpeg on PATH)." };
        var command = new Command("info", "Print an audio file's format, codec, sample rate, channels, bit depth, duration and size.") { file, ffmpeg };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            UnknownOptions.Reject(parse);
            FileInfo path = parse.GetValue(file)!;
            AudioLoadOptions options = AudioLoadOptions.Default;
            if (parse.GetValue(ffmpeg) is { Length: > 0 } ffmpegPath)
            {
                options = options with { FfmpegPath = ffmpegPath };
            }

            AudioFileInfo info = AudioFile.Probe(path.FullName, options);
            CultureInfo c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"file:        {path.FullName}"));
            Console.WriteLine(string.Create(c, $"format:      {Describe(info.Container)}"));
            Console.WriteLine(string.Create(c, $"codec:       {info.Codec}"));
            Console.WriteLine(string.Create(c, $"sample rate: {info.SampleRate} Hz"));
            Console.WriteLine(string.Create(c, $"channels:    {(info.Channels > 0 ? info.Channels.ToString(c) : "unknown")}"));
            Console.WriteLine(string.Create(c, $"bit depth:   {(info.BitsPerSample is int bits ? bits + " bit" : "n/a (lossy)")}"));
            string frames = info.FrameCount is long n ? string.Create(c, $" ({n} frames)") : string.Empty;
            Console.WriteLine(string.Create(c, $"duration:    {(info.Duration is TimeSpan d ? FormatDuration(d) : "unknown")}{frames}"));
            Console.WriteLine(string.Create(c, $"size:        {info.FileSize} bytes"));
            foreach (string warning in info.Warnings)
            {
                Console.WriteLine($"warning: {warning}");
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    private static string Describe(AudioContainer container) => container switch
    {
        AudioContainer.Wav => "WAV",
        AudioContainer.Rf64 => "RF64 (WAV > 4 GB)",
        AudioContainer.Flac => "FLAC",
        AudioContainer.Ogg => "Ogg",
        AudioContainer.Mp3 => "MP3",
        AudioContainer.Aac => "AAC (ADTS)",
        AudioContainer.Mp4 => "MP4/M4A",
        AudioContainer.Aiff => "AIFF",
        AudioContainer.Matroska => "Matroska/WebM",
        _ => "unknown (read by ffmpeg)",
    };

    private static string FormatDuration(TimeSpan d) => d.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes}:{d.Seconds:00}.{d.Milliseconds:000} ({d.TotalSeconds:0.000} s)")
        : string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.000} s");
}
