using System.CommandLine;
using PianoTranscription.Cli.Commands;

namespace PianoTranscription.Cli;

/// <summary>Entry point of the <c>piano-transcribe</c> tool.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("piano-transcribe: turn piano recordings into notes (MIDI, CSV, JSON, piano roll).");
        foreach (Command command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        ParseResult parse = root.Parse(args);

        // A mistyped option is a usage error before any work, even where it also upset the parser.
        if (UnknownOptions.Find(parse) is string unknown)
        {
            Console.Error.WriteLine($"error: {unknown}");
            return CliErrors.BadInput;
        }

        // The tool handles SIGINT and SIGTERM itself (Termination), so System.CommandLine's own handler, which gives an
        // action two seconds and then returns while it is still running, is off.
        using Termination termination = Termination.Register();
        return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, termination.Token).GetAwaiter().GetResult();
    }
}
