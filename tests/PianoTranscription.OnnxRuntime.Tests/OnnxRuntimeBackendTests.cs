using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.OnnxRuntime;
using PianoTranscription.Tests.Inference;
using PianoTranscription.Transcription;
using Msg = PianoTranscription.Tests.Inference.TestModels.Msg;

namespace PianoTranscription.OnnxRuntime.Tests;

public sealed class OnnxRuntimeBackendTests
{
    private static readonly Lazy<AcousticModel> Ort = new(() => AcousticModel.Default.WithBackend(OnnxRuntimeBackend.Cpu));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_default_model_in_onnx_runtime_agrees_with_the_managed_engine_on_every_head(int threads)
    {
        // 60 s of real features (the example, looped) so that every layer sees music, not noise.
        Spectrogram features = ExampleFeatures(TimeSpan.FromSeconds(60));
        var input = new Dictionary<string, Tensor>
        {
            [ModelContract.InputName] = new Tensor(features.ToArray(), 1, features.FrameCount, features.BinCount),
        };
        IReadOnlyDictionary<string, Tensor> managed = AcousticModel.Default.Inference.CreateSession(new InferenceOptions { MaxDegreeOfParallelism = threads }).Run(input);
        using IInferenceSession session = Ort.Value.Inference.CreateSession(new InferenceOptions { MaxDegreeOfParallelism = threads });
        IReadOnlyDictionary<string, Tensor> ort = session.Run(input);

        Assert.Equal(managed.Keys.Order(), ort.Keys.Order());
        foreach ((string name, Tensor expected) in managed)
        {
            Assert.Equal(expected.Shape, ort[name].Shape);
            ReadOnlySpan<float> a = expected.Data.Span;
            ReadOnlySpan<float> b = ort[name].Data.Span;
            double worst = 0;
            for (int i = 0; i < a.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
            }

            Assert.True(worst <= 1e-5, $"{name}: largest difference {worst:E2}");
        }
    }

    [Fact]
    public void The_builder_shortcut_transcribes_like_the_managed_engine()
    {
        AudioClip clip = Example.Value;
        PianoTranscriber transcriber = PianoTranscriber.CreateBuilder().WithOnnxRuntime().Build();
        Assert.IsType<OnnxRuntimeModel>(transcriber.Model.Inference);
        Assert.Equal("onnxruntime-cpu", transcriber.Model.Backend!.Name);
        TranscriptionResult ort = transcriber.Transcribe(clip);
        TranscriptionResult managed = PianoTranscriber.CreateDefault().Transcribe(clip);

        Assert.Equal(managed.Notes.Count, ort.Notes.Count);
        for (int i = 0; i < ort.Notes.Count; i++)
        {
            Assert.Equal(managed.Notes[i].Pitch, ort.Notes[i].Pitch);
            Assert.Equal(managed.Notes[i].Onset, ort.Notes[i].Onset, 1e-4);
            Assert.Equal(managed.Notes[i].Offset, ort.Notes[i].Offset, 1e-4);
            Assert.Equal(managed.Notes[i].Velocity, ort.Notes[i].Velocity);
        }

        // The model describes itself as the managed engine does.
        IInferenceModel a = AcousticModel.Default.Inference;
        IInferenceModel b = transcriber.Model.Inference;
        Assert.Equal(a.Inputs.Select(i => i.ToString()), b.Inputs.Select(i => i.ToString()));
        Assert.Equal(a.Outputs.Select(i => i.Name), b.Outputs.Select(i => i.Name));
        Assert.Equal(a.Metadata, b.Metadata);
    }

    [Fact]
    public void Live_transcription_runs_in_onnx_runtime_too()
    {
        PianoTranscriber transcriber = PianoTranscriber.CreateBuilder().WithOnnxRuntime().WithLowLatency().Build();
        AudioClip clip = Example.Value.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var notes = new List<PianoTranscription.Decoding.Note>();
        using (LiveTranscription live = transcriber.CreateStream(clip.SampleRate))
        {
            for (int start = 0; start < clip.Samples.Length; start += 441)
            {
                notes.AddRange(live.Push(clip.Samples.Span.Slice(start, Math.Min(441, clip.Samples.Length - start))).Notes);
            }

            notes.AddRange(live.Complete().Notes);
        }

        var offline = PianoTranscriber.CreateDefault().Transcribe(clip).Notes;
        Assert.Equal(offline.Select(n => n.Pitch).Order(), notes.Select(n => n.Pitch).Order());
    }

    [Fact]
    public void The_contract_is_checked_at_load_on_this_backend_too()
    {
        byte[] noOnset = Model([Node("Sigmoid", "spectrogram", "frame")], [Out("frame", 1, "frames", 88)]);
        var ex = Assert.Throws<ModelFormatException>(() => AcousticModel.Load(new MemoryStream(noOnset), OnnxRuntimeBackend.Cpu, Featurizer.PianoDefault));
        Assert.Contains("no \"onset\" output", ex.Message, StringComparison.Ordinal);

        var corrupt = Assert.Throws<ModelFormatException>(() => OnnxRuntimeBackend.Cpu.Load(new byte[] { 8, 1, 0x3a, 200, 1, 2 }));
        Assert.Contains("ONNX Runtime refused the model", corrupt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_execution_provider_is_a_clear_error_naming_the_package()
    {
        Assert.Contains("CPUExecutionProvider", OnnxRuntimeBackend.AvailableProviders());
        Assert.DoesNotContain("CUDAExecutionProvider", OnnxRuntimeBackend.AvailableProviders()); // this project references the CPU package
        var cuda = new OnnxRuntimeBackend(new OnnxRuntimeOptions { ExecutionProvider = OnnxRuntimeExecutionProvider.Cuda });
        Assert.Equal("onnxruntime-cuda", cuda.Name);
        var ex = Assert.Throws<NotSupportedException>(() => PianoTranscriber.CreateBuilder().WithOnnxRuntime(cuda.Options).Build());
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxRuntimeOptions { DeviceId = -1 });
    }

    [Fact]
    public void Sessions_refuse_bad_calls_like_the_managed_engine_and_honour_cancellation()
    {
        IInferenceModel model = Ort.Value.Inference;
        int bins = AcousticModel.Default.Featurizer.BinCount;
        using IInferenceSession session = model.CreateSession();
        var input = new Tensor(new float[40 * bins], 1, 40, bins);
        Assert.Throws<ArgumentException>(() => session.Run([new NamedInput("audio", input)], [new NamedOutput("onset", Tensor.Zeros(1, 40, 88))]));
        Assert.Throws<ArgumentException>(() => session.Run([new NamedInput("spectrogram", new Tensor(new float[40 * 3], 1, 40, 3))], [new NamedOutput("onset", Tensor.Zeros(1, 40, 88))]));
        Assert.Throws<ArgumentException>(() => session.Run([new NamedInput("spectrogram", input)], [new NamedOutput("tempo", Tensor.Zeros(1, 40))]));
        var wrong = Assert.Throws<ArgumentException>(() => session.Run([new NamedInput("spectrogram", input)], [new NamedOutput("onset", Tensor.Zeros(1, 41, 88))]));
        Assert.Contains("destination", wrong.Message, StringComparison.Ordinal);

        var onset = Tensor.Zeros(1, 40, 88);
        session.Run([new NamedInput("spectrogram", input)], [new NamedOutput("onset", onset)]);
        Assert.Equal(AcousticModel.Default.Inference.Run(new Dictionary<string, Tensor> { ["spectrogram"] = input })["onset"].Data.ToArray(), onset.Data.ToArray(), new Tolerance(1e-5f));

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => session.Run([new NamedInput("spectrogram", input)], [new NamedOutput("onset", onset)], cts.Token));
    }

    [Fact]
    public void Parallel_runs_equal_sequential_runs_and_a_disposed_model_refuses_work()
    {
        var model = (OnnxRuntimeModel)OnnxRuntimeBackend.Cpu.Load(DefaultModelBytes(), new InferenceOptions { MaxDegreeOfParallelism = 1 });
        int bins = AcousticModel.Default.Featurizer.BinCount;
        var random = new Random(7);
        Tensor[] inputs = Enumerable.Range(0, 6).Select(i =>
        {
            float[] data = new float[(30 + (i * 11)) * bins];
            for (int k = 0; k < data.Length; k++) data[k] = (float)random.NextDouble();
            return new Tensor(data, 1, 30 + (i * 11), bins);
        }).ToArray();
        float[][] sequential = inputs.Select(x => model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = x })["frame"].Data.ToArray()).ToArray();
        var parallel = new float[inputs.Length][];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
            parallel[i] = model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = inputs[i] })["frame"].Data.ToArray());
        Assert.Equal(sequential, parallel);

        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.CreateSession());
    }

    private static readonly Lazy<AudioClip> Example = new(() => AudioClip.Load(FindSample("example.wav")));

    private static Spectrogram ExampleFeatures(TimeSpan length)
    {
        AudioClip clip = Example.Value.Resample(AcousticModel.Default.SampleRate);
        int n = (int)(length.TotalSeconds * clip.SampleRate);
        float[] looped = new float[n];
        for (int i = 0; i < n; i++) looped[i] = clip.Samples.Span[i % clip.Samples.Length];
        return AcousticModel.Default.Featurizer.Compute(AudioClip.FromSamples(looped, clip.SampleRate));
    }

    private static byte[] DefaultModelBytes()
    {
        using Stream s = typeof(AcousticModel).Assembly.GetManifestResourceStream("PianoTranscription.Models.piano-default.onnx")!;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    internal static string FindSample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(path)) return path;
        }

        throw new FileNotFoundException($"samples/{name} not found above {AppContext.BaseDirectory}");
    }

    private static Msg Node(string op, string input, string output) => new Msg().Str(1, input).Str(2, output).Str(4, op);

    private static Msg Out(string name, params object[] dims) => TestModels.ValueInfo(name, 1, dims);

    private static byte[] Model(IEnumerable<Msg> nodes, IEnumerable<Msg> outputs)
    {
        var graph = new Msg();
        foreach (Msg n in nodes) graph.Sub(1, n);
        graph.Str(2, "g").Sub(11, TestModels.ValueInfo("spectrogram", 1, 1, "frames", Featurizer.PianoDefault.BinCount));
        foreach (Msg o in outputs) graph.Sub(12, o);
        return new Msg().Int(1, 8).Str(2, "test").Sub(7, graph).Sub(8, new Msg().Str(1, "").Int(2, 17)).ToArray();
    }

    private sealed class Tolerance(float epsilon) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(float obj) => 0;
    }
}
