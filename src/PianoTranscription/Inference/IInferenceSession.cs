namespace PianoTranscription.Inference;

/// <summary>
/// A reusable execution context for one model: it owns the intermediate buffers, so repeated runs with same-sized
/// inputs do not allocate large arrays. A session runs one call at a time; use one session per thread (they are
/// cheap), or <see cref="IInferenceModel.Run(IReadOnlyDictionary{string, Tensor}, CancellationToken)"/>, which is safe to call concurrently.
/// </summary>
public interface IInferenceSession : IDisposable
{
    /// <summary>The model this session runs.</summary>
    IInferenceModel Model { get; }

    /// <summary>Runs the model, writing the requested outputs into caller-owned tensors.</summary>
    /// <param name="inputs">A value for every model input.</param>
    /// <param name="outputs">The outputs wanted, each with a destination of exactly the output's shape.</param>
    /// <param name="cancellationToken">Checked between operators.</param>
    /// <exception cref="ArgumentException">An input is missing, unknown or mis-shaped, or a destination has the wrong shape.</exception>
    /// <exception cref="InvalidOperationException">The session is already running on another thread.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    void Run(ReadOnlySpan<NamedInput> inputs, ReadOnlySpan<NamedOutput> outputs, CancellationToken cancellationToken = default);

    /// <summary>Runs the model and returns every output as a new tensor.</summary>
    /// <param name="inputs">A value for every model input, by name.</param>
    /// <param name="cancellationToken">Checked between operators.</param>
    /// <returns>The outputs by name.</returns>
    /// <exception cref="ArgumentException">An input is missing, unknown or mis-shaped.</exception>
    IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default);
}
