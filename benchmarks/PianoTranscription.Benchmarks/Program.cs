using BenchmarkDotNet.Running;

namespace PianoTranscription.Benchmarks;

/// <summary>Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *</c>.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args)
    {
        if (args is ["--cpu-time"])
        {
            FeatureCpuTime.Run(); // CPU seconds of featurization and resampling (see FeatureCpuTime)
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
