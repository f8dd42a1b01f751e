using System.CommandLine;

namespace PianoTranscription.Cli.Commands;

/// <summary>Every sub-command of the tool; each lives in its own file and exposes <c>Create()</c>.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return InfoCommand.Create();
        yield return FeaturesCommand.Create();
        yield return TranscribeCommand.Create();
        yield return EvaluateCommand.Create();
        yield return AnalyzeCommand.Create();
        yield return ClassifierCommand.Create();
        yield return ScoreCommand.Create();
    }
}
