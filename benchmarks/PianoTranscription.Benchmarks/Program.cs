using BenchmarkDotNet.Running;

namespace PianoTranscription.Benchmarks;

/// <summary>Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *</c>.</summary>
public static class Program
{
    /// <summary>
    /// Entry point; <c>peak-memory MINUTES [THREADS]</c> runs <see cref="TranscriptionMemoryProbe"/>,
    /// <c>live-latency [BLOCK_MS] [THREADS]</c> runs <see cref="LiveLatencyProbe"/>,
    /// <c>backend-concurrency [FILES] [SECONDS] [ROUNDS] [BACKEND]</c> runs <see cref="BackendConcurrency"/> and
    /// <c>--cpu-time</c> runs <see cref="FeatureCpuTime"/> instead of BenchmarkDotNet.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "peak-memory")
        {
            return TranscriptionMemoryProbe.Run(args);
        }

        if (args.Length > 0 && args[0] == "live-latency")
        {
            return LiveLatencyProbe.Run(args);
        }

        if (args.Length > 0 && args[0] == "backend-concurrency")
        {
            return BackendConcurrency.Run(args);
        }

        if (args is ["--cpu-time"])
        {
            FeatureCpuTime.Run(); // CPU seconds of featurization and resampling (see FeatureCpuTime)
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
