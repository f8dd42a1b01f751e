namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>
/// A kernel's inputs do not fit its node at run time (shapes that do not broadcast or reshape, a missing input, a
/// wrong type). Raised only through <see cref="Kernel"/>'s <c>Fail</c>; the session turns it into an
/// <see cref="ArgumentException"/> about the caller's inputs. Any other exception from a kernel is an engine fault
/// and is not relabelled.
/// </summary>
internal sealed class KernelInputException(string message) : InvalidOperationException(message);
