namespace PianoTranscription.OnnxRuntime;

/// <summary>Settings of the ONNX Runtime backend. Immutable; change with <c>with</c>.</summary>
/// <example>
/// <code>
/// var gpu = new OnnxRuntimeOptions { ExecutionProvider = OnnxRuntimeExecutionProvider.Cuda, DeviceId = 0 };
/// PianoTranscriber transcriber = PianoTranscriber.CreateBuilder().WithOnnxRuntime(gpu).Build();
/// </code>
/// </example>
public sealed record OnnxRuntimeOptions
{
    private readonly int _deviceId;

    /// <summary>The defaults: CPU, all graph optimisations.</summary>
    public static OnnxRuntimeOptions Default { get; } = new();

    /// <summary>Where the model runs (default <see cref="OnnxRuntimeExecutionProvider.Cpu"/>).</summary>
    public OnnxRuntimeExecutionProvider ExecutionProvider { get; init; } = OnnxRuntimeExecutionProvider.Cpu;

    /// <summary>The GPU to use for CUDA and DirectML (default 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int DeviceId
    {
        get => _deviceId;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _deviceId = value;
        }
    }

    /// <summary>
    /// Whether ONNX Runtime applies its graph optimisations (operator fusion, constant folding; default true). Off,
    /// the outputs follow the graph operator by operator, which is slower.
    /// </summary>
    public bool OptimizeGraph { get; init; } = true;
}
