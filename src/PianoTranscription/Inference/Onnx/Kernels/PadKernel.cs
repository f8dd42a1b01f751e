namespace PianoTranscription.Inference.Onnx.Kernels;

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
