using System.Diagnostics;
using System.Globalization;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Transcription;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// Latency and CPU cost of live transcription:
/// <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- live-latency [BLOCK_MS] [THREADS]</c>
/// pushes samples/example.wav (44.1 kHz, resampled inside) in blocks of BLOCK_MS (default 10) to a
/// <see cref="LiveTranscription"/> for three chunkings (low latency, 0.5 s + 0.25 s, the file default 20 s + 1 s) and
/// prints, per chunking, the note-start latency (input position when <see cref="LiveTranscription.TakeStarted"/>
/// returned a start, minus the note's onset), the note-end latency, and the process CPU time per second of audio.
/// Pushing is as fast as possible; the latency is counted in audio time, so it does not depend on the machine's
/// speed as long as the CPU keeps up (CPU per audio second well below 1).
/// </summary>
internal static class LiveLatencyProbe
{
    public static int Run(string[] args)
    {
        double blockMs = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        AudioClip clip = AudioClip.Load(ExampleAudio.ExamplePath);
        var configs = new (string Name, PianoTranscriberBuilder Builder)[]
        {
            ("WithLowLatency()", PianoTranscriber.CreateBuilder().WithLowLatency()),
            ("WithChunking(0.5 s, 0.25 s)", PianoTranscriber.CreateBuilder().WithChunking(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.25))),
            ("default (20 s, 1 s)", PianoTranscriber.CreateBuilder()),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"input {ExampleAudio.ExamplePath}: {clip.Duration.TotalSeconds:0.0} s at {clip.SampleRate} Hz, pushed in {blockMs} ms blocks, {threads} thread(s), 5 passes each (figures from the last 4)"));
        Console.WriteLine("| chunking | starts | start latency median | p95 | max | end latency median | CPU per audio second | × real time |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((string name, PianoTranscriberBuilder builder) in configs)
        {
            PianoTranscriber transcriber = builder.WithThreads(threads).Build();
            var starts = new List<double>();
            var ends = new List<double>();
            TimeSpan cpu = TimeSpan.Zero;
            for (int pass = 0; pass < 5; pass++)
            {
                starts.Clear();
                ends.Clear();
                using var process = Process.GetCurrentProcess();
                TimeSpan before = process.TotalProcessorTime;
                Push(transcriber, clip, blockMs, starts, ends);
                process.Refresh();
                if (pass > 0)
                {
                    cpu += process.TotalProcessorTime - before;
                }
            }

            double perSecond = cpu.TotalSeconds / (4 * clip.Duration.TotalSeconds);
            string latency = starts.Count == 0
                ? "0 | all at Complete() | | | "
                : string.Create(CultureInfo.InvariantCulture, $"{starts.Count} | {Percentile(starts, 0.5):0.000} s | {Percentile(starts, 0.95):0.000} s | {Percentile(starts, 1):0.000} s | {Percentile(ends, 0.5):0.000} s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {latency} | {perSecond * 1000:0.0} ms | {1 / perSecond:0}× |"));
        }

        return 0;
    }

    private static void Push(PianoTranscriber transcriber, AudioClip clip, double blockMs, List<double> starts, List<double> ends)
    {
        using LiveTranscription stream = transcriber.CreateStream(clip.SampleRate);
        int block = Math.Max(1, (int)Math.Round(clip.SampleRate * blockMs / 1000));
        ReadOnlySpan<float> samples = clip.Samples.Span;
        for (int i = 0; i < samples.Length; i += block)
        {
            DecodedNotes decided = stream.Push(samples.Slice(i, Math.Min(block, samples.Length - i)));
            double now = stream.SamplesPushed / (double)clip.SampleRate;
            foreach (NoteStart s in stream.TakeStarted())
            {
                starts.Add(now - s.Onset);
            }

            foreach (Note n in decided.Notes)
            {
                ends.Add(now - n.Offset);
            }
        }

        stream.Complete();
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. values.Order()];
        int rank = (int)Math.Ceiling(p * sorted.Length) - 1; // nearest-rank percentile
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
