using System.Numerics.Tensors;

namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>Softmax / LogSoftmax: opset 13+ along one axis; older opsets over the flattened trailing dimensions from the axis.</summary>
internal sealed class SoftmaxKernel : Kernel
{
    private readonly long _axis;
    private readonly bool _legacy;
    private readonly bool _log;

    public SoftmaxKernel(long axis, bool legacy, bool log)
    {
        _axis = axis;
        _legacy = legacy;
        _log = log;
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = FloatInput(inputs, 0);
        int rank = x.Rank;
        int axis = Axis(_axis, Math.Max(rank, 1));
        int outer = 1, n = 1, inner = 1;
        for (int i = 0; i < rank; i++)
        {
            if (i < axis) outer *= x.Shape[i];
            else if (i == axis || _legacy) n *= x.Shape[i];
            else inner *= x.Shape[i];
        }

        var d = ctx.AllocFloat(outputs[0], x.Shape);
        var s = x.Floats;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                Row(s.Slice(o * n, n), d.Slice(o * n, n));
            }

            return;
        }

        var tmp = new float[n];
        var res = new float[n];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int b = o * n * inner + i;
                for (int k = 0; k < n; k++) tmp[k] = s[b + k * inner];
                Row(tmp, res);
                for (int k = 0; k < n; k++) d[b + k * inner] = res[k];
            }
        }
    }

    private void Row(ReadOnlySpan<float> s, Span<float> d)
    {
        if (s.Length == 0) return;
        float max = TensorPrimitives.Max(s);
        TensorPrimitives.Subtract(s, max, d);
        if (_log)
        {
            float sum = 0f;
            foreach (float v in d) sum += MathF.Exp(v);
            TensorPrimitives.Subtract(d, MathF.Log(sum), d);
        }
        else
        {
            TensorPrimitives.Exp(d, d);
            float sum = TensorPrimitives.Sum(d);
            TensorPrimitives.Divide(d, sum, d);
        }
    }
}
