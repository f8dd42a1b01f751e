namespace PianoTranscription.Inference.Onnx.Kernels;

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
