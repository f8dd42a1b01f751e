using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

public class LiveNoteStartTests
{
    [Fact]
    public void Live_starts_pair_with_final_notes_and_final_notes_equal_offline()
    {
        AudioClip clip = TranscriptionTestData.ExampleClip;
        PianoTranscriber transcriber = PianoTranscriber.CreateBuilder()
            .WithChunking(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.25)).Build();
        using LiveTranscription stream = transcriber.CreateStream(clip.SampleRate);
        var starts = new List<(NoteStart Start, double ReportedAt)>();
        var finished = new List<Note>();
        int block = clip.SampleRate / 10;
        ReadOnlySpan<float> samples = clip.Samples.Span;
        for (int i = 0; i < samples.Length; i += block)
        {
            DecodedNotes decided = stream.Push(samples.Slice(i, Math.Min(block, samples.Length - i)));
            double now = stream.SamplesPushed / (double)clip.SampleRate;
            foreach (NoteStart s in stream.TakeStarted())
            {
                Assert.DoesNotContain(finished, n => n.Pitch == s.Pitch && n.Onset == s.Onset);
                starts.Add((s, now));
            }

            // A short note can start and finish within one push; it must never finish before it started.
            finished.AddRange(decided.Notes);
        }

        finished.AddRange(stream.Complete().Notes);
        starts.AddRange(stream.TakeStarted().Select(s => (s, clip.Duration.TotalSeconds)));

        Assert.Equal(TranscriptionTestData.ExampleOnePass.Notes, finished.OrderBy(n => n.Onset).ThenBy(n => n.Pitch));
        Assert.Equal(starts.Count, starts.Select(s => s.Start).Distinct().Count());
        Assert.Equal(
            finished.Select(n => (n.Pitch, n.Onset)).Order(),
            starts.Select(s => (s.Start.Pitch, s.Start.Onset)).Order());
        // Latency with 0.5 s chunks + 0.25 s context: a start is reported within chunk + context + a block.
        // Latency bound: chunk (0.5 s) + right context (0.25 s) + push block (0.1 s) + decoder look-ahead (2 frames)
        // + half an STFT window (1024 samples at 16 kHz) + one frame for the sub-frame onset placement.
        // Measured on the example with the placeholder model: median 0.69 s, p95 0.92 s, max 0.95 s.
        const double bound = 0.5 + 0.25 + 0.1 + 0.04 + 0.064 + 0.02;
        Assert.All(starts, s => Assert.InRange(s.ReportedAt - s.Start.Onset, 0.0, bound));
    }

    [Fact]
    public void Low_latency_live_path_reports_starts_within_the_receptive_field_bound_and_equals_one_pass()
    {
        AudioClip clip = TranscriptionTestData.ExampleClip;
        PianoTranscriber transcriber = PianoTranscriber.CreateBuilder().WithLowLatency().Build();
        Assert.Equal(TimeSpan.FromSeconds(0.04), transcriber.ChunkDuration);
        Assert.Equal(AcousticModel.Default.ReceptiveField, transcriber.ContextDuration);
        using LiveTranscription stream = transcriber.CreateStream(clip.SampleRate);
        var latencies = new List<double>();
        var finished = new List<Note>();
        int block = clip.SampleRate / 100; // 10 ms blocks, as an audio callback delivers them
        ReadOnlySpan<float> samples = clip.Samples.Span;
        for (int i = 0; i < samples.Length; i += block)
        {
            finished.AddRange(stream.Push(samples.Slice(i, Math.Min(block, samples.Length - i))).Notes);
            double now = stream.SamplesPushed / (double)clip.SampleRate;
            latencies.AddRange(stream.TakeStarted().Select(s => now - s.Onset));
        }

        finished.AddRange(stream.Complete().Notes);
        int late = stream.TakeStarted().Count;

        // Context = the receptive field exactly, so 40 ms chunks give the same notes as one pass over the whole clip.
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Notes, finished.OrderBy(n => n.Onset).ThenBy(n => n.Pitch));
        Assert.Equal(finished.Count, latencies.Count + late);
        Assert.True(late <= 3, $"{late} starts were only reported at the end");

        // Bound: chunk 0.04 + right context 0.2 + block 0.01 + decoder look-ahead 0.04 + half an STFT window 0.064
        // + one frame for the sub-frame onset placement 0.02.
        const double bound = 0.04 + 0.2 + 0.01 + 0.04 + 0.064 + 0.02;
        Assert.All(latencies, l => Assert.InRange(l, 0.0, bound));
    }

    [Fact]
    public void Docs_example_note_starts()
    {
        PianoTranscriber transcriber = PianoTranscriber.CreateBuilder()
            .WithChunking(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.25)).Build();
        float[] block = new float[4800];

        // docs/transcription.md "Note starts"
        using LiveTranscription stream = transcriber.CreateStream(sampleRate: 48000);
        DecodedNotes decided = stream.Push(block);
        IReadOnlyList<NoteStart> started = stream.TakeStarted();
        foreach (NoteStart s in started) Console.WriteLine($"key down: {s.Pitch} at {s.Onset:F3} s");
        foreach (Note n in decided.Notes) Console.WriteLine($"key up: {n.Pitch} at {n.Offset:F3} s");

        int finals = decided.Notes.Count + stream.Complete().Notes.Count;
        Assert.Equal(started.Count + stream.TakeStarted().Count, finals);
        Assert.Empty(stream.TakeStarted());
        Assert.Throws<InvalidOperationException>(() => stream.Push(block));
    }
}
