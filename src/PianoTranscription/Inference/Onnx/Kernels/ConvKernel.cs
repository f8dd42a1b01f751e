using System.Buffers;

namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>
/// 1-D and 2-D convolution (pads, auto_pad, strides, dilations, groups) as tiled im2col + <see cref="Gemm"/>, with a
/// folded bias / BatchNormalization and a fused activation. Output pixels are split into tiles that run in parallel,
/// each tile's im2col block staying in cache; 1×1 stride-1 convolutions read the input directly.
/// </summary>
internal sealed class ConvKernel : Kernel
{
    private readonly int _rank; // spatial rank: 1 or 2
    private readonly int _m, _cg, _kh, _kw, _group;
    private readonly int _sh, _sw, _dh, _dw;
    private readonly int[] _pads; // top, left, bottom, right
    private readonly string _autoPad;

    public ConvKernel(float[] weights, int[] weightShape, float[]? bias, int group, int[] strides, int[] dilations, int[] pads, string autoPad)
    {
        _rank = weightShape.Length - 2;
        _m = weightShape[0];
        _cg = weightShape[1];
        _kh = _rank == 2 ? weightShape[2] : 1;
        _kw = weightShape[^1];
        _group = group;
        _sh = _rank == 2 ? strides[0] : 1;
        _sw = strides[^1];
        _dh = _rank == 2 ? dilations[0] : 1;
        _dw = dilations[^1];
        _pads = _rank == 2 ? pads : [0, pads[0], 0, pads[1]];
        _autoPad = autoPad;
        Weights = weights;
        Bias = bias ?? new float[_m];
    }

    /// <summary>Row-major [M, Cg·kh·kw] weights (already scaled by a folded BatchNormalization).</summary>
    public float[] Weights { get; private set; }

    public float[] Bias { get; private set; }

    public FusedActivation Activation { get; set; }

    public int OutputChannels => _m;

    /// <summary>Folds a following per-channel affine transform (BatchNormalization) into weights and bias.</summary>
    public void FoldScaleShift(float[] scale, float[] shift)
    {
        int k = Weights.Length / _m;
        var w = (float[])Weights.Clone();
        var b = new float[_m];
        for (int m = 0; m < _m; m++)
        {
            for (int i = 0; i < k; i++) w[m * k + i] *= scale[m];
            b[m] = Bias[m] * scale[m] + shift[m];
        }

        Weights = w;
        Bias = b;
    }

    private (int Begin, int End, int Out) Geometry(int input, int k, int s, int d, int padBegin, int padEnd)
    {
        int ek = (k - 1) * d + 1;
        if (_autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            int outSize = (input + s - 1) / s;
            int total = Math.Max(0, (outSize - 1) * s + ek - input);
            int small = total / 2;
            return _autoPad == "SAME_UPPER" ? (small, total - small, outSize) : (total - small, small, outSize);
        }

        if (_autoPad == "VALID")
        {
            padBegin = padEnd = 0;
        }

        int o = (input + padBegin + padEnd - ek) / s + 1;
        if (input + padBegin + padEnd < ek)
        {
            throw Fail($"the kernel ({k}, dilation {d}) is larger than the padded input ({input})");
        }

        return (padBegin, padEnd, o);
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = FloatInput(inputs, 0);
        if (x.Rank != _rank + 2 || x.Shape[1] != _cg * _group)
        {
            throw Fail($"input shape {x.ShapeText()} does not match the weights (expected rank {_rank + 2} with {_cg * _group} channels)");
        }

        int n = x.Shape[0];
        int h = _rank == 2 ? x.Shape[2] : 1;
        int w = x.Shape[^1];
        var (pt, _, oh) = Geometry(h, _kh, _sh, _dh, _pads[0], _pads[2]);
        var (pl, _, ow) = Geometry(w, _kw, _sw, _dw, _pads[1], _pads[3]);
        Span<int> shape = stackalloc int[_rank + 2];
        shape[0] = n;
        shape[1] = _m;
        if (_rank == 2) shape[2] = oh;
        shape[^1] = ow;
        ctx.AllocFloat(outputs[0], shape);
        var outBuf = outputs[0].F;
        var inBuf = x.F;
        int p = oh * ow;
        int k = _cg * _kh * _kw;
        int mg = _m / _group;
        bool direct = _kh == 1 && _kw == 1 && _sh == 1 && _sw == 1 && pt == 0 && pl == 0;
        int tile = Math.Clamp(65536 / Math.Max(k, 1), 64, 4096) & ~31;
        if (ctx.MaxDegreeOfParallelism > 1)
        {
            // Keep enough tiles for every thread.
            int perThread = (p + ctx.MaxDegreeOfParallelism * 4 - 1) / (ctx.MaxDegreeOfParallelism * 4);
            tile = Math.Max(64, Math.Min(tile, (perThread + 31) & ~31));
        }

        int tiles = (p + tile - 1) / tile;
        int work = n * _group * tiles;
        var geo = new Geo(h, w, oh, ow, pt, pl);

        void Body(int item)
        {
            int t = item % tiles;
            int ng = item / tiles;
            int g = ng % _group;
            int b = ng / _group;
            int p0 = t * tile;
            int tw = Math.Min(tile, p - p0);
            int inBase = (b * _group + g) * _cg * h * w;
            int outBase = (b * _m + g * mg) * p;
            var a = Weights.AsSpan(g * mg * k, mg * k);
            var bias = Bias.AsSpan(g * mg, mg);
            var c = outBuf.AsSpan(outBase + p0, (mg - 1) * p + tw);
            if (direct)
            {
                Gemm.Multiply(mg, tw, k, a, k, inBuf.AsSpan(inBase + p0, (k - 1) * p + tw), p, c, p, bias, default, Activation);
                return;
            }

            var col = ArrayPool<float>.Shared.Rent(k * tw);
            try
            {
                Im2Col(inBuf.AsSpan(inBase, _cg * h * w), col.AsSpan(0, k * tw), p0, tw, geo);
                Gemm.Multiply(mg, tw, k, a, k, col.AsSpan(0, k * tw), tw, c, p, bias, default, Activation);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(col);
            }
        }

        if (work == 1 || ctx.MaxDegreeOfParallelism == 1)
        {
            for (int i = 0; i < work; i++) Body(i);
        }
        else
        {
            Parallel.For(0, work, ctx.Parallel, Body);
        }
    }

    private readonly record struct Geo(int H, int W, int OH, int OW, int PadTop, int PadLeft);

    private void Im2Col(ReadOnlySpan<float> x, Span<float> col, int p0, int tw, Geo geo)
    {
        int row = 0;
        for (int c = 0; c < _cg; c++)
        {
            var plane = x.Slice(c * geo.H * geo.W, geo.H * geo.W);
            for (int ky = 0; ky < _kh; ky++)
            {
                for (int kx = 0; kx < _kw; kx++, row++)
                {
                    var dst = col.Slice(row * tw, tw);
                    int j = 0;
                    int pix = p0;
                    while (j < tw)
                    {
                        int oy = pix / geo.OW;
                        int ox0 = pix - oy * geo.OW;
                        int run = Math.Min(geo.OW - ox0, tw - j);
                        int iy = oy * _sh - geo.PadTop + ky * _dh;
                        var seg = dst.Slice(j, run);
                        if ((uint)iy >= (uint)geo.H)
                        {
                            seg.Clear();
                        }
                        else
                        {
                            var src = plane.Slice(iy * geo.W, geo.W);
                            int ixBase = ox0 * _sw - geo.PadLeft + kx * _dw;
                            if (_sw == 1)
                            {
                                // Contiguous run: zero the out-of-range ends, copy the middle.
                                int lo = Math.Clamp(-ixBase, 0, run);
                                int hi = Math.Clamp(geo.W - ixBase, lo, run);
                                seg.Slice(0, lo).Clear();
                                if (hi > lo)
                                {
                                    // (A run wholly past the right edge, e.g. a short last tile of a dilated conv, copies nothing.)
                                    src.Slice(ixBase + lo, hi - lo).CopyTo(seg.Slice(lo, hi - lo));
                                }

                                seg.Slice(hi).Clear();
                            }
                            else
                            {
                                for (int q = 0; q < run; q++)
                                {
                                    int ix = ixBase + q * _sw;
                                    seg[q] = (uint)ix < (uint)geo.W ? src[ix] : 0f;
                                }
                            }
                        }

                        j += run;
                        pix += run;
                    }
                }
            }
        }
    }
}
