namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>Reshape / Flatten / Squeeze / Unsqueeze: the data is copied unchanged under a new shape.</summary>
internal sealed class ReshapeKernel : Kernel
{
    private readonly string _op;
    private readonly long[]? _axes; // Squeeze/Unsqueeze attribute form (opset < 13) or Flatten axis
    private readonly bool _allowZero;

    public ReshapeKernel(string op, long[]? axes, bool allowZero)
    {
        _op = op;
        _axes = axes;
        _allowZero = allowZero;
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = Input(inputs, 0);
        int[] shape = _op switch
        {
            "Reshape" => ReshapeTo(x, Longs(Input(inputs, 1))),
            "Flatten" => FlattenShape(x),
            "Squeeze" => SqueezeShape(x, _axes ?? (Optional(inputs, 1) is { } a ? Longs(a) : null)),
            _ => UnsqueezeShape(x, _axes ?? Longs(Input(inputs, 1))),
        };
        if (StealInput && x.IsFloat && !x.IsConstant)
        {
            ctx.Move(x, outputs[0], shape);
            return;
        }

        AllocLike(ctx, outputs[0], x, shape);
        if (x.IsFloat) x.Floats.CopyTo(outputs[0].F);
        else x.Ints.CopyTo(outputs[0].L);
    }

    /// <summary>Set by the compiler when this step is the data input's last reader: the buffer is moved, not copied.</summary>
    public bool StealInput { get; set; }

    private int[] ReshapeTo(Value x, long[] target)
    {
        var shape = new int[target.Length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.Length; i++)
        {
            long t = target[i];
            if (t == 0 && !_allowZero)
            {
                if (i >= x.Rank) throw Fail($"shape {string.Join(",", target)} copies dimension {i} that {x.ShapeText()} lacks");
                t = x.Shape[i];
            }

            if (t == -1)
            {
                if (infer >= 0) throw Fail("shape has more than one -1");
                infer = i;
                continue;
            }

            if (t < 0 || t > int.MaxValue) throw Fail($"invalid target dimension {t}");
            shape[i] = (int)t;
            known *= t;
        }

        if (infer >= 0)
        {
            if (known == 0 || x.Count % known != 0) throw Fail($"cannot reshape {x.ShapeText()} to [{string.Join(", ", target)}]");
            shape[infer] = (int)(x.Count / known);
        }
        else if (known != x.Count)
        {
            throw Fail($"cannot reshape {x.ShapeText()} ({x.Count} elements) to [{string.Join(", ", target)}]");
        }

        return shape;
    }

    private int[] FlattenShape(Value x)
    {
        long axis = _axes is { Length: > 0 } ? _axes[0] : 1;
        int ax = axis < 0 ? (int)axis + x.Rank : (int)axis;
        if (ax < 0 || ax > x.Rank) throw Fail($"axis {axis} is out of range for rank {x.Rank}");
        long outer = 1;
        for (int i = 0; i < ax; i++) outer *= x.Shape[i];
        return [(int)outer, outer == 0 ? 0 : (int)(x.Count / outer)];
    }

    private int[] SqueezeShape(Value x, long[]? axes)
    {
        var drop = new bool[x.Rank];
        if (axes is null)
        {
            for (int i = 0; i < x.Rank; i++) drop[i] = x.Shape[i] == 1;
        }
        else
        {
            foreach (long a in axes)
            {
                int ax = Axis(a, x.Rank);
                if (x.Shape[ax] != 1) throw Fail($"cannot squeeze axis {a} of {x.ShapeText()}");
                drop[ax] = true;
            }
        }

        var r = new List<int>();
        for (int i = 0; i < x.Rank; i++) if (!drop[i]) r.Add(x.Shape[i]);
        return r.ToArray();
    }

    private int[] UnsqueezeShape(Value x, long[] axes)
    {
        int rank = x.Rank + axes.Length;
        var isNew = new bool[rank];
        foreach (long a in axes)
        {
            int ax = Axis(a, rank);
            if (isNew[ax]) throw Fail($"axis {a} is repeated");
            isNew[ax] = true;
        }

        var r = new int[rank];
        int j = 0;
        for (int i = 0; i < rank; i++) r[i] = isNew[i] ? 1 : x.Shape[j++];
        return r;
    }
}

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

/// <summary>Concat along an axis.</summary>
internal sealed class ConcatKernel : Kernel
{
    private readonly long _axis;

    public ConcatKernel(long axis) => _axis = axis;

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var first = Input(inputs, 0);
        int rank = first.Rank;
        int axis = Axis(_axis, rank);
        var shape = (int[])first.Shape.Clone();
        shape[axis] = 0;
        foreach (var v in inputs)
        {
            if (v is null) continue;
            if (v.Rank != rank || v.IsFloat != first.IsFloat) throw Fail($"inputs {first.ShapeText()} and {v.ShapeText()} cannot be concatenated");
            for (int i = 0; i < rank; i++)
            {
                if (i != axis && v.Shape[i] != first.Shape[i]) throw Fail($"inputs {first.ShapeText()} and {v.ShapeText()} differ outside axis {axis}");
            }

            shape[axis] += v.Shape[axis];
        }

        AllocLike(ctx, outputs[0], first, shape);
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        int inner = 1;
        for (int i = axis + 1; i < rank; i++) inner *= shape[i];
        int outRow = shape[axis] * inner;
        int pos = 0;
        foreach (var v in inputs)
        {
            if (v is null) continue;
            int row = v.Shape[axis] * inner;
            for (int o = 0; o < outer; o++)
            {
                if (first.IsFloat) Array.Copy(v.F, o * row, outputs[0].F, o * outRow + pos, row);
                else Array.Copy(v.L, o * row, outputs[0].L, o * outRow + pos, row);
            }

            pos += row;
        }
    }
}

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

/// <summary>Split into several outputs along an axis (sizes from the attribute, the input, or equal parts).</summary>
internal sealed class SplitKernel : Kernel
{
    private readonly long _axis;
    private readonly long[]? _split;

    public SplitKernel(long axis, long[]? split)
    {
        _axis = axis;
        _split = split;
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = Input(inputs, 0);
        int axis = Axis(_axis, x.Rank);
        long[]? sizes = _split ?? (Optional(inputs, 1) is { } s ? Longs(s) : null);
        int dim = x.Shape[axis];
        int parts = outputs.Length;
        if (sizes is null)
        {
            int each = (dim + parts - 1) / parts;
            sizes = new long[parts];
            for (int i = 0; i < parts; i++) sizes[i] = Math.Max(0, Math.Min(each, dim - i * each));
        }

        if (sizes.Length != parts || sizes.Sum() != dim) throw Fail($"split sizes [{string.Join(", ", sizes)}] do not cover axis {axis} of {x.ShapeText()}");
        int start = 0;
        var begin = new int[x.Rank];
        var step = Enumerable.Repeat(1, x.Rank).ToArray();
        for (int i = 0; i < parts; i++)
        {
            var shape = (int[])x.Shape.Clone();
            shape[axis] = (int)sizes[i];
            begin[axis] = start;
            AllocLike(ctx, outputs[i], x, shape);
            if (x.IsFloat) SliceKernel.Gather(x.F, outputs[i].F, x.Shape, begin, step, shape);
            else SliceKernel.Gather(x.L, outputs[i].L, x.Shape, begin, step, shape);
            start += (int)sizes[i];
        }
    }
}

/// <summary>Gather along an axis with integer indices (negative indices count from the end).</summary>
internal sealed class GatherKernel : Kernel
{
    private readonly long _axis;

    public GatherKernel(long axis) => _axis = axis;

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = Input(inputs, 0);
        var ind = Input(inputs, 1);
        if (ind.IsFloat) throw Fail("indices must be integers");
        int axis = Axis(_axis, x.Rank);
        var shape = new List<int>();
        for (int i = 0; i < axis; i++) shape.Add(x.Shape[i]);
        shape.AddRange(ind.Shape);
        for (int i = axis + 1; i < x.Rank; i++) shape.Add(x.Shape[i]);
        AllocLike(ctx, outputs[0], x, shape.ToArray());
        int outer = 1, inner = 1, dim = x.Shape[axis];
        for (int i = 0; i < axis; i++) outer *= x.Shape[i];
        for (int i = axis + 1; i < x.Rank; i++) inner *= x.Shape[i];
        int n = ind.Count;
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < n; j++)
            {
                long k = ind.L[j];
                if (k < 0) k += dim;
                if (k < 0 || k >= dim) throw Fail($"index {ind.L[j]} is out of range for axis of size {dim}");
                int src = (int)((o * (long)dim + k) * inner);
                int dst = (o * n + j) * inner;
                if (x.IsFloat) Array.Copy(x.F, src, outputs[0].F, dst, inner);
                else Array.Copy(x.L, src, outputs[0].L, dst, inner);
            }
        }
    }
}

/// <summary>Pad: constant, reflect or edge mode over any axes.</summary>
internal sealed class PadKernel : Kernel
{
    private readonly string _mode;
    private readonly long[]? _pads;
    private readonly float _value;

    public PadKernel(string mode, long[]? pads, float value)
    {
        _mode = mode;
        _pads = pads;
        _value = value;
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = FloatInput(inputs, 0);
        long[] pads = _pads ?? Longs(Input(inputs, 1));
        float cv = _pads is null && Optional(inputs, 2) is { Count: > 0 } c ? (c.IsFloat ? c.F[0] : c.L[0]) : _value;
        int rank = x.Rank;
        var padAxes = new long[2 * rank];
        if (_pads is null && Optional(inputs, 3) is { } axesV)
        {
            var axes = Longs(axesV);
            for (int i = 0; i < axes.Length; i++)
            {
                int ax = Axis(axes[i], rank);
                padAxes[ax] = pads[i];
                padAxes[ax + rank] = pads[i + axes.Length];
            }
        }
        else
        {
            if (pads.Length != 2 * rank) throw Fail($"pads has {pads.Length} values for rank {rank}");
            padAxes = pads;
        }

        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            long d = x.Shape[i] + padAxes[i] + padAxes[i + rank];
            if (d < 0) throw Fail("negative padded size");
            shape[i] = (int)d;
        }

        var dst = ctx.AllocFloat(outputs[0], shape);
        var inStride = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) { inStride[i] = s; s *= x.Shape[i]; }
        var idx = new int[rank];
        for (int o = 0; o < dst.Length; o++)
        {
            int rem = o, src = 0;
            bool outside = false;
            for (int d = rank - 1; d >= 0; d--)
            {
                int i = rem % shape[d];
                rem /= shape[d];
                long p = i - padAxes[d];
                int n = x.Shape[d];
                if (p < 0 || p >= n)
                {
                    if (_mode == "constant" || n == 0) { outside = true; break; }
                    if (_mode == "edge") p = p < 0 ? 0 : n - 1;
                    else
                    {
                        // reflect
                        if (n == 1) p = 0;
                        else
                        {
                            long period = 2L * (n - 1);
                            p = ((p % period) + period) % period;
                            if (p >= n) p = period - p;
                        }
                    }
                }

                src += (int)p * inStride[d];
            }

            dst[o] = outside ? cv : x.F[src];
        }
    }
}
