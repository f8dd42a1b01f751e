namespace PianoTranscription.Inference.Onnx;

/// <summary>
/// Per-session execution state: reusable float buffers (a free list filled by values whose last reader has run) and the
/// degree of parallelism. One context is used by one thread at a time.
/// </summary>
internal sealed class RunContext
{
    private readonly List<float[]> _free = [];

    public RunContext(int maxDegreeOfParallelism)
    {
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        Parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
    }

    public int MaxDegreeOfParallelism { get; }

    public ParallelOptions Parallel { get; }

    /// <summary>Gives <paramref name="v"/> float storage for <paramref name="shape"/>, from the free list when possible.</summary>
    public Span<float> AllocFloat(Value v, ReadOnlySpan<int> shape)
    {
        int n = checked((int)Value.CountOf(shape));
        v.Type = OnnxDataType.Float;
        v.SetShape(shape);
        v.Count = n;
        if (v.F.Length < n)
        {
            Release(v);
            v.F = Take(n);
        }

        return v.F.AsSpan(0, n);
    }

    /// <summary>Gives <paramref name="v"/> integer storage (kept with the value; shape tensors are small).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Kept beside AllocFloat so kernels allocate through the context.")]
    public Span<long> AllocInt(Value v, ReadOnlySpan<int> shape, OnnxDataType type = OnnxDataType.Int64)
    {
        int n = checked((int)Value.CountOf(shape));
        v.Type = type;
        v.SetShape(shape);
        v.Count = n;
        if (v.L.Length < n)
        {
            v.L = new long[Math.Max(n, 4)];
        }

        return v.L.AsSpan(0, n);
    }

    /// <summary>
    /// Hands the float storage of <paramref name="from"/> (which must not be read again) to <paramref name="to"/> under
    /// a new shape with the same element count: a zero-copy reshape.
    /// </summary>
    public void Move(Value from, Value to, ReadOnlySpan<int> shape)
    {
        Release(to);
        to.Type = OnnxDataType.Float;
        to.SetShape(shape);
        to.Count = from.Count;
        to.F = from.F;
        from.F = [];
        from.Count = 0;
    }

    /// <summary>Returns the float storage of a value that is no longer needed.</summary>
    public void Release(Value v)
    {
        if (v.IsConstant || v.F.Length == 0)
        {
            return;
        }

        _free.Add(v.F);
        v.F = [];
    }

    /// <summary>A scratch buffer of at least <paramref name="n"/> floats; give it back with <see cref="Return"/>.</summary>
    public float[] Take(int n)
    {
        int best = -1;
        for (int i = 0; i < _free.Count; i++)
        {
            if (_free[i].Length >= n && (best < 0 || _free[i].Length < _free[best].Length))
            {
                best = i;
            }
        }

        if (best >= 0)
        {
            var b = _free[best];
            _free.RemoveAt(best);
            return b;
        }

        return new float[n];
    }

    public void Return(float[] buffer)
    {
        if (buffer.Length > 0)
        {
            _free.Add(buffer);
        }
    }
}
