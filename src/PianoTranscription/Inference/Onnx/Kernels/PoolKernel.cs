using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>MaxPool and AveragePool over 1 or 2 spatial axes (pads, auto_pad, strides, dilations, ceil_mode, count_include_pad), and the global variants.</summary>
internal sealed class PoolKernel : Kernel
{
    private readonly bool _max;
    private readonly bool _global;
    private readonly int[] _kernel, _strides, _dilations, _pads;
    private readonly string _autoPad;
    private readonly bool _ceil;
    private readonly bool _countIncludePad;

    public PoolKernel(bool max, bool global, int[] kernel, int[] strides, int[] dilations, int[] pads, string autoPad, bool ceil, bool countIncludePad)
    {
        _max = max;
        _global = global;
        _kernel = kernel;
        _strides = strides;
        _dilations = dilations;
        _pads = pads;
        _autoPad = autoPad;
        _ceil = ceil;
        _countIncludePad = countIncludePad;
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = FloatInput(inputs, 0);
        if (x.Rank < 3) throw Fail($"input shape {x.ShapeText()} has no spatial axes");
        int sr = x.Rank - 2;
        if (_global)
        {
            var gs = (int[])x.Shape.Clone();
            for (int i = 2; i < gs.Length; i++) gs[i] = 1;
            var gd = ctx.AllocFloat(outputs[0], gs);
            int planes = x.Shape[0] * x.Shape[1];
            int size = planes == 0 ? 0 : x.Count / planes;
            for (int p = 0; p < planes; p++)
            {
                var s = x.F.AsSpan(p * size, size);
                gd[p] = size == 0 ? 0f : _max ? System.Numerics.Tensors.TensorPrimitives.Max(s) : System.Numerics.Tensors.TensorPrimitives.Sum(s) / size;
            }

            return;
        }

        if (sr > 2 || _kernel.Length != sr) throw Fail($"{sr}-D pooling with a {_kernel.Length}-D kernel is not supported");
        int h = sr == 2 ? x.Shape[2] : 1, w = x.Shape[^1];
        int kh = sr == 2 ? _kernel[0] : 1, kw = _kernel[^1];
        int sh = sr == 2 ? _strides[0] : 1, sw = _strides[^1];
        int dh = sr == 2 ? _dilations[0] : 1, dw = _dilations[^1];
        int[] pads = sr == 2 ? _pads : [0, _pads[0], 0, _pads[1]];
        var (pt, oh) = Geometry(h, kh, sh, dh, pads[0], pads[2]);
        var (pl, ow) = Geometry(w, kw, sw, dw, pads[1], pads[3]);
        var shape = (int[])x.Shape.Clone();
        if (sr == 2) shape[2] = oh;
        shape[^1] = ow;
        var d = ctx.AllocFloat(outputs[0], shape);
        int planeCount = x.Shape[0] * x.Shape[1];
        var src = x.F;
        var dst = outputs[0].F;
        int padEndH = pads[2], padEndW = pads[3];

        bool rowsOnly = kh == 1 && sh == 1 && pt == 0 && oh == h && dw == 1 && pl == 0 && (ow - 1) * sw + kw <= w;

        void Plane(int pi)
        {
            var s = src.AsSpan(pi * h * w, h * w);
            var o = dst.AsSpan(pi * oh * ow, oh * ow);
            if (rowsOnly)
            {
                // Pooling along the last axis only, windows fully inside (frequency pooling): a tight loop per row.
                for (int y = 0; y < h; y++)
                {
                    var sr = s.Slice(y * w, w);
                    var orow = o.Slice(y * ow, ow);
                    if (_max && kw == 2 && sw == 2)
                    {
                        MaxPairs(sr, orow);
                        continue;
                    }

                    for (int ox = 0; ox < ow; ox++)
                    {
                        var win = sr.Slice(ox * sw, kw);
                        float acc = win[0];
                        if (_max)
                        {
                            for (int q = 1; q < win.Length; q++) acc = win[q] > acc || float.IsNaN(win[q]) ? win[q] : acc;
                            orow[ox] = acc;
                        }
                        else
                        {
                            for (int q = 1; q < win.Length; q++) acc += win[q];
                            orow[ox] = acc / kw;
                        }
                    }
                }

                return;
            }

            for (int oy = 0; oy < oh; oy++)
            {
                int y0 = oy * sh - pt;
                for (int ox = 0; ox < ow; ox++)
                {
                    int x0 = ox * sw - pl;
                    float acc = _max ? float.NegativeInfinity : 0f;
                    int count = 0;
                    int padded = 0;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = y0 + ky * dh;
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int ix = x0 + kx * dw;
                            if ((uint)iy < (uint)h && (uint)ix < (uint)w)
                            {
                                float v = s[iy * w + ix];
                                if (_max) { if (v > acc || float.IsNaN(v)) acc = v; }
                                else acc += v;
                                count++;
                            }
                            else if (iy < h + padEndH && ix < w + padEndW)
                            {
                                padded++;
                            }
                        }
                    }

                    o[oy * ow + ox] = _max ? acc : acc / Math.Max(1, _countIncludePad ? count + padded : count);
                }
            }
        }

        if (ctx.MaxDegreeOfParallelism > 1 && planeCount > 1 && d.Length > 16384)
        {
            Parallel.For(0, planeCount, ctx.Parallel, Plane);
        }
        else
        {
            for (int i = 0; i < planeCount; i++) Plane(i);
        }
    }

    /// <summary><c>dst[i] = max(src[2i], src[2i+1])</c>: 2-wide, stride-2 max pooling of one row (AVX2 when available).</summary>
    private static void MaxPairs(ReadOnlySpan<float> src, Span<float> dst)
    {
        int i = 0;
        if (Avx2.IsSupported && dst.Length >= 8)
        {
            ref float s = ref MemoryMarshal.GetReference(src);
            ref float d = ref MemoryMarshal.GetReference(dst);
            for (; i + 8 <= dst.Length; i += 8)
            {
                var a = Vector256.LoadUnsafe(ref s, (nuint)(2 * i));
                var b = Vector256.LoadUnsafe(ref s, (nuint)(2 * i + 8));
                a = Avx.Max(a, Avx.Shuffle(a, a, 0b10_11_00_01)); // pair maxima at even positions
                b = Avx.Max(b, Avx.Shuffle(b, b, 0b10_11_00_01));
                var evens = Avx.Shuffle(a, b, 0b10_00_10_00); // a0 a2 b0 b2 | a4 a6 b4 b6
                Avx2.Permute4x64(evens.AsDouble(), 0b11_01_10_00).AsSingle().StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < dst.Length; i++) dst[i] = MathF.Max(src[2 * i], src[2 * i + 1]);
    }

    private (int Begin, int Out) Geometry(int input, int k, int s, int d, int padBegin, int padEnd)
    {
        int ek = (k - 1) * d + 1;
        if (_autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            int outSize = (input + s - 1) / s;
            int total = Math.Max(0, (outSize - 1) * s + ek - input);
            int small = total / 2;
            return (_autoPad == "SAME_UPPER" ? small : total - small, outSize);
        }

        if (_autoPad == "VALID") padBegin = padEnd = 0;
        int span = input + padBegin + padEnd - ek;
        if (span < 0) throw Fail($"the pooling window ({k}) is larger than the padded input ({input})");
        int o = (_ceil ? (span + s - 1) / s : span / s) + 1;
        if (_ceil && (o - 1) * s >= input + padBegin) o--; // the last window must start inside the input or left pad
        return (padBegin, o);
    }
}
