using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;
using PianoTranscription.Export;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

/// <summary>The code samples of docs/transcription.md, kept compiling and checked (paths point at the repository's samples).</summary>
public sealed class TranscriptionDocsExamplesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-docs-transcription-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Quick_start()
    {
        var transcriber = PianoTranscriber.CreateDefault();
        TranscriptionResult result = transcriber.Transcribe(TranscriptionTestData.ExamplePath);
        Console.WriteLine(result);
        result.WriteMidi(Out("example.mid"));
        result.WriteJson(Out("example.json"));

        Assert.Equal(TranscriptionTestData.ExampleOnePass.Notes.Count, result.Notes.Count);
        Assert.EndsWith("14.9 s", result.ToString(), StringComparison.Ordinal);
        Assert.Equal(result.ModelVersion, NoteJson.Read(Out("example.json")).Metadata!.ModelVersion);
    }

    [Fact]
    public void Builder()
    {
        PianoTranscriber transcriber = PianoTranscriber.CreateBuilder()
            .WithModel(AcousticModel.Default)
            .WithDecoder(o => o with { OnsetThreshold = 0.4f })
            .WithThreads(1)
            .Build();

        Assert.Equal(0.4f, transcriber.DecoderOptions.OnsetThreshold);
        Assert.Equal(1, transcriber.Threads);
    }

    [Fact]
    public void Model()
    {
        AcousticModel model = AcousticModel.Default;
        Console.WriteLine($"{model.Version}: {model.Description}");
        Console.WriteLine($"licences: {model.Licenses}");
        Console.WriteLine($"features: {model.Featurizer}");

        Assert.NotNull(model.Version);
    }

    [Fact]
    public async Task Progress_and_cancellation()
    {
        var transcriber = PianoTranscriber.CreateDefault();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var progress = new Progress<TranscriptionProgress>(p => Console.WriteLine($"{p.Fraction:P0}"));
        TranscriptionResult result = await transcriber.TranscribeAsync(TranscriptionTestData.ExamplePath, progress, cts.Token);

        Assert.Equal(TranscriptionTestData.ExampleOnePass.Notes, result.Notes);
    }

    [Fact]
    public void Live_input()
    {
        var live = PianoTranscriber.CreateBuilder()
            .WithLowLatency()
            .Build();
        using LiveTranscription stream = live.CreateStream(sampleRate: 48000);
        float[] block = new float[4800];
        DecodedNotes decided = stream.Push(block);
        foreach (Note note in decided.Notes) Console.WriteLine($"final: {note}");
        DecodedNotes rest = stream.Complete();

        Assert.Equal(4800, stream.SamplesPushed);
        Assert.True(stream.IsCompleted);
        Assert.NotNull(rest);
    }

    [Fact]
    public async Task Live_input_as_an_async_sequence()
    {
        var transcriber = PianoTranscriber.CreateBuilder().WithChunking(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.25)).Build();
        var ct = CancellationToken.None;
        IAsyncEnumerable<ReadOnlyMemory<float>> microphoneBlocks = Microphone(TranscriptionTestData.ExampleClip.Resample(48000));
        int count = 0;

        await foreach (DecodedNotes decided in transcriber.TranscribeLiveAsync(microphoneBlocks, sampleRate: 48000, ct))
        {
            foreach (Note note in decided.Notes) Console.WriteLine($"final: {note}");
            count += decided.Notes.Count;
        }

        Assert.Equal(transcriber.Transcribe(TranscriptionTestData.ExampleClip.Resample(48000)).Notes.Count, count);
    }

    [Fact]
    public async Task Live_async_sequence_stops_with_its_cancellation_token()
    {
        var transcriber = PianoTranscriber.CreateBuilder().WithLowLatency().Build();
        using var cts = new CancellationTokenSource();
        IAsyncEnumerable<ReadOnlyMemory<float>> microphoneBlocks = Microphone(TranscriptionTestData.ExampleClip.Resample(48000));
        int batches = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (DecodedNotes decided in transcriber.TranscribeLiveAsync(microphoneBlocks, sampleRate: 48000, cts.Token))
            {
                batches++;
                cts.Cancel(); // e.g. the user stops the recording after the first notes
            }
        });
        Assert.Equal(1, batches);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<float>> Microphone(PianoTranscription.Audio.AudioClip clip)
    {
        for (int i = 0; i < clip.Length; i += 4800)
        {
            await Task.Yield();
            yield return clip.Samples.Slice(i, Math.Min(4800, clip.Length - i));
        }
    }

    [Fact]
    public void Evaluating_in_code()
    {
        TranscriptionResult result = PianoTranscriber.CreateDefault().Transcribe(TranscriptionTestData.ExamplePath);
        var reference = TranscriptionExport.FromMidi(TranscriptionTestData.ExampleMidiPath).Notes;
        TranscriptionMetrics metrics = TranscriptionEvaluator.Evaluate(reference, result.Notes);
        Console.WriteLine(metrics.ToTable());

        Assert.Equal(67, metrics.Notes.ReferenceCount);
        Assert.Equal(result.Notes.Count, metrics.Notes.EstimateCount);
    }
}
