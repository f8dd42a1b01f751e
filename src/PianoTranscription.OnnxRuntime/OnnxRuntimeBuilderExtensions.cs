using PianoTranscription.Transcription;

namespace PianoTranscription.OnnxRuntime;

/// <summary>Selects ONNX Runtime on a <see cref="PianoTranscriberBuilder"/>.</summary>
public static class OnnxRuntimeBuilderExtensions
{
    /// <summary>
    /// Runs the acoustic model in ONNX Runtime (CPU by default). The notes equal those of the managed engine; see
    /// <c>docs/benchmarks.md</c> for when it is faster.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The ONNX Runtime settings, or null for the CPU defaults.</param>
    /// <returns>A new builder.</returns>
    /// <example>
    /// <code>
    /// PianoTranscriber transcriber = PianoTranscriber.CreateBuilder().WithOnnxRuntime().Build();
    /// </code>
    /// </example>
    public static PianoTranscriberBuilder WithOnnxRuntime(this PianoTranscriberBuilder builder, OnnxRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithBackend(options is null ? OnnxRuntimeBackend.Cpu : new OnnxRuntimeBackend(options));
    }
}
