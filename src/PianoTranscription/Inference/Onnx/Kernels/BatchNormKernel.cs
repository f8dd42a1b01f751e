namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>BatchNormalization in inference mode, pre-reduced at load to a per-channel scale and shift.</summary>
internal sealed class BatchNormKernel : Kernel
{
    public BatchNormKernel(float[] scale, float[] shift)
    {
        Scale = scale;
        Shift = shift;
    }

    public float[] Scale { get; }

    public float[] Shift { get; }

    /// <summary>Builds scale = gamma / sqrt(var + eps), shift = beta - mean * scale.</summary>
    public static (float[] Scale, float[] Shift) Reduce(float[] gamma, float[] beta, float[] mean, float[] variance, float epsilon)
    {
        int c = gamma.Length;
        var scale = new float[c];
        var shift = new float[c];
        for (int i = 0; i < c; i++)
        {
            double s = gamma[i] / Math.Sqrt(variance[i] + (double)epsilon);
            scale[i] = (float)s;
            shift[i] = (float)(beta[i] - mean[i] * s);
        }

        return (scale, shift);
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = FloatInput(inputs, 0);
        if (x.Rank < 2 || x.Shape[1] != Scale.Length)
        {
            throw Fail($"input shape {x.ShapeText()} does not have {Scale.Length} channels on axis 1");
        }

        int n = x.Shape[0], c = x.Shape[1];
        int inner = n * c == 0 ? 0 : x.Count / (n * c);
        var d = ctx.AllocFloat(outputs[0], x.Shape);
        var s = x.Floats;
        for (int b = 0; b < n; b++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                int off = (b * c + ch) * inner;
                var dst = d.Slice(off, inner);
                System.Numerics.Tensors.TensorPrimitives.Multiply(s.Slice(off, inner), Scale[ch], dst);
                System.Numerics.Tensors.TensorPrimitives.Add(dst, Shift[ch], dst);
            }
        }
    }
}
