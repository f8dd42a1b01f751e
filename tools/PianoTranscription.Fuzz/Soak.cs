using System.Diagnostics;
using System.Globalization;
using System.Text;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Transcription;

namespace PianoTranscription.Fuzz;

/// <summary>
/// The live-path soak: hours of piano (samples/example.wav looped with variation: gain, silence between takes, the
/// start trimmed) written as a 16 kHz WAV, transcribed offline (<see cref="PianoTranscriber.Transcribe(string)"/>)
/// and live (<see cref="PianoTranscriber.CreateStream"/>, <see cref="LiveTranscription.Push"/> with random block
/// sizes from 1 to 32768 samples), sampling the managed heap and the working set as the live stream goes. The notes
/// and pedal presses must be equal and the memory flat.
/// </summary>
internal static class Soak
{
    private const int Rate = 16000;

    public static int Run(string repo, double hours, int seed, double sampleEveryAudioMinutes, string? outFile)
    {
        string work = Path.Combine(repo, "artifacts", "soak");
        Directory.CreateDirectory(work);
        string wav = Path.Combine(work, $"soak-{hours.ToString("0.###", CultureInfo.InvariantCulture)}h-{seed}.wav");
        var report = new StringBuilder();
        void Say(string line)
        {
            Console.WriteLine(line);
            report.AppendLine(line);
        }

        var total = Stopwatch.StartNew();
        long samples = WriteInput(Path.Combine(repo, "samples", "example.wav"), wav, hours, seed);
        Say(string.Create(CultureInfo.InvariantCulture, $"input: {wav}, {samples / (double)Rate / 3600:F3} h at {Rate} Hz ({new FileInfo(wav).Length >> 20} MiB), made in {total.Elapsed.TotalSeconds:F0} s"));

        PianoTranscriber transcriber = PianoTranscriber.CreateDefault();
        var clock = Stopwatch.StartNew();
        TranscriptionResult offline = transcriber.Transcribe(wav);
        Say(string.Create(CultureInfo.InvariantCulture, $"offline Transcribe(path): {offline.Notes.Count} notes, {offline.SustainPedal.Count} pedal presses in {clock.Elapsed.TotalSeconds:F0} s"));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var random = new Random(seed);
        var liveNotes = new List<Note>();
        var livePedals = new List<PedalInterval>();
        Say("");
        Say("| audio pushed (min) | wall (s) | GC heap after full GC (MiB) | GC heap size (MiB) | working set (MiB) | notes so far |");
        Say("| ---: | ---: | ---: | ---: | ---: | ---: |");
        clock.Restart();
        long pushes = 0;
        using (AudioSource source = AudioSource.Open(wav))
        using (LiveTranscription live = transcriber.CreateStream(source.SampleRate))
        {
            float[] buffer = new float[1 << 15];
            long pushed = 0;
            long nextSample = 0;
            int n;
            while (true)
            {
                if (pushed >= nextSample)
                {
                    Sample(Say, pushed, clock.Elapsed, liveNotes.Count);
                    nextSample += (long)(sampleEveryAudioMinutes * 60 * Rate);
                }

                int block = (int)Math.Min(buffer.Length, Math.Exp(random.NextDouble() * Math.Log(buffer.Length)));
                n = source.Read(buffer.AsSpan(0, Math.Max(1, block)));
                if (n == 0)
                {
                    break;
                }

                DecodedNotes got = live.Push(buffer.AsSpan(0, n));
                liveNotes.AddRange(got.Notes);
                livePedals.AddRange(got.Pedals);
                pushed += n;
                pushes++;
            }

            DecodedNotes rest = live.Complete();
            liveNotes.AddRange(rest.Notes);
            livePedals.AddRange(rest.Pedals);
            Sample(Say, pushed, clock.Elapsed, liveNotes.Count);
        }

        Say("");
        liveNotes.Sort(Order);
        List<Note> offlineNotes = [.. offline.Notes];
        offlineNotes.Sort(Order);
        int noteMismatches = Mismatches(offlineNotes, liveNotes);
        int pedalMismatches = Mismatches(offline.SustainPedal.OrderBy(p => p.Onset).ToList(), livePedals.OrderBy(p => p.Onset).ToList());
        Say(string.Create(CultureInfo.InvariantCulture,
            $"live Push ({pushes:N0} blocks of 1 to {1 << 15} samples): {liveNotes.Count} notes, {livePedals.Count} pedal presses in {clock.Elapsed.TotalSeconds:F0} s"));
        Say($"notes equal to offline: {(noteMismatches == 0 ? "yes" : $"NO ({noteMismatches} differ)")}; pedal equal: {(pedalMismatches == 0 ? "yes" : $"NO ({pedalMismatches} differ)")}");
        Say(string.Create(CultureInfo.InvariantCulture, $"total {total.Elapsed.TotalMinutes:F1} min"));
        if (outFile is not null)
        {
            File.WriteAllText(outFile, report.ToString());
        }

        File.Delete(wav);
        return noteMismatches == 0 && pedalMismatches == 0 ? 0 : 1;
    }

    private static int Order(Note a, Note b)
    {
        int c = a.Onset.CompareTo(b.Onset);
        c = c != 0 ? c : a.Pitch.CompareTo(b.Pitch);
        c = c != 0 ? c : a.Offset.CompareTo(b.Offset);
        return c != 0 ? c : a.Velocity.CompareTo(b.Velocity);
    }

    private static int Mismatches<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual)
    {
        int differ = Math.Abs(expected.Count - actual.Count);
        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            if (!EqualityComparer<T>.Default.Equals(expected[i], actual[i]))
            {
                differ++;
            }
        }

        return differ;
    }

    private static void Sample(Action<string> say, long pushed, TimeSpan wall, int notes)
    {
        long heapSize = GC.GetGCMemoryInfo().HeapSizeBytes;
        long live = GC.GetTotalMemory(forceFullCollection: true);
        long workingSet = Environment.WorkingSet;
        say(string.Create(CultureInfo.InvariantCulture,
            $"| {pushed / (double)Rate / 60:F1} | {wall.TotalSeconds:F0} | {live / 1048576.0:F1} | {heapSize / 1048576.0:F1} | {workingSet / 1048576.0:F1} | {notes} |"));
    }

    /// <summary>Writes the looped example as a 16-bit 16 kHz WAV, block by block; returns the sample count.</summary>
    private static long WriteInput(string example, string path, double hours, int seed)
    {
        float[] take = AudioClip.Load(example).Resample(Rate).Samples.ToArray();
        var random = new Random(seed);
        long target = (long)(hours * 3600 * Rate);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var w = new BinaryWriter(stream);
        long dataBytes = target * 2;
        w.Write("RIFF"u8);
        w.Write((uint)Math.Min(uint.MaxValue, 36 + dataBytes));
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(16u);
        w.Write((ushort)1);
        w.Write((ushort)1);
        w.Write(Rate);
        w.Write(Rate * 2);
        w.Write((ushort)2);
        w.Write((ushort)16);
        w.Write("data"u8);
        w.Write((uint)dataBytes);
        long written = 0;
        var block = new short[take.Length];
        while (written < target)
        {
            // One take: a random start trim (up to 2 s), a gain from 0.4 to 1.1 (clipped), then 0 to 1.5 s of silence.
            int start = random.Next(2 * Rate);
            float gain = 0.4f + (0.7f * random.NextSingle());
            int count = 0;
            for (int i = start; i < take.Length; i++)
            {
                block[count++] = (short)Math.Clamp(MathF.Round(take[i] * gain * 32767f), -32768f, 32767f);
            }

            int silence = random.Next((int)(1.5 * Rate));
            for (int i = 0; i < silence && count < block.Length; i++)
            {
                block[count++] = 0;
            }

            int keep = (int)Math.Min(count, target - written);
            foreach (short s in block.AsSpan(0, keep))
            {
                w.Write(s);
            }

            written += keep;
        }

        return written;
    }
}
