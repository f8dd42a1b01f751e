namespace PianoTranscription.Inference.Onnx.Kernels;

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
