using System.Collections.ObjectModel;

namespace PianoTranscription.Inference;

/// <summary>
/// A dense float32 tensor: a row-major buffer plus its shape. The buffer is used as given (not copied), so a caller
/// can reuse one tensor across runs without allocating.
/// </summary>
public sealed class Tensor
{
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="data"/> with <paramref name="shape"/>.</summary>
    /// <param name="data">Row-major values; its length must equal the product of the dimensions.</param>
    /// <param name="shape">The dimensions (each ≥ 0).</param>
    /// <exception cref="ArgumentException">A dimension is negative or the length does not match.</exception>
    public Tensor(Memory<float> data, ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Dimension {d} is negative.", nameof(shape));
            }

            n *= d;
            if (n > int.MaxValue)
            {
                throw new ArgumentException("The tensor would have more than 2^31 elements.", nameof(shape));
            }
        }

        if (n != data.Length)
        {
            throw new ArgumentException($"The shape [{string.Join(", ", shape.ToArray())}] needs {n} values but the buffer has {data.Length}.", nameof(data));
        }

        _shape = shape.ToArray();
        Data = data;
        Shape = new ReadOnlyCollection<int>(_shape);
    }

    /// <summary>Wraps an array with a shape.</summary>
    /// <param name="data">Row-major values; its length must equal the product of the dimensions.</param>
    /// <param name="shape">The dimensions.</param>
    /// <exception cref="ArgumentException">The length does not match the shape.</exception>
    public Tensor(float[] data, params int[] shape)
        : this(new Memory<float>(data ?? throw new ArgumentNullException(nameof(data))), (shape ?? throw new ArgumentNullException(nameof(shape))).AsSpan())
    {
    }

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The row-major values.</summary>
    public Memory<float> Data { get; }

    /// <summary>The dimensions as a span (no allocation).</summary>
    internal ReadOnlySpan<int> ShapeSpan => _shape;

    /// <summary>A new zero-filled tensor.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The tensor.</returns>
    public static Tensor Zeros(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            n *= d;
            if (n > int.MaxValue)
            {
                throw new ArgumentException("The tensor would have more than 2^31 elements.", nameof(shape));
            }
        }

        return new Tensor(new float[n], shape);
    }

    /// <summary>Text such as <c>Tensor[1, 100, 88]</c>.</summary>
    /// <returns>The shape as text.</returns>
    public override string ToString() => "Tensor[" + string.Join(", ", _shape) + "]";
}
