namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>Numpy-style broadcasting helpers.</summary>
internal static class Broadcast
{
    /// <summary>The broadcast shape of two shapes, or null when they do not broadcast.</summary>
    public static int[]? Shape(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da == db || db == 1) r[i] = da;
            else if (da == 1) r[i] = db;
            else return null;
        }

        return r;
    }

    /// <summary>Element strides of <paramref name="shape"/> viewed in the rank of <paramref name="outShape"/>, 0 on broadcast axes.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape, ReadOnlySpan<int> outShape)
    {
        int rank = outShape.Length;
        var s = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            int j = i - (rank - shape.Length);
            int d = j >= 0 ? shape[j] : 1;
            s[i] = d == 1 ? 0 : stride;
            stride *= d;
        }

        return s;
    }
}
