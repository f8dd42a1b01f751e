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
