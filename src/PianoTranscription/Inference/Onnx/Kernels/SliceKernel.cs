namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>Slice (opset 10+ inputs, or the opset 1 attributes) with negative indices, clamping and steps.</summary>
internal sealed class SliceKernel : Kernel
{
    private readonly long[]? _starts, _ends, _axes;

    public SliceKernel(long[]? starts, long[]? ends, long[]? axes)
    {
        _starts = starts;
        _ends = ends;
        _axes = axes;
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = Input(inputs, 0);
        long[] starts = _starts ?? Longs(Input(inputs, 1));
        long[] ends = _ends ?? Longs(Input(inputs, 2));
        long[]? axes = _axes ?? (Optional(inputs, 3) is { } a ? Longs(a) : null);
        long[]? steps = _starts is null && Optional(inputs, 4) is { } s ? Longs(s) : null;
        int rank = x.Rank;
        var begin = new int[rank];
        var step = new int[rank];
        var shape = (int[])x.Shape.Clone();
        for (int i = 0; i < rank; i++) step[i] = 1;
        if (ends.Length != starts.Length) throw Fail("starts and ends differ in length");
        for (int i = 0; i < starts.Length; i++)
        {
            int ax = Axis(axes is null ? i : axes[i], rank);
            long st = steps is null ? 1 : steps[i];
            if (st == 0) throw Fail("a step is 0");
            long dim = x.Shape[ax];
            long b = starts[i], e = ends[i];
            if (b < 0) b += dim;
            if (e < 0) e += dim;
            if (st > 0)
            {
                b = Math.Clamp(b, 0, dim);
                e = Math.Clamp(e, 0, dim);
                shape[ax] = (int)Math.Max(0, (e - b + st - 1) / st);
            }
            else
            {
                b = Math.Clamp(b, 0, dim - 1);
                e = Math.Clamp(e, -1, dim - 1);
                shape[ax] = (int)Math.Max(0, (b - e + (-st) - 1) / (-st));
            }

            begin[ax] = (int)b;
            step[ax] = (int)st;
        }

        AllocLike(ctx, outputs[0], x, shape);
        if (x.IsFloat) Gather(x.F, outputs[0].F, x.Shape, begin, step, shape);
        else Gather(x.L, outputs[0].L, x.Shape, begin, step, shape);
    }

    internal static void Gather<T>(T[] src, T[] dst, int[] inShape, int[] begin, int[] step, int[] outShape)
    {
        int rank = inShape.Length;
        long count = Value.CountOf(outShape);
        if (count == 0) return;
        if (rank == 0) { dst[0] = src[0]; return; }
        var stride = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) { stride[i] = s; s *= inShape[i]; }
        int off = 0;
        for (int i = 0; i < rank; i++) off += begin[i] * stride[i];
        int inner = outShape[rank - 1];
        int innerStep = step[rank - 1] * stride[rank - 1];
        var idx = new int[rank];
        int rows = (int)(count / inner);
        int o = 0;
        for (int r = 0; r < rows; r++)
        {
            if (innerStep == 1) { Array.Copy(src, off, dst, o, inner); o += inner; }
            else for (int j = 0, p = off; j < inner; j++, p += innerStep) dst[o++] = src[p];
            for (int d = rank - 2; d >= 0; d--)
            {
                idx[d]++;
                off += step[d] * stride[d];
                if (idx[d] < outShape[d]) break;
                off -= step[d] * stride[d] * idx[d];
                idx[d] = 0;
            }
        }
    }
}
