namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>
/// ONNX GRU (forward, reverse or bidirectional; linear_before_reset 0 or 1; default Sigmoid/Tanh activations;
/// layout 0). Weights are transposed at load; the input projection for all time steps is one GEMM, then each step
/// does one small GEMM with the recurrent weights.
/// </summary>
internal sealed class GruKernel : Kernel
{
    private readonly int _hidden, _dirs, _input;
    private readonly bool _reverseOnly, _linearBeforeReset;
    private readonly float[][] _wt; // per direction [input, 3H]
    private readonly float[][] _rt; // per direction [H, 3H]
    private readonly float[][] _wb, _rb; // per direction [3H]

    public GruKernel(Value w, Value r, Value? b, int hidden, string direction, bool linearBeforeReset)
    {
        _hidden = hidden;
        _dirs = direction == "bidirectional" ? 2 : 1;
        _reverseOnly = direction == "reverse";
        _linearBeforeReset = linearBeforeReset;
        int g = 3 * hidden;
        if (w.Rank != 3 || w.Shape[0] != _dirs || w.Shape[1] != g) throw new ModelFormatException($"GRU W has shape {w.ShapeText()}, expected [{_dirs}, {g}, input].");
        if (r.Rank != 3 || r.Shape[0] != _dirs || r.Shape[1] != g || r.Shape[2] != hidden) throw new ModelFormatException($"GRU R has shape {r.ShapeText()}, expected [{_dirs}, {g}, {hidden}].");
        if (b is not null && (b.Rank != 2 || b.Shape[0] != _dirs || b.Shape[1] != 2 * g)) throw new ModelFormatException($"GRU B has shape {b.ShapeText()}, expected [{_dirs}, {2 * g}].");
        _input = w.Shape[2];
        _wt = new float[_dirs][];
        _rt = new float[_dirs][];
        _wb = new float[_dirs][];
        _rb = new float[_dirs][];
        for (int d = 0; d < _dirs; d++)
        {
            _wt[d] = Transpose(w.F.AsSpan(d * g * _input, g * _input), g, _input);
            _rt[d] = Transpose(r.F.AsSpan(d * g * hidden, g * hidden), g, hidden);
            _wb[d] = b is null ? new float[g] : b.F.AsSpan(d * 2 * g, g).ToArray();
            _rb[d] = b is null ? new float[g] : b.F.AsSpan(d * 2 * g + g, g).ToArray();
        }
    }

    private static float[] Transpose(ReadOnlySpan<float> src, int rows, int cols)
    {
        var t = new float[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++) t[j * rows + i] = src[i * cols + j];
        }

        return t;
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = FloatInput(inputs, 0);
        if (x.Rank != 3 || x.Shape[2] != _input) throw Fail($"input shape {x.ShapeText()} is not [seq, batch, {_input}]");
        if (Optional(inputs, 4) is not null) throw Fail("sequence_lens is not supported");
        var init = Optional(inputs, 5);
        int seq = x.Shape[0], batch = x.Shape[1], hs = _hidden, g = 3 * hs;
        var y = ctx.AllocFloat(outputs[0], [seq, _dirs, batch, hs]);
        var yh = outputs.Length > 1 ? ctx.AllocFloat(outputs[1], [_dirs, batch, hs]) : default;
        var xw = ctx.Take(Math.Max(1, seq * batch * g));
        var hr = ctx.Take(batch * g);
        var h = ctx.Take(batch * hs);
        var rh = ctx.Take(batch * hs);
        var tmp = ctx.Take(batch * hs);
        try
        {
            for (int d = 0; d < _dirs; d++)
            {
                bool reverse = _reverseOnly || d == 1;
                Gemm.Multiply(seq * batch, g, _input, x.Floats, _input, _wt[d], g, xw, g, default, _wb[d]);
                if (init is not null) init.F.AsSpan(d * batch * hs, batch * hs).CopyTo(h);
                else h.AsSpan(0, batch * hs).Clear();
                var rb = _rb[d];
                for (int step = 0; step < seq; step++)
                {
                    int t = reverse ? seq - 1 - step : step;
                    if (_linearBeforeReset)
                    {
                        Gemm.Multiply(batch, g, hs, h, hs, _rt[d], g, hr, g, default, rb);
                    }
                    else
                    {
                        // z and r use h·R; the candidate uses (r ⊙ h)·Rh, computed after r is known.
                        Gemm.Multiply(batch, 2 * hs, hs, h, hs, _rt[d], g, hr, g, default, rb.AsSpan(0, 2 * hs));
                    }

                    for (int bi = 0; bi < batch; bi++)
                    {
                        var xr = xw.AsSpan((t * batch + bi) * g, g);
                        var hrr = hr.AsSpan(bi * g, g);
                        var hb = h.AsSpan(bi * hs, hs);
                        if (!_linearBeforeReset)
                        {
                            var rhb = rh.AsSpan(bi * hs, hs);
                            for (int j = 0; j < hs; j++) rhb[j] = Sigmoid(xr[hs + j] + hrr[hs + j]) * hb[j];
                        }
                    }

                    if (!_linearBeforeReset)
                    {
                        for (int bi = 0; bi < batch; bi++)
                        {
                            Gemm.Multiply(1, hs, hs, rh.AsSpan(bi * hs, hs), hs, _rt[d].AsSpan(2 * hs), g, hr.AsSpan(bi * g + 2 * hs, hs), g, default, rb.AsSpan(2 * hs, hs));
                        }
                    }

                    for (int bi = 0; bi < batch; bi++)
                    {
                        var xr = xw.AsSpan((t * batch + bi) * g, g);
                        var hrr = hr.AsSpan(bi * g, g);
                        var hb = h.AsSpan(bi * hs, hs);
                        var nb = tmp.AsSpan(bi * hs, hs);
                        for (int j = 0; j < hs; j++)
                        {
                            float z = Sigmoid(xr[j] + hrr[j]);
                            float n;
                            if (_linearBeforeReset)
                            {
                                float rr = Sigmoid(xr[hs + j] + hrr[hs + j]);
                                n = MathF.Tanh(xr[2 * hs + j] + rr * hrr[2 * hs + j]);
                            }
                            else
                            {
                                n = MathF.Tanh(xr[2 * hs + j] + hrr[2 * hs + j]);
                            }

                            nb[j] = (1f - z) * n + z * hb[j];
                        }

                        nb.CopyTo(hb);
                        hb.CopyTo(y.Slice(((t * _dirs + d) * batch + bi) * hs, hs));
                    }
                }

                if (!yh.IsEmpty) h.AsSpan(0, batch * hs).CopyTo(yh.Slice(d * batch * hs, batch * hs));
            }
        }
        finally
        {
            ctx.Return(xw);
            ctx.Return(hr);
            ctx.Return(h);
            ctx.Return(rh);
            ctx.Return(tmp);
        }
    }

    private static float Sigmoid(float v) => 1f / (1f + MathF.Exp(-v));
}
