using System.Diagnostics;

namespace PianoTranscription.Tests.Cli;

/// <summary>Runs the built <c>piano-transcribe</c> tool (copied next to the tests) as a separate process.</summary>
internal static class CliProcess
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => RunIn(null, args);

    /// <summary>Runs the tool in <paramref name="workingDirectory"/> (null: this process's).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunIn(string? workingDirectory, params string[] args)
    {
        using Process process = Start(workingDirectory, args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the CLI did not finish in 120 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the tool with its standard output and error redirected; the caller reads them and waits.</summary>
    public static Process Start(string? workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "piano-transcribe.dll"));
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
