using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Features;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

public sealed class PianoTranscriberTests
{
    private static readonly Lazy<TranscriptionResult> DefaultResult = new(() => PianoTranscriber.CreateDefault().Transcribe(TranscriptionTestData.ExamplePath));

    [Fact]
    public void Builder_defaults_are_the_embedded_model_its_featurizer_and_its_tuned_decoder()
    {
        PianoTranscriber t = PianoTranscriber.CreateDefault();
        Assert.Same(AcousticModel.Default, t.Model);
        Assert.Same(AcousticModel.Default.Featurizer, t.Featurizer);
        Assert.Same(AcousticModel.Default.DecoderOptions, t.DecoderOptions);
        Assert.NotEqual(DecoderOptions.Default, t.DecoderOptions); // the embedded model carries thresholds tuned on validation
        Assert.Equal(Environment.ProcessorCount, t.Threads);
        Assert.Equal(TimeSpan.FromSeconds(20), t.ChunkDuration);
        Assert.Equal(TimeSpan.FromSeconds(1), t.ContextDuration);
    }

    [Fact]
    public void Builder_is_immutable_and_validates()
    {
        PianoTranscriberBuilder b = PianoTranscriber.CreateBuilder();
        PianoTranscriberBuilder one = b.WithThreads(1).WithDecoder(o => o with { OnsetThreshold = 0.4f });
        Assert.Equal(Environment.ProcessorCount, b.Build().Threads);
        PianoTranscriber t = one.Build();
        Assert.Equal(1, t.Threads);
        Assert.Equal(0.4f, t.DecoderOptions.OnsetThreshold);
        Assert.Throws<ArgumentOutOfRangeException>(() => b.WithThreads(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.WithChunking(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.WithChunking(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(-1)));
        var wrongBins = AcousticModel.Default.Featurizer.LogFrequency(binsPerSemitone: 1, minHz: 27.5, maxHz: 8000);
        Assert.Contains("bins", Assert.Throws<ArgumentException>(() => b.WithFeaturizer(wrongBins).Build()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_notes_are_well_formed_and_equal_one_unchunked_pass()
    {
        TranscriptionResult result = DefaultResult.Value;
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Notes, result.Notes);
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Pedals, result.SustainPedal);
        Assert.Equal(AcousticModel.Default.Version, result.ModelVersion);
        Assert.Equal(TranscriptionTestData.ExampleClip.Duration.TotalSeconds, result.Duration.TotalSeconds, 6);
        Assert.Equal(TranscriptionTestData.ExamplePath, result.SourceFile);
        for (int i = 0; i < result.Notes.Count; i++)
        {
            Note n = result.Notes[i];
            Assert.InRange(n.Pitch, Note.LowestPianoPitch, Note.HighestPianoPitch);
            Assert.InRange(n.Velocity, 1, 127);
            Assert.True(n.Onset < n.Offset, $"note {i}: onset {n.Onset} is not before offset {n.Offset}");
            Assert.InRange(n.Onset, 0, result.Duration.TotalSeconds);
            Assert.True(i == 0 || result.Notes[i - 1].Onset <= n.Onset, "notes are sorted by onset");
        }

        foreach (PedalInterval p in result.SustainPedal)
        {
            Assert.True(p.Onset < p.Offset);
        }
    }

    [Theory]
    [InlineData(0.74, 0.22)] // 37-frame chunks with 11 frames of context: one frame more than the receptive field
    [InlineData(0.5, 1.0)]
    [InlineData(3.02, 0.5)]
    public void Notes_across_chunk_seams_equal_a_single_pass(double chunkSeconds, double contextSeconds)
    {
        PianoTranscriber chunked = PianoTranscriber.CreateBuilder()
            .WithChunking(TimeSpan.FromSeconds(chunkSeconds), TimeSpan.FromSeconds(contextSeconds))
            .Build();
        TranscriptionResult result = chunked.Transcribe(TranscriptionTestData.ExampleClip);
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Notes, result.Notes);
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Pedals, result.SustainPedal);
    }

    [Fact]
    public void Path_stream_clip_and_samples_give_the_same_result()
    {
        PianoTranscriber t = PianoTranscriber.CreateDefault();
        TranscriptionResult fromPath = DefaultResult.Value;
        using FileStream stream = File.OpenRead(TranscriptionTestData.ExamplePath);
        TranscriptionResult fromStream = t.Transcribe(stream);
        TranscriptionResult fromClip = t.Transcribe(TranscriptionTestData.ExampleClip);
        TranscriptionResult fromSpan = t.Transcribe(TranscriptionTestData.ExampleClip.Samples.Span, TranscriptionTestData.ExampleClip.SampleRate);
        foreach (TranscriptionResult r in new[] { fromStream, fromClip, fromSpan })
        {
            Assert.Equal(fromPath.Notes, r.Notes);
            Assert.Equal(fromPath.SustainPedal, r.SustainPedal);
            Assert.Equal(fromPath.Duration, r.Duration);
        }

        Assert.Null(fromStream.SourceFile);
    }

    [Fact]
    public void Audio_at_another_rate_is_resampled_to_the_models_rate()
    {
        PianoTranscriber t = PianoTranscriber.CreateDefault();
        AudioClip at16k = TranscriptionTestData.ExampleClip.Resample(16000);
        AudioClip at22k = TranscriptionTestData.ExampleClip.Resample(22050);

        // 44.1 kHz input goes through the streaming resampler, which equals the batch resampler exactly.
        Assert.Equal(t.Transcribe(at16k).Notes, DefaultResult.Value.Notes);

        // Another rate: the same music, so most notes agree (the resampled signals differ slightly).
        TranscriptionResult r22 = t.Transcribe(at22k);
        Assert.Equal(at22k.Duration.TotalSeconds, r22.Duration.TotalSeconds, 6);
        Assert.Equal(TranscriptionTestData.OnePass(at22k).Notes, r22.Notes);
    }

    [Fact]
    public async Task Async_reports_monotonic_progress_ending_at_the_total()
    {
        var progress = new TranscriptionTestData.RecordingProgress();
        TranscriptionResult r = await PianoTranscriber.CreateBuilder().WithChunking(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5)).Build()
            .TranscribeAsync(TranscriptionTestData.ExamplePath, progress);
        Assert.Equal(DefaultResult.Value.Notes, r.Notes);
        Assert.True(progress.Reports.Count >= 3, $"only {progress.Reports.Count} reports");
        for (int i = 1; i < progress.Reports.Count; i++)
        {
            Assert.True(progress.Reports[i].Processed >= progress.Reports[i - 1].Processed, "progress went backwards");
        }

        TranscriptionProgress last = progress.Reports[^1];
        Assert.Equal(r.Duration, last.Processed);
        Assert.Equal(1.0, last.Fraction);
        Assert.All(progress.Reports, p => Assert.Equal(r.Duration, p.Total));
    }

    [Fact]
    public async Task Cancellation_stops_the_work()
    {
        PianoTranscriber t = PianoTranscriber.CreateBuilder().WithChunking(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5)).Build();
        using var cts = new CancellationTokenSource();
        var progress = new CancelAfterFirstReport(cts);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.TranscribeAsync(TranscriptionTestData.ExampleClip, progress, cts.Token));
        Assert.Equal(1, progress.Count); // no block was processed after the cancellation

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.TranscribeAsync(TranscriptionTestData.ExamplePath, null, cancelled.Token));

        // The transcriber is still usable afterwards.
        Assert.Equal(DefaultResult.Value.Notes, t.Transcribe(TranscriptionTestData.ExampleClip).Notes);
    }

    [Fact]
    public async Task Cancelling_in_the_middle_of_a_model_run_leaves_the_transcriber_usable()
    {
        PianoTranscriber t = PianoTranscriber.CreateBuilder().WithThreads(1).Build();
        float[] one = TranscriptionTestData.ExampleClip.Samples.ToArray();
        float[] four = [.. one, .. one, .. one, .. one];
        int cancelled = 0;
        foreach (int milliseconds in new[] { 1, 15, 40, 90, 200 })
        {
            // Cancelled from a dedicated thread, not a timer: a timer's callback waits for a thread-pool thread, which
            // other tests running in parallel may keep busy until the run is over.
            using var cts = new CancellationTokenSource();
            var canceller = new Thread(() =>
            {
                Thread.Sleep(milliseconds);
                cts.Cancel();
            });
            canceller.Start();
            try
            {
                await t.TranscribeAsync(four, TranscriptionTestData.ExampleClip.SampleRate, null, cts.Token);
            }
            catch (OperationCanceledException)
            {
                cancelled++;
            }

            canceller.Join();
        }

        Assert.True(cancelled > 0, "no run was cancelled");
        Assert.Equal(DefaultResult.Value.Notes, t.Transcribe(TranscriptionTestData.ExampleClip).Notes);
        Assert.Equal(DefaultResult.Value.Notes, (await t.TranscribeAsync(TranscriptionTestData.ExampleClip)).Notes);
    }

    [Fact]
    public void Parallel_transcriptions_on_one_instance_equal_sequential_ones()
    {
        PianoTranscriber t = PianoTranscriber.CreateBuilder().WithThreads(2).WithChunking(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(0.3)).Build();
        AudioClip full = TranscriptionTestData.ExampleClip;
        AudioClip[] clips = [full, full.Slice(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6)), full.Slice(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(9)), full.Resample(16000)];
        TranscriptionResult[] sequential = clips.Select(t.Transcribe).ToArray();
        var parallel = new TranscriptionResult[clips.Length * 2];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = t.Transcribe(clips[i % clips.Length]));
        for (int i = 0; i < parallel.Length; i++)
        {
            Assert.Equal(sequential[i % clips.Length].Notes, parallel[i].Notes);
            Assert.Equal(sequential[i % clips.Length].SustainPedal, parallel[i].SustainPedal);
        }
    }

    private sealed class CancelAfterFirstReport(CancellationTokenSource cts) : IProgress<TranscriptionProgress>
    {
        public int Count { get; private set; }

        public void Report(TranscriptionProgress value)
        {
            Count++;
            cts.Cancel();
        }
    }
}
