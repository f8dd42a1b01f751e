using PianoTranscription.Audio;
using PianoTranscription.Inference;
using PianoTranscription.Tests.Inference;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

/// <summary>The transcriber, the live path and <see cref="AcousticModel"/> reach the network only through an <see cref="IInferenceBackend"/>.</summary>
public sealed class InferenceBackendSeamTests
{
    [Fact]
    public void A_backend_given_to_the_builder_runs_every_chunk_and_gives_the_default_notes()
    {
        var backend = new RecordingBackend();
        AudioClip clip = TranscriptionTestData.ExampleClip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(6));
        PianoTranscriber transcriber = PianoTranscriber.CreateBuilder().WithBackend(backend).WithChunking(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5)).Build();

        Assert.Equal(1, backend.Loads); // the embedded model, reloaded once in the backend by Build
        Assert.Same(backend, transcriber.Model.Backend);
        Assert.Same(ManagedOnnxBackend.Instance, AcousticModel.Default.Backend);
        TranscriptionResult result = transcriber.Transcribe(clip);
        Assert.True(backend.Runs >= 3, $"{backend.Runs} runs for 3 chunks");
        Assert.Equal(PianoTranscriber.CreateDefault().Transcribe(clip).Notes, result.Notes);

        // Sessions come from one pool: a second file reuses the first file's session.
        int sessions = backend.Sessions;
        transcriber.Transcribe(clip);
        Assert.Equal(sessions, backend.Sessions);

        // The live path goes through the same backend.
        int runs = backend.Runs;
        using (LiveTranscription live = transcriber.CreateStream(clip.SampleRate))
        {
            live.Push(clip.Samples.Span[..16000]);
            live.Complete();
        }

        Assert.True(backend.Runs > runs);
    }

    [Fact]
    public void A_model_loaded_in_a_backend_keeps_its_file_settings_and_can_move_back()
    {
        var backend = new RecordingBackend();
        AcousticModel inBackend = AcousticModel.Default.WithBackend(backend);
        Assert.Equal(1, backend.Loads);
        Assert.Same(inBackend, inBackend.WithBackend(backend));
        Assert.Equal(AcousticModel.Default.Featurizer, inBackend.Featurizer);
        Assert.Equal(AcousticModel.Default.DecoderOptions, inBackend.DecoderOptions);
        Assert.Equal(AcousticModel.Default.Version, inBackend.Version);
        Assert.Equal("embedded", inBackend.Source);
        Assert.Contains("recording", inBackend.ToString(), StringComparison.Ordinal);
        Assert.Equal(10, inBackend.ReceptiveFieldFrames);

        AcousticModel back = inBackend.WithBackend(ManagedOnnxBackend.Instance);
        Assert.Same(ManagedOnnxBackend.Instance, back.Backend);
        Assert.Equal(1, backend.Loads);

        string path = Path.Combine(Path.GetTempPath(), $"pt-seam-{Guid.NewGuid():N}.onnx");
        using (Stream embedded = typeof(AcousticModel).Assembly.GetManifestResourceStream("PianoTranscription.Models.piano-default.onnx")!)
        using (FileStream file = File.Create(path))
        {
            embedded.CopyTo(file);
        }

        try
        {
            AcousticModel fromFile = AcousticModel.Load(path, backend);
            Assert.Same(backend, fromFile.Backend);
            Assert.Equal(path, fromFile.Source);
            Assert.Equal(2, backend.Loads);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_transcriber_asks_the_backend_for_exactly_the_heads_the_contract_lists()
    {
        // The embedded model with a later "heads" entry (the last entry of a key wins) that leaves out velocity and pedal.
        using Stream embedded = typeof(AcousticModel).Assembly.GetManifestResourceStream("PianoTranscription.Models.piano-default.onnx")!;
        using var bytes = new MemoryStream();
        embedded.CopyTo(bytes);
        bytes.Write(new TestModels.Msg().Sub(14, new TestModels.Msg().Str(1, ModelContract.HeadsKey).Str(2, "onset,frame,offset")).ToArray());
        var backend = new RecordingBackend();
        bytes.Position = 0;
        AcousticModel model = AcousticModel.Load(bytes, backend);
        Assert.Equal([ModelHead.Onset, ModelHead.Frame, ModelHead.Offset], model.Contract.Heads);

        AudioClip clip = TranscriptionTestData.ExampleClip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(4));
        TranscriptionResult result = PianoTranscriber.CreateBuilder().WithModel(model).Build().Transcribe(clip);
        Assert.Equal(new HashSet<string>(["onset", "frame", "offset"]), backend.OutputsAsked);
        Assert.Empty(result.SustainPedal);
        Assert.NotEmpty(result.Notes);
        Assert.Equal(
            PianoTranscriber.CreateDefault().Transcribe(clip).Notes.Select(n => (n.Pitch, n.Onset, n.Offset)),
            result.Notes.Select(n => (n.Pitch, n.Onset, n.Offset)));
    }

    [Fact]
    public void A_wrapped_model_cannot_move_to_another_backend_and_says_how_to_load_it()
    {
        AcousticModel wrapped = AcousticModel.FromInferenceModel(AcousticModel.Default.Inference);
        Assert.Null(wrapped.Backend);
        var ex = Assert.Throws<InvalidOperationException>(() => wrapped.WithBackend(new RecordingBackend()));
        Assert.Contains("AcousticModel.Load(path, backend)", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => PianoTranscriber.CreateBuilder().WithModel(wrapped).WithBackend(new RecordingBackend()).Build());
    }

    [Fact]
    public void A_session_pool_reuses_returned_sessions_and_refuses_another_models()
    {
        var backend = new RecordingBackend();
        IInferenceModel model = AcousticModel.Default.WithBackend(backend).Inference;
        var pool = new InferenceSessionPool(model, new InferenceOptions { MaxDegreeOfParallelism = 1 });
        IInferenceSession a = pool.Rent();
        IInferenceSession b = pool.Rent();
        Assert.NotSame(a, b);
        Assert.Equal(2, backend.Sessions);
        pool.Return(a);
        Assert.Same(a, pool.Rent());
        Assert.Equal(2, backend.Sessions);

        var input = new Dictionary<string, Tensor> { [ModelContract.InputName] = Tensor.Zeros(1, 30, AcousticModel.Default.Featurizer.BinCount) };
        pool.Return(a);
        pool.Return(b);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ => Assert.Equal(30 * 88, pool.Run(input)["onset"].Data.Length));
        Assert.Equal(2, backend.Sessions); // never more than two runs at once, and two sessions idle

        using IInferenceSession foreign = AcousticModel.Default.Inference.CreateSession();
        Assert.Throws<ArgumentException>(() => pool.Return(foreign));
        pool.Clear();
        Assert.NotNull(pool.Rent());
    }
}
