using System.Diagnostics;
using System.Globalization;
using PianoTranscription.Audio;
using PianoTranscription.Features;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// The CPU time (not wall-clock time) of featurizing and resampling 10 minutes of audio on one thread: the feature
/// target is "≤ 1 s of CPU for 10 min of 16 kHz audio on one core", which a wall-clock benchmark cannot show on a
/// machine shared with other work. Process CPU time is read before and after each run (JIT and GC threads included).
/// Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --cpu-time</c>.
/// </summary>
public static class FeatureCpuTime
{
    /// <summary>Measures each case three times after a warm-up run and prints wall and CPU seconds.</summary>
    public static void Run()
    {
        var benchmarks = new FeatureBenchmarks();
        benchmarks.Setup();
        var audio = new AudioBenchmarks();
        audio.Setup();
        try
        {
            Measure("PianoDefault, 10 min at 16 kHz, 1 thread", () => benchmarks.PianoDefault());
            Measure("PianoDefault into a reused buffer, 1 thread", () => benchmarks.PianoDefaultInto());
            Measure("LogMel 229, 10 min at 16 kHz, 1 thread", () => benchmarks.LogMel());
            Measure("PianoDefault streaming, 320-sample blocks", () => benchmarks.Streaming());
            Measure("Resample 44.1 kHz -> 16 kHz, 10 min", () => audio.Resample());
            Measure("WAV read, 10 min 44.1 kHz stereo 16-bit", () => audio.ReadWav());
        }
        finally
        {
            audio.Cleanup();
        }
    }

    private static void Measure(string name, Func<object> run)
    {
        GC.KeepAlive(run());
        using Process process = Process.GetCurrentProcess();
        var cpu = new List<double>();
        var wall = new List<double>();
        for (int r = 0; r < 3; r++)
        {
            GC.Collect();
            process.Refresh();
            TimeSpan cpu0 = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(run());
            watch.Stop();
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
            wall.Add(watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-48} CPU {cpu.Min():0.000} s (median {cpu.Order().ElementAt(1):0.000} s), wall {wall.Min():0.000} s (median {wall.Order().ElementAt(1):0.000} s)"));
    }
}
