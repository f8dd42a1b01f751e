using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Inference;

public sealed class AcousticModelTests
{
    private static readonly string[] OutputNames = ["onset", "frame", "offset", "velocity", "pedal_onset", "pedal_frame", "pedal_offset"];

    private static OnnxFixture Fixture => OnnxFixture.Load(Path.Combine(OnnxFixture.Directory, "acoustic_tiny.json"));

    [Fact]
    public void Torch_exported_model_describes_its_inputs_outputs_and_metadata()
    {
        var model = OnnxModel.Load(Fixture.ModelPath);
        var input = Assert.Single(model.Inputs);
        Assert.Equal("spectrogram", input.Name);
        Assert.Equal(TensorElementType.Float32, input.ElementType);
        Assert.Equal(3, input.Shape!.Count);
        Assert.Equal(1, input.Shape[0].Value);
        Assert.Equal("time", input.Shape[1].Symbol);
        Assert.Equal(196, input.Shape[2].Value);
        Assert.Equal(OutputNames, model.Outputs.Select(o => o.Name));
        Assert.Equal("50", model.Metadata["pianotranscription.frame_rate"]);
        Assert.Equal("pytorch", model.ProducerName);
        Assert.Equal(17, model.OpsetVersion);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Torch_exported_model_matches_onnx_runtime(int threads)
    {
        var f = Fixture;
        var model = OnnxModel.Load(f.ModelPath, new InferenceOptions { MaxDegreeOfParallelism = threads });
        var outputs = model.Run(f.Inputs);
        foreach (var (name, expected) in f.Outputs)
        {
            OnnxFixture.AssertClose(expected, outputs[name], name);
        }
    }

    [Fact]
    public void Session_writes_into_caller_buffers_and_reuses_them_across_sizes()
    {
        var f = Fixture;
        var model = OnnxModel.Load(f.ModelPath);
        using var session = model.CreateSession(new InferenceOptions { MaxDegreeOfParallelism = 2 });
        var input = f.Inputs["spectrogram"];
        int frames = input.Shape[1];
        var onset = Tensor.Zeros(1, frames, 88);
        var pedal = Tensor.Zeros(1, frames);

        // A longer run first, then the fixture's size: buffers are recycled, results must still be exact.
        var longer = new Tensor(new float[1 * (frames + 50) * 196], 1, frames + 50, 196);
        session.Run([new NamedInput("spectrogram", longer)], ReadOnlySpan<NamedOutput>.Empty);
        for (int rep = 0; rep < 2; rep++)
        {
            session.Run([new NamedInput("spectrogram", input)], [new NamedOutput("onset", onset), new NamedOutput("pedal_frame", pedal)]);
            OnnxFixture.AssertClose(f.Outputs.Single(o => o.Name == "onset").Value, onset, "onset");
            OnnxFixture.AssertClose(f.Outputs.Single(o => o.Name == "pedal_frame").Value, pedal, "pedal_frame");
        }
    }

    [Fact]
    public void Parallel_runs_on_one_model_equal_sequential_runs()
    {
        var model = OnnxModel.Load(Fixture.ModelPath, new InferenceOptions { MaxDegreeOfParallelism = 2 });
        var rng = new Random(42);
        var inputs = Enumerable.Range(0, 8).Select(i =>
        {
            int t = 10 + i * 7;
            var data = new float[t * 196];
            for (int k = 0; k < data.Length; k++) data[k] = (float)rng.NextDouble();
            return new Tensor(data, 1, t, 196);
        }).ToArray();
        var sequential = inputs.Select(x => model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = x })).ToArray();
        var parallel = new IReadOnlyDictionary<string, Tensor>[inputs.Length];
        Parallel.For(0, inputs.Length * 3, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var r = model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = inputs[i % inputs.Length] });
            if (i >= inputs.Length * 2) parallel[i % inputs.Length] = r;
        });
        for (int i = 0; i < inputs.Length; i++)
        {
            foreach (var name in OutputNames)
            {
                Assert.Equal(sequential[i][name].Shape, parallel[i][name].Shape);
                Assert.Equal(sequential[i][name].Data.ToArray(), parallel[i][name].Data.ToArray());
            }
        }
    }

    [Fact]
    public void Wrong_inputs_and_destinations_are_argument_errors()
    {
        var model = OnnxModel.Load(Fixture.ModelPath);
        using var session = model.CreateSession();
        var wrongBins = new Tensor(new float[10 * 100], 1, 10, 100);
        Assert.Contains("196", Assert.Throws<ArgumentException>(() => session.Run([new NamedInput("spectrogram", wrongBins)], [])).Message, StringComparison.Ordinal);
        var ok = new Tensor(new float[10 * 196], 1, 10, 196);
        Assert.Contains("missing", Assert.Throws<ArgumentException>(() => model.Run(new Dictionary<string, Tensor>())).Message, StringComparison.Ordinal);
        Assert.Contains("no input 'audio'", Assert.Throws<ArgumentException>(() => session.Run([new NamedInput("spectrogram", ok), new NamedInput("audio", ok)], [])).Message, StringComparison.Ordinal);
        Assert.Contains("shape [1, 10, 88]", Assert.Throws<ArgumentException>(() => session.Run([new NamedInput("spectrogram", ok)], [new NamedOutput("onset", Tensor.Zeros(1, 11, 88))])).Message, StringComparison.Ordinal);
        Assert.Contains("no output", Assert.Throws<ArgumentException>(() => session.Run([new NamedInput("spectrogram", ok)], [new NamedOutput("notes", Tensor.Zeros(1))])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_is_observed()
    {
        var model = OnnxModel.Load(Fixture.ModelPath);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var x = new Tensor(new float[5 * 196], 1, 5, 196);
        Assert.ThrowsAny<OperationCanceledException>(() => model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = x }, cts.Token));
    }
}
