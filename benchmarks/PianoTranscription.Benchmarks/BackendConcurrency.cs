using System.Diagnostics;
using System.Globalization;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.Transcription;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// Many files at once on the managed engine and on ONNX Runtime: <c>backend-concurrency [FILES] [SECONDS] [ROUNDS] [managed|onnxruntime]</c>
/// (defaults 16 files of 60 s, 3 rounds, both backends). Writes FILES copies of samples/example.wav looped to SECONDS
/// (16-bit 44.1 kHz WAV, temp folder, deleted afterwards), then per round and backend starts FILES tasks
/// (<c>Task.Run</c>) that share one transcriber built with <c>WithThreads(1)</c>, each transcribing its own file from
/// the path, and prints the wall time, the process CPU time and audio minutes per wall second. The backends alternate
/// within each round so that the VM's drift hits both. Before that it prints, once, the largest absolute difference
/// between the two backends' outputs on 3000 frames of real features, and whether the notes of one file are equal.
/// Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- backend-concurrency</c>.
/// </summary>
internal static class BackendConcurrency
{
    public static int Run(string[] args)
    {
        int files = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        double seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        int rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        string[] backends = args.Length > 4 ? [args[4]] : [BackendInputs.Managed, BackendInputs.Ort];

        if (backends.Length == 2)
        {
            PrintDifferences();
        }

        string folder = Path.Combine(Path.GetTempPath(), $"pt-concurrency-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            string[] paths = new string[files];
            for (int i = 0; i < files; i++)
            {
                paths[i] = Path.Combine(folder, $"file{i:00}.wav");
                ExampleAudio.WriteLoopedWav(paths[i], seconds / 60);
            }

            var transcribers = backends.ToDictionary(b => b, b => BackendInputs.Transcriber(b, threads: 1));
            var notes = new Dictionary<string, int>();
            foreach ((string backend, PianoTranscriber transcriber) in transcribers)
            {
                notes[backend] = transcriber.Transcribe(paths[0]).Notes.Count; // warm-up (JIT, sessions)
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{files} files × {seconds} s ({files * seconds / 60:0.#} audio minutes), {files} tasks sharing one transcriber per backend, WithThreads(1), {Environment.ProcessorCount} cores; notes per file: {string.Join(", ", notes.Select(n => $"{n.Key} {n.Value}"))}"));
            var results = backends.ToDictionary(b => b, _ => new List<(double Wall, double Cpu)>());
            using Process process = Process.GetCurrentProcess();
            for (int round = 0; round < rounds; round++)
            {
                foreach (string backend in round % 2 == 0 ? backends : backends.Reverse())
                {
                    PianoTranscriber transcriber = transcribers[backend];
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    process.Refresh();
                    TimeSpan cpu0 = process.TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    int[] counts = Task.WhenAll(paths.Select(p => Task.Run(() => transcriber.Transcribe(p).Notes.Count))).GetAwaiter().GetResult();
                    clock.Stop();
                    process.Refresh();
                    double wall = clock.Elapsed.TotalSeconds;
                    double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                    results[backend].Add((wall, cpu));
                    if (counts.Any(c => c != notes[backend]))
                    {
                        throw new InvalidOperationException($"{backend}: a concurrent transcription gave other notes than the warm-up one.");
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round + 1} {backend,-12} wall {wall,6:0.00} s  CPU {cpu,6:0.00} s  {files * seconds / 60 / wall,5:0.00} audio min per wall s  CPU {cpu / (files * seconds / 60):0.000} s per audio min"));
                }
            }

            foreach ((string backend, List<(double Wall, double Cpu)> runs) in results)
            {
                double wall = Median(runs.Select(r => r.Wall));
                double cpu = Median(runs.Select(r => r.Cpu));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"median {backend,-12} wall {wall,6:0.00} s  CPU {cpu,6:0.00} s  {files * seconds / 60 / wall,5:0.00} audio min per wall s  CPU {cpu / (files * seconds / 60):0.000} s per audio min  (best wall {runs.Min(r => r.Wall):0.00} s)"));
            }

            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set of the process {process.PeakWorkingSet64 / 1048576.0:0} MiB"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void PrintDifferences()
    {
        const int Frames = 3000;
        Spectrogram features = BackendInputs.ExampleFeatures(Frames);
        NamedInput[] input = BackendInputs.Input(features);
        NamedOutput[] managed = BackendInputs.Outputs(Frames);
        NamedOutput[] ort = BackendInputs.Outputs(Frames);
        var one = new InferenceOptions { MaxDegreeOfParallelism = 1 };
        using (IInferenceSession session = BackendInputs.Model(BackendInputs.Managed).Inference.CreateSession(one))
        {
            session.Run(input, managed);
        }

        using (IInferenceSession session = BackendInputs.Model(BackendInputs.Ort).Inference.CreateSession(one))
        {
            session.Run(input, ort);
        }

        var parts = new List<string>();
        double worst = 0;
        for (int h = 0; h < managed.Length; h++)
        {
            ReadOnlySpan<float> a = managed[h].Destination.Data.Span;
            ReadOnlySpan<float> b = ort[h].Destination.Data.Span;
            double head = 0;
            for (int i = 0; i < a.Length; i++)
            {
                head = Math.Max(head, Math.Abs(a[i] - b[i]));
            }

            worst = Math.Max(worst, head);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{managed[h].Name} {head:0.0E+0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"max |managed − onnxruntime| over every output, {Frames} frames of real features, 1 thread: {worst:0.00E+0} ({string.Join(", ", parts)})"));
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
