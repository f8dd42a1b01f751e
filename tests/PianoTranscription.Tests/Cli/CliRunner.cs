using System.CommandLine;

namespace PianoTranscription.Tests.Cli;

/// <summary>Tests that swap Console.Out/Err run one at a time, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleTestGroup
{
    public const string Name = "Console";
}

/// <summary>Runs one CLI sub-command in-process, capturing what it prints.</summary>
internal static class CliRunner
{
    private static readonly object Gate = new();

    public static (int ExitCode, string Stdout, string Stderr) Run(Command command, params string[] args)
    {
        lock (Gate)
        {
            var root = new RootCommand("test") { command };
            TextWriter oldOut = Console.Out;
            TextWriter oldErr = Console.Error;
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                int code = root.Parse([command.Name, .. args]).Invoke();
                return (code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}
