namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>Shape: the input's dimensions as an int64 tensor (opset 15 start/end supported).</summary>
internal sealed class ShapeKernel : Kernel
{
    private readonly long _start;
    private readonly long? _end;

    public ShapeKernel(long start, long? end)
    {
        _start = start;
        _end = end;
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = Input(inputs, 0);
        int r = x.Rank;
        long s = _start < 0 ? _start + r : _start;
        long e = _end is { } ev ? (ev < 0 ? ev + r : ev) : r;
        s = Math.Clamp(s, 0, r);
        e = Math.Clamp(e, s, r);
        var d = ctx.AllocInt(outputs[0], [(int)(e - s)]);
        for (int i = 0; i < d.Length; i++) d[i] = x.Shape[s + i];
    }
}

/// <summary>Cast between float and integer/bool element types.</summary>
internal sealed class CastKernel : Kernel
{
    private readonly OnnxDataType _to;

    public CastKernel(OnnxDataType to) => _to = to;

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = Input(inputs, 0);
        var o = outputs[0];
        bool toFloat = _to is OnnxDataType.Float or OnnxDataType.Float16 or OnnxDataType.Double or OnnxDataType.BFloat16;
        if (toFloat)
        {
            var d = ctx.AllocFloat(o, x.Shape);
            if (x.IsFloat) x.Floats.CopyTo(d);
            else for (int i = 0; i < d.Length; i++) d[i] = x.L[i];
            if (_to == OnnxDataType.Float16) for (int i = 0; i < d.Length; i++) d[i] = (float)(Half)d[i];
            return;
        }

        var type = _to switch
        {
            OnnxDataType.Bool => OnnxDataType.Bool,
            OnnxDataType.Int32 => OnnxDataType.Int32,
            _ => OnnxDataType.Int64,
        };
        var di = ctx.AllocInt(o, x.Shape, type);
        for (int i = 0; i < di.Length; i++)
        {
            long v = x.IsFloat ? (type == OnnxDataType.Bool ? (x.F[i] != 0f ? 1 : 0) : (long)x.F[i]) : x.L[i];
            di[i] = type switch
            {
                OnnxDataType.Bool => v != 0 ? 1 : 0,
                OnnxDataType.Int32 => (int)v,
                _ => v,
            };
        }
    }
}

/// <summary>ConstantOfShape: a tensor of the given shape filled with one value.</summary>
internal sealed class ConstantOfShapeKernel : Kernel
{
    private readonly Value? _value;

    public ConstantOfShapeKernel(Value? value) => _value = value;

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var dims = Longs(Input(inputs, 0));
        var shape = new int[dims.Length];
        long n = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0 || dims[i] > int.MaxValue) throw Fail($"invalid dimension {dims[i]}");
            shape[i] = (int)dims[i];
            n *= dims[i];
            if (n > OnnxProtoReader.MaxTensorElements) throw Fail($"shape [{string.Join(", ", dims)}] is too large");
        }

        if (_value is null || _value.IsFloat)
        {
            ctx.AllocFloat(outputs[0], shape).Fill(_value is null ? 0f : _value.F[0]);
        }
        else
        {
            ctx.AllocInt(outputs[0], shape, _value.Type).Fill(_value.L[0]);
        }
    }
}

/// <summary>Range(start, limit, delta).</summary>
internal sealed class RangeKernel : Kernel
{
    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var s = Input(inputs, 0);
        var l = Input(inputs, 1);
        var d = Input(inputs, 2);
        if (s.IsFloat)
        {
            float start = s.F[0], limit = l.F[0], delta = d.F[0];
            if (delta == 0f) throw Fail("delta is 0");
            long n = Math.Max(0, (long)Math.Ceiling((limit - start) / (double)delta));
            if (n > OnnxProtoReader.MaxTensorElements) throw Fail("range too long");
            var dst = ctx.AllocFloat(outputs[0], [(int)n]);
            for (int i = 0; i < n; i++) dst[i] = start + i * delta;
        }
        else
        {
            long start = s.L[0], limit = l.L[0], delta = d.L[0];
            if (delta == 0) throw Fail("delta is 0");
            long n = Math.Max(0, (long)Math.Ceiling((limit - start) / (double)delta));
            if (n > OnnxProtoReader.MaxTensorElements) throw Fail("range too long");
            var dst = ctx.AllocInt(outputs[0], [(int)n], s.Type);
            for (int i = 0; i < n; i++) dst[i] = start + i * delta;
        }
    }
}

/// <summary>Expand: broadcast the input to a shape.</summary>
internal sealed class ExpandKernel : Kernel
{
    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = Input(inputs, 0);
        var target = Longs(Input(inputs, 1));
        var t = new int[target.Length];
        for (int i = 0; i < t.Length; i++) t[i] = checked((int)target[i]);
        var shape = Broadcast.Shape(x.Shape, t) ?? throw Fail($"{x.ShapeText()} cannot expand to [{string.Join(", ", target)}]");
        if (Value.CountOf(shape) > OnnxProtoReader.MaxTensorElements) throw Fail("expanded tensor too large");
        AllocLike(ctx, outputs[0], x, shape);
        var st = Broadcast.Strides(x.Shape, shape);
        int n = (int)Value.CountOf(shape);
        for (int o = 0; o < n; o++)
        {
            int rem = o, src = 0;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                src += rem % shape[d] * st[d];
                rem /= shape[d];
            }

            if (x.IsFloat) outputs[0].F[o] = x.F[src];
            else outputs[0].L[o] = x.L[src];
        }
    }
}

/// <summary>Comparison and selection on small tensors (Equal, Where, Not) as torch emits around dynamic shapes.</summary>
internal sealed class LogicKernel : Kernel
{
    private readonly string _op;

    public LogicKernel(string op) => _op = op;

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        if (_op == "Not")
        {
            var x = Input(inputs, 0);
            var d = ctx.AllocInt(outputs[0], x.Shape, OnnxDataType.Bool);
            for (int i = 0; i < d.Length; i++) d[i] = x.L[i] == 0 ? 1 : 0;
            return;
        }

        if (_op == "Where")
        {
            var c = Input(inputs, 0);
            var a = Input(inputs, 1);
            var b = Input(inputs, 2);
            var s1 = Broadcast.Shape(c.Shape, a.Shape) ?? throw Fail("shapes do not broadcast");
            var shape = Broadcast.Shape(s1, b.Shape) ?? throw Fail("shapes do not broadcast");
            AllocLike(ctx, outputs[0], a, shape);
            var sc = Broadcast.Strides(c.Shape, shape);
            var sa = Broadcast.Strides(a.Shape, shape);
            var sb = Broadcast.Strides(b.Shape, shape);
            int n = (int)Value.CountOf(shape);
            for (int o = 0; o < n; o++)
            {
                int rem = o, ic = 0, ia = 0, ib = 0;
                for (int d = shape.Length - 1; d >= 0; d--)
                {
                    int i = rem % shape[d];
                    rem /= shape[d];
                    ic += i * sc[d];
                    ia += i * sa[d];
                    ib += i * sb[d];
                }

                bool take = c.L[ic] != 0;
                if (a.IsFloat) outputs[0].F[o] = take ? a.F[ia] : b.F[ib];
                else outputs[0].L[o] = take ? a.L[ia] : b.L[ib];
            }

            return;
        }

        var x0 = Input(inputs, 0);
        var x1 = Input(inputs, 1);
        var sh = Broadcast.Shape(x0.Shape, x1.Shape) ?? throw Fail("shapes do not broadcast");
        var s0 = Broadcast.Strides(x0.Shape, sh);
        var s1b = Broadcast.Strides(x1.Shape, sh);
        var dst = ctx.AllocInt(outputs[0], sh, OnnxDataType.Bool);
        for (int o = 0; o < dst.Length; o++)
        {
            int rem = o, i0 = 0, i1 = 0;
            for (int d = sh.Length - 1; d >= 0; d--)
            {
                int i = rem % sh[d];
                rem /= sh[d];
                i0 += i * s0[d];
                i1 += i * s1b[d];
            }

            double v0 = x0.IsFloat ? x0.F[i0] : x0.L[i0];
            double v1 = x1.IsFloat ? x1.F[i1] : x1.L[i1];
            dst[o] = _op switch
            {
                "Equal" => v0 == v1,
                "Less" => v0 < v1,
                _ => v0 > v1,
            } ? 1 : 0;
        }
    }
}
