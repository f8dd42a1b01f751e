namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>Transpose with an explicit or reversed permutation.</summary>
internal sealed class TransposeKernel : Kernel
{
    private readonly long[]? _perm;

    public TransposeKernel(long[]? perm) => _perm = perm;

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = Input(inputs, 0);
        int rank = x.Rank;
        var perm = new int[rank];
        for (int i = 0; i < rank; i++) perm[i] = _perm is null ? rank - 1 - i : Axis(_perm[i], rank);
        if (_perm is not null && _perm.Length != rank) throw Fail($"perm has {_perm.Length} entries for rank {rank}");
        var shape = new int[rank];
        for (int i = 0; i < rank; i++) shape[i] = x.Shape[perm[i]];
        AllocLike(ctx, outputs[0], x, shape);
        if (x.IsFloat) Permute(x.F, outputs[0].F, x.Shape, perm, shape, x.Count);
        else Permute(x.L, outputs[0].L, x.Shape, perm, shape, x.Count);
    }

    private static void Permute<T>(T[] src, T[] dst, int[] inShape, int[] perm, int[] outShape, int count)
    {
        int rank = inShape.Length;
        if (count == 0) return;
        if (rank == 0) { dst[0] = src[0]; return; }
        var inStride = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) { inStride[i] = s; s *= inShape[i]; }
        var st = new int[rank]; // source stride for each output axis
        for (int i = 0; i < rank; i++) st[i] = inStride[perm[i]];
        int inner = outShape[rank - 1];
        int innerStride = st[rank - 1];
        int q = Array.IndexOf(st, 1);
        if (innerStride != 1 && q >= 0 && q < rank - 1 && inner > 1)
        {
            Blocked(src, dst, outShape, st, q, count);
            return;
        }

        var idx = new int[rank];
        int rows = count / inner;
        int off = 0;
        int o = 0;
        for (int r = 0; r < rows; r++)
        {
            if (innerStride == 1)
            {
                Array.Copy(src, off, dst, o, inner);
                o += inner;
            }
            else
            {
                for (int j = 0, p = off; j < inner; j++, p += innerStride) dst[o++] = src[p];
            }

            for (int d = rank - 2; d >= 0; d--)
            {
                idx[d]++;
                off += st[d];
                if (idx[d] < outShape[d]) break;
                off -= st[d] * idx[d];
                idx[d] = 0;
            }
        }
    }

    /// <summary>
    /// Cache-blocked transpose: output axis <paramref name="q"/> reads contiguous source memory while the output's last
    /// axis is strided, so both are walked in 16×16 tiles for every combination of the other axes.
    /// </summary>
    private static void Blocked<T>(T[] src, T[] dst, int[] outShape, int[] st, int q, int count)
    {
        int rank = outShape.Length;
        var dstStride = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) { dstStride[i] = s; s *= outShape[i]; }
        int nq = outShape[q], nl = outShape[rank - 1], sl = st[rank - 1], dq = dstStride[q];
        int outer = count / (nq * nl);
        var idx = new int[rank];
        for (int o = 0; o < outer; o++)
        {
            int rem = o, srcBase = 0, dstBase = 0;
            for (int d = rank - 2; d >= 0; d--)
            {
                if (d == q) continue;
                int i = rem % outShape[d];
                rem /= outShape[d];
                srcBase += i * st[d];
                dstBase += i * dstStride[d];
            }

            if (typeof(T) == typeof(float))
            {
                // Rows l of the source (stride sl) become columns of the output (rows q, stride dq).
                Transpose2D.Run(((float[])(object)src).AsSpan(srcBase), sl, ((float[])(object)dst).AsSpan(dstBase), dq, nl, nq);
                continue;
            }

            for (int l0 = 0; l0 < nl; l0 += 16)
            {
                int l1 = Math.Min(nl, l0 + 16);
                for (int q0 = 0; q0 < nq; q0 += 16)
                {
                    int q1 = Math.Min(nq, q0 + 16);
                    for (int l = l0; l < l1; l++)
                    {
                        int sp = srcBase + l * sl;
                        int dp = dstBase + l;
                        for (int qq = q0; qq < q1; qq++) dst[dp + qq * dq] = src[sp + qq];
                    }
                }
            }
        }
    }
}
