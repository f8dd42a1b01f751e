namespace PianoTranscription.OnnxRuntime;

/// <summary>Where ONNX Runtime runs the model. Every provider but <see cref="Cpu"/> needs the matching ONNX Runtime native package in the app.</summary>
public enum OnnxRuntimeExecutionProvider
{
    /// <summary>The CPU (ONNX Runtime's default provider; in <c>Microsoft.ML.OnnxRuntime</c>, which this package references).</summary>
    Cpu,

    /// <summary>NVIDIA CUDA (the app references <c>Microsoft.ML.OnnxRuntime.Gpu</c> instead of the CPU package; Linux or Windows with CUDA 12 and cuDNN 9).</summary>
    Cuda,

    /// <summary>DirectML on Windows (the app references <c>Microsoft.ML.OnnxRuntime.DirectML</c>).</summary>
    DirectML,

    /// <summary>Core ML on macOS and iOS (in the <c>Microsoft.ML.OnnxRuntime</c> build for Apple platforms).</summary>
    CoreML,
}
