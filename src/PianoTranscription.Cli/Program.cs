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

        return root.Parse(args).Invoke();
    }
}
