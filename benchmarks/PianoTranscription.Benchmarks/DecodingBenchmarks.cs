using BenchmarkDotNet.Attributes;
using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;
using PianoTranscription.Inference;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// Decoding a 10-minute posteriorgram (30 000 frames at 50 frames/s, ~6 000 notes, noisy heads) in one pass and in
/// 1-second blocks, and scoring the decoded notes against the reference.
/// Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *DecodingBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class DecodingBenchmarks
{
    private const double FrameRate = 50;
    private readonly NoteDecoder decoder = new();
    private Posteriorgram posteriorgram = null!;
    private Posteriorgram[] blocks = null!;
    private List<Note> reference = null!;
    private IReadOnlyList<Note> decoded = null!;

    /// <summary>Renders the posteriorgram from random notes and adds noise.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        reference = [];
        var free = new double[88];
        for (int i = 0; i < 6000; i++)
        {
            int key = random.Next(88);
            double onset = random.NextDouble() * 598;
            if (onset < free[key] + 0.3 || reference.Exists(n => n.Pitch == key + 21 && Math.Abs(n.Onset - onset) < 1.5))
            {
                continue;
            }

            double offset = onset + 0.1 + random.NextDouble();
            reference.Add(new Note(key + 21, onset, offset, random.Next(1, 128)));
            free[key] = Math.Max(free[key], offset);
        }

        var pedals = Enumerable.Range(0, 200).Select(i => new PedalInterval(i * 3.0 + 0.5, i * 3.0 + 2.5)).ToList();
        Posteriorgram clean = TargetRenderer.Render(reference, pedals, (int)(600 * FrameRate), FrameRate);
        float[] Noisy(ReadOnlyMemory<float> head) =>
            head.ToArray().Select(v => Math.Clamp(v + (float)(random.NextDouble() * 0.2 - 0.05), 0f, 1f)).ToArray();
        posteriorgram = new Posteriorgram(
            FrameRate, 0, Noisy(clean.Onset), Noisy(clean.Frame), Noisy(clean.Offset), Noisy(clean.Velocity),
            Noisy(clean.PedalOnset), Noisy(clean.PedalFrame), Noisy(clean.PedalOffset));
        blocks = Enumerable.Range(0, 600).Select(s => Slice(posteriorgram, s * 50, 50)).ToArray();
        decoded = decoder.Decode(posteriorgram).Notes;
    }

    /// <summary>One-pass decoding of 10 minutes.</summary>
    [Benchmark(Baseline = true)]
    public int DecodeTenMinutes() => decoder.Decode(posteriorgram).Notes.Count;

    /// <summary>Streaming decoding of the same 10 minutes in 1-second blocks.</summary>
    [Benchmark]
    public int DecodeTenMinutesStreaming()
    {
        StreamingNoteDecoder stream = decoder.CreateStream();
        int count = 0;
        foreach (Posteriorgram block in blocks)
        {
            count += stream.Push(block).Notes.Count;
        }

        return count + stream.Complete().Notes.Count;
    }

    /// <summary>All note and frame metrics for ~6 000 reference notes against the decoded notes.</summary>
    [Benchmark]
    public double EvaluateTenMinutes() => TranscriptionEvaluator.Evaluate(reference, decoded).NotesWithOffsetsAndVelocity.F1;

    private static Posteriorgram Slice(Posteriorgram p, int start, int count)
    {
        const int k = Posteriorgram.KeyCount;
        return new Posteriorgram(
            p.FrameRate, p.TimeOf(start),
            p.Onset.Slice(start * k, count * k).ToArray(), p.Frame.Slice(start * k, count * k).ToArray(),
            p.Offset.Slice(start * k, count * k).ToArray(), p.Velocity.Slice(start * k, count * k).ToArray(),
            p.PedalOnset.Slice(start, count).ToArray(), p.PedalFrame.Slice(start, count).ToArray(),
            p.PedalOffset.Slice(start, count).ToArray());
    }
}
