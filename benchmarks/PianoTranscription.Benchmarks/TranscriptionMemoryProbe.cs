using System.Diagnostics;
using System.Globalization;
using PianoTranscription.Transcription;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// Peak memory of transcribing a long WAV file: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- peak-memory 60</c>
/// writes samples/example.wav looped to that many minutes (16-bit, 44.1 kHz) into a temporary file, transcribes it
/// from the path and prints the process's peak working set. Run it once per length in separate processes to compare.
/// A third argument <c>stream</c> feeds the file block by block to a <see cref="LiveTranscription"/> and only counts
/// the notes, so the figure is the pipeline's own memory without the result (whose size grows with the note count).
/// </summary>
internal static class TranscriptionMemoryProbe
{
    public static int Run(string[] args)
    {
        double minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 60;
        int threads = args.Length > 2 && args[2] != "all" ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        string path = Path.Combine(Path.GetTempPath(), $"pt-peak-{minutes.ToString(CultureInfo.InvariantCulture)}min-{Environment.ProcessId}.wav");
        try
        {
            ExampleAudio.WriteLoopedWav(path, minutes);
            PianoTranscriber transcriber = PianoTranscriber.CreateBuilder().WithThreads(threads).Build();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            long before = process.PeakWorkingSet64;
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            bool stream = args.Length > 3 && args[3] == "stream";
            long notes = stream ? CountStreamed(transcriber, path) : transcriber.Transcribe(path).Notes.Count;
            clock.Stop();
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"input {minutes} min ({new FileInfo(path).Length / 1048576.0:0} MiB WAV), {threads} threads{(stream ? ", streamed" : "")}: {notes} notes, wall {clock.Elapsed.TotalSeconds:0.0} s, CPU {(process.TotalProcessorTime - cpu).TotalSeconds:0.0} s, peak working set {process.PeakWorkingSet64 / 1048576.0:0} MiB (before transcribing {before / 1048576.0:0} MiB), live managed heap after a full GC {GC.GetTotalMemory(true) / 1048576.0:0} MiB"));
            GC.KeepAlive(transcriber);
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static long CountStreamed(PianoTranscriber transcriber, string path)
    {
        using FileStream file = File.OpenRead(path);
        using var reader = Audio.AudioSource.OpenWav(file);
        using LiveTranscription live = transcriber.CreateStream(reader.SampleRate);
        float[] block = new float[1 << 16];
        long notes = 0;
        int n;
        while ((n = reader.Read(block)) > 0)
        {
            notes += live.Push(block.AsSpan(0, n)).Notes.Count;
        }

        return notes + live.Complete().Notes.Count;
    }
}
