namespace PianoTranscription.Inference;

/// <summary>The built-in, fully managed ONNX engine as an <see cref="IInferenceBackend"/>.</summary>
public sealed class ManagedOnnxBackend : IInferenceBackend
{
    /// <summary>The shared instance.</summary>
    public static ManagedOnnxBackend Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "managed-onnx";

    /// <inheritdoc />
    public IInferenceModel Load(ReadOnlySpan<byte> model, InferenceOptions? options = null) => OnnxModel.Load(model, options);
}
