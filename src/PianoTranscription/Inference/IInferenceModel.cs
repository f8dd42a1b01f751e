namespace PianoTranscription.Inference;

/// <summary>
/// A loaded, immutable model that can be run. Implemented by <see cref="OnnxModel"/> (the managed engine); other
/// backends (for example ONNX Runtime, where that package is available) can implement it too.
/// </summary>
public interface IInferenceModel
{
    /// <summary>The graph inputs (names, element types, declared shapes).</summary>
    IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>The graph outputs (names, element types, declared shapes).</summary>
    IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>The model's metadata properties (ONNX <c>metadata_props</c>).</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Creates a session with its own buffers.</summary>
    /// <param name="options">Execution settings, or null for the defaults.</param>
    /// <returns>A session; dispose it when done.</returns>
    IInferenceSession CreateSession(InferenceOptions? options = null);

    /// <summary>Runs the model and returns every output as a new tensor. Safe to call from several threads at once.</summary>
    /// <param name="inputs">A value for every model input, by name.</param>
    /// <param name="cancellationToken">Checked between operators.</param>
    /// <returns>The outputs by name.</returns>
    /// <exception cref="ArgumentException">An input is missing, unknown or mis-shaped.</exception>
    IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default);
}
