namespace PianoTranscription.Inference.Onnx;

/// <summary>
/// A tensor at run time: a shape plus float storage (float32/float16/double) or integer storage (int64, int32, bool,
/// and the other integer types). Storage may be longer than <see cref="Count"/>; buffers are reused between runs.
/// </summary>
internal sealed class Value
{
    public OnnxDataType Type { get; set; } = OnnxDataType.Float;

    public int[] Shape { get; set; } = [];

    public float[] F { get; set; } = [];

    public long[] L { get; set; } = [];

    public int Count { get; set; }

    public bool IsFloat => Type == OnnxDataType.Float;

    public bool IsConstant { get; init; }

    public Span<float> Floats => F.AsSpan(0, Count);

    public Span<long> Ints => L.AsSpan(0, Count);

    public int Rank => Shape.Length;

    public static Value FromProto(OnnxTensorProto t)
    {
        var shape = new int[t.Dims.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = checked((int)t.Dims[i]);
        }

        if (t.FloatData is { } f)
        {
            return new Value { Type = OnnxDataType.Float, Shape = shape, F = f, Count = f.Length, IsConstant = true };
        }

        var l = t.IntData ?? [];
        var type = t.DataType switch
        {
            OnnxDataType.Bool => OnnxDataType.Bool,
            OnnxDataType.Int32 => OnnxDataType.Int32,
            _ => OnnxDataType.Int64,
        };
        return new Value { Type = type, Shape = shape, L = l, Count = l.Length, IsConstant = true };
    }

    public static Value Constant(float[] data, params int[] shape) =>
        new() { Type = OnnxDataType.Float, Shape = shape, F = data, Count = data.Length, IsConstant = true };

    public static Value ConstantInts(long[] data, params int[] shape) =>
        new() { Type = OnnxDataType.Int64, Shape = shape, L = data, Count = data.Length, IsConstant = true };

    public static long CountOf(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
            if (n > int.MaxValue)
            {
                throw new Kernels.KernelInputException("A tensor would have more than 2^31 elements.");
            }
        }

        return n;
    }

    public void SetShape(ReadOnlySpan<int> shape)
    {
        if (Shape.Length != shape.Length)
        {
            Shape = shape.ToArray();
        }
        else
        {
            shape.CopyTo(Shape);
        }
    }

    /// <summary>Reads an integer tensor as a list of longs (shape inputs); floats are truncated.</summary>
    public long GetInt(int i) => IsFloat ? (long)F[i] : L[i];

    public string ShapeText() => "[" + string.Join(", ", Shape) + "]";
}
