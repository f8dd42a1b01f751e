using System.Numerics.Tensors;

namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>
/// Transcendental functions whose result for an element depends only on its value, not on where it sits in the span.
/// <see cref="TensorPrimitives"/> computes a span's last partial vector (and spans shorter than a vector) by other
/// code than its full vectors, which differs in the last bits for extreme inputs; chunked inference would then differ
/// from one pass. Here every element goes through the full-vector path: the span is cut into blocks of
/// <see cref="Block"/> elements and a last partial block is computed in a zero-padded copy.
/// </summary>
internal static class Elementwise
{
    /// <summary>A multiple of every vector width (64 bytes = 16 floats) and of the unrolled loops.</summary>
    private const int Block = 64;

    public static void Sigmoid(ReadOnlySpan<float> s, Span<float> d) => Apply(s, d, static (x, y) => TensorPrimitives.Sigmoid(x, y));

    public static void Tanh(ReadOnlySpan<float> s, Span<float> d) => Apply(s, d, static (x, y) => TensorPrimitives.Tanh(x, y));

    public static void Exp(ReadOnlySpan<float> s, Span<float> d) => Apply(s, d, static (x, y) => TensorPrimitives.Exp(x, y));

    private delegate void SpanFunction(ReadOnlySpan<float> source, Span<float> destination);

    private static void Apply(ReadOnlySpan<float> s, Span<float> d, SpanFunction f)
    {
        int full = s.Length - (s.Length % Block);
        if (full > 0)
        {
            f(s[..full], d[..full]);
        }

        if (full < s.Length)
        {
            Span<float> t = stackalloc float[Block];
            t.Clear();
            s[full..].CopyTo(t);
            f(t, t);
            t[..(s.Length - full)].CopyTo(d[full..]);
        }
    }
}
