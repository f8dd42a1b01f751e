using System.Diagnostics;

namespace Samples.Tests;

/// <summary>Runs a built sample app (samples/NAME/bin/Release/net10.0/NAME.dll) as its own process.</summary>
internal static class SampleApp
{
    /// <summary>The samples folder (the one holding example.wav).</summary>
    public static string SamplesDirectory { get; } = FindSamples();

    /// <summary>samples/example.wav.</summary>
    public static string ExampleWav => Path.Combine(SamplesDirectory, "example.wav");

    public static (int ExitCode, string Output, string Error) Run(string name, params string[] args)
    {
        string dll = Path.Combine(SamplesDirectory, name, "bin", "Release", "net10.0", name + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built: run samples/build.sh (it packs the library and builds the samples against the packages).");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        Task<string> error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{name} did not finish in 3 minutes");
        }

        return (p.ExitCode, output.Result, error.Result);
    }

    /// <summary>A new empty temporary folder.</summary>
    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pt-samples-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "example.wav")) && Directory.Exists(Path.Combine(dir.FullName, "Samples.Tests")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("samples/ folder not found above " + AppContext.BaseDirectory);
    }
}
