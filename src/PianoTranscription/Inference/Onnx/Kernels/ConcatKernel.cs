namespace PianoTranscription.Inference.Onnx.Kernels;

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
