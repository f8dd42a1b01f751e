using Microsoft.ML.OnnxRuntime;
using PianoTranscription.Inference;

namespace PianoTranscription.OnnxRuntime;

/// <summary>
/// An <see cref="IInferenceBackend"/> that runs models in Microsoft ONNX Runtime instead of the library's managed
/// engine: CPU by default, or CUDA, DirectML or Core ML (<see cref="OnnxRuntimeOptions.ExecutionProvider"/>) when the
/// app references the matching ONNX Runtime native package. Thread-safe; one instance serves any number of models.
/// </summary>
/// <remarks>
/// <para>Use it through the builder, <c>PianoTranscriber.CreateBuilder().WithOnnxRuntime().Build()</c>, or load a model
/// directly with <c>AcousticModel.Load(path, new OnnxRuntimeBackend())</c> or
/// <c>AcousticModel.Default.WithBackend(OnnxRuntimeBackend.Cpu)</c>. The notes equal the managed engine's: the two
/// agree to about 1e-6 on the model outputs.</para>
/// <para><see cref="InferenceOptions.MaxDegreeOfParallelism"/> becomes ONNX Runtime's intra-op thread count. ONNX Runtime
/// sessions hold native memory; a model loaded here is released when it is collected (ONNX Runtime's handles are
/// finalizable), or at once with <see cref="OnnxRuntimeModel.Dispose"/>.</para>
/// </remarks>
public sealed class OnnxRuntimeBackend : IInferenceBackend
{
    /// <summary>Creates a backend.</summary>
    /// <param name="options">The settings, or null for <see cref="OnnxRuntimeOptions.Default"/> (CPU).</param>
    public OnnxRuntimeBackend(OnnxRuntimeOptions? options = null) => Options = options ?? OnnxRuntimeOptions.Default;

    /// <summary>A shared CPU backend with the default settings.</summary>
    public static OnnxRuntimeBackend Cpu { get; } = new();

    /// <summary>The settings.</summary>
    public OnnxRuntimeOptions Options { get; }

    /// <inheritdoc />
    public string Name => "onnxruntime-" + Options.ExecutionProvider.ToString().ToLowerInvariant();

    /// <summary>The execution providers the ONNX Runtime native library in this process was built with (for example <c>CPUExecutionProvider</c>).</summary>
    /// <returns>The provider names.</returns>
    /// <exception cref="NotSupportedException">The ONNX Runtime native library cannot be loaded on this platform.</exception>
    public static IReadOnlyList<string> AvailableProviders()
    {
        try
        {
            return OrtEnv.Instance().GetAvailableProviders();
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw NativeMissing(ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">
    /// The ONNX Runtime native library is missing, or it was built without the requested execution provider (the
    /// message names the package to reference).
    /// </exception>
    public IInferenceModel Load(ReadOnlySpan<byte> model, InferenceOptions? options = null) =>
        new OnnxRuntimeModel(model.ToArray(), this, options ?? InferenceOptions.Default);

    /// <summary>A one-line description.</summary>
    /// <returns>The backend name.</returns>
    public override string ToString() => Name;

    internal SessionOptions CreateSessionOptions(int threads)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = Options.OptimizeGraph ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL,
        };
        try
        {
            AppendProvider(options);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private void AppendProvider(SessionOptions options)
    {
        OnnxRuntimeExecutionProvider provider = Options.ExecutionProvider;
        if (provider == OnnxRuntimeExecutionProvider.Cpu)
        {
            return;
        }

        (string native, string package) = provider switch
        {
            OnnxRuntimeExecutionProvider.Cuda => ("CUDAExecutionProvider", "Microsoft.ML.OnnxRuntime.Gpu"),
            OnnxRuntimeExecutionProvider.DirectML => ("DmlExecutionProvider", "Microsoft.ML.OnnxRuntime.DirectML"),
            OnnxRuntimeExecutionProvider.CoreML => ("CoreMLExecutionProvider", "Microsoft.ML.OnnxRuntime (on macOS or iOS)"),
            _ => throw new ArgumentOutOfRangeException(nameof(options), provider, "Unknown execution provider."),
        };
        IReadOnlyList<string> available = AvailableProviders();
        if (!available.Contains(native, StringComparer.Ordinal))
        {
            throw new NotSupportedException(
                $"ONNX Runtime's {provider} execution provider is not in the native library this app loaded (it has: {string.Join(", ", available)}). " +
                $"Reference {package} in the app instead of the CPU package, or use OnnxRuntimeExecutionProvider.Cpu.");
        }

        try
        {
            switch (provider)
            {
                case OnnxRuntimeExecutionProvider.Cuda:
                    options.AppendExecutionProvider_CUDA(Options.DeviceId);
                    break;
                case OnnxRuntimeExecutionProvider.DirectML:
                    options.AppendExecutionProvider_DML(Options.DeviceId);
                    break;
                default:
                    options.AppendExecutionProvider_CoreML();
                    break;
            }
        }
        catch (OnnxRuntimeException ex)
        {
            throw new NotSupportedException($"ONNX Runtime could not start its {provider} execution provider (device {Options.DeviceId}): {ex.Message}", ex);
        }
    }

    internal static NotSupportedException NativeMissing(Exception ex) => new(
        $"The ONNX Runtime native library could not be loaded on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier} ({ex.GetType().Name}: {ex.Message}). " +
        "Reference Microsoft.ML.OnnxRuntime (CPU) or the package of your execution provider, or use the managed engine (the default, no native code).",
        ex);
}
