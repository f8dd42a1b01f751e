namespace PianoTranscription.Inference;

/// <summary>A way to load models: the managed engine (<see cref="ManagedOnnxBackend"/>) or another runtime.</summary>
public interface IInferenceBackend
{
    /// <summary>A short name for logs, such as <c>managed-onnx</c>.</summary>
    string Name { get; }

    /// <summary>Loads a model.</summary>
    /// <param name="model">The serialized model.</param>
    /// <param name="options">Execution settings for the model's own runs, or null for the defaults.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="ModelFormatException">The model is malformed or uses unsupported features.</exception>
    IInferenceModel Load(ReadOnlySpan<byte> model, InferenceOptions? options = null);
}
