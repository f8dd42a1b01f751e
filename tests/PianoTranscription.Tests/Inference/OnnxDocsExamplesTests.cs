using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Inference;

/// <summary>The code samples of docs/onnx.md, kept compiling and checked ("my-model.onnx" is the bundled default model).</summary>
public sealed class OnnxDocsExamplesTests
{
    private static readonly string ModelPath = DefaultModelParityTests.DefaultModelPath();

    [Fact]
    public void Load_and_inspect_example()
    {
        var model = OnnxModel.Load(ModelPath);
        foreach (TensorInfo input in model.Inputs)
            Console.WriteLine(input);
        foreach (TensorInfo output in model.Outputs)
            Console.WriteLine(output);
        Console.WriteLine(model.Metadata.GetValueOrDefault("pianotranscription.version"));

        var spectrogram = Assert.Single(model.Inputs);
        Assert.Equal("spectrogram", spectrogram.Name);
        Assert.Equal(197, spectrogram.Shape![2].Value);
        Assert.False(spectrogram.Shape[1].IsFixed);
        Assert.Equal(["onset", "frame", "offset", "velocity", "pedal_onset", "pedal_frame", "pedal_offset"], model.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void Run_and_session_examples()
    {
        var model = OnnxModel.Load(ModelPath);
        var x = new Tensor(new float[1 * 100 * 197], 1, 100, 197);
        IReadOnlyDictionary<string, Tensor> outputs = model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = x });
        Tensor onset = outputs["onset"];
        Assert.Equal([1, 100, 88], onset.Shape);

        using IInferenceSession session = model.CreateSession(new InferenceOptions { MaxDegreeOfParallelism = 1 });
        var frame = Tensor.Zeros(1, 100, 88);
        var pedal = Tensor.Zeros(1, 100);
        session.Run([new NamedInput("spectrogram", x)], [new NamedOutput("frame", frame), new NamedOutput("pedal_frame", pedal)]);

        Assert.True(frame.Data.Span.SequenceEqual(outputs["frame"].Data.Span));
        Assert.True(pedal.Data.Span.SequenceEqual(outputs["pedal_frame"].Data.Span));
    }

    [Fact]
    public void Rejection_example()
    {
        string? message = null;
        try
        {
            OnnxModel.Load(new byte[] { 1, 2, 3 });
        }
        catch (ModelFormatException ex)
        {
            Console.WriteLine(ex.Message);
            message = ex.Message;
        }

        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Fact]
    public void Backend_example()
    {
        IInferenceModel loaded = new MyBackend().Load(File.ReadAllBytes(ModelPath));
        Assert.Equal(7, loaded.Outputs.Count);
        Assert.Equal("managed-onnx", ManagedOnnxBackend.Instance.Name);
    }

    private sealed class MyBackend : IInferenceBackend
    {
        public string Name => "my-runtime";

        public IInferenceModel Load(ReadOnlySpan<byte> model, InferenceOptions? options = null) =>
            OnnxModel.Load(model, options);
    }
}
