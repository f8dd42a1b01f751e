namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>
/// MatMul with numpy batch broadcasting, and the ONNX Gemm operator (transA/transB/alpha/beta/C). A constant right-hand
/// side is pre-packed at load (transposed and scaled as needed); a following bias Add and activation can be fused.
/// Rows of the left operand are split across threads.
/// </summary>
internal sealed class MatMulKernel : Kernel
{
    private readonly float[]? _packedB; // [K, N] when B is constant
    private readonly int _k, _n;
    private readonly bool _transA, _transB;
    private readonly float _alpha, _beta;
    private readonly bool _isGemm;

    /// <summary>MatMul, optionally with a constant 2-D right-hand side.</summary>
    public MatMulKernel(Value? constantB)
    {
        _alpha = 1f;
        if (constantB is { IsFloat: true, Rank: 2 })
        {
            _k = constantB.Shape[0];
            _n = constantB.Shape[1];
            _packedB = constantB.Floats.ToArray();
        }
    }

    /// <summary>Gemm: Y = alpha·A'·B' + beta·C.</summary>
    public MatMulKernel(Value? constantB, bool transA, bool transB, float alpha, float beta)
    {
        _isGemm = true;
        _transA = transA;
        _transB = transB;
        _alpha = alpha;
        _beta = beta;
        if (constantB is { IsFloat: true, Rank: 2 })
        {
            var (k, n) = transB ? (constantB.Shape[1], constantB.Shape[0]) : (constantB.Shape[0], constantB.Shape[1]);
            _k = k;
            _n = n;
            _packedB = Pack(constantB.Floats, constantB.Shape[0], constantB.Shape[1], transB, alpha);
        }
    }

    /// <summary>A bias over the last axis, fused from a following Add (or Gemm's 1-D C).</summary>
    public float[]? ColumnBias { get; set; }

    public FusedActivation Activation { get; set; }

    public bool HasConstantB => _packedB is not null;

    public int N => _n;

    private static float[] Pack(ReadOnlySpan<float> b, int rows, int cols, bool transpose, float alpha)
    {
        var r = new float[rows * cols];
        if (!transpose)
        {
            for (int i = 0; i < r.Length; i++) r[i] = b[i] * alpha;
        }
        else
        {
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++) r[j * rows + i] = b[i * cols + j] * alpha;
            }
        }

        return r;
    }

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        if (_isGemm)
        {
            RunGemm(ctx, inputs, outputs);
            return;
        }

        var a = FloatInput(inputs, 0);
        if (_packedB is not null && a.Rank >= 1)
        {
            if (a.Shape[^1] != _k) throw Fail($"input shape {a.ShapeText()} does not end in {_k}");
            Span<int> shape = stackalloc int[a.Rank];
            a.Shape.CopyTo(shape);
            shape[^1] = _n;
            int rows = _k == 0 ? 0 : a.Count / _k;
            ctx.AllocFloat(outputs[0], shape);
            Rows(ctx, rows, a.F, _packedB, outputs[0].F, _k, _n, ColumnBias, Activation);
            if (a.Rank == 1) outputs[0].SetShape([_n]);
            return;
        }

        var b = FloatInput(inputs, 1);
        RunGeneral(ctx, a, b, outputs[0]);
    }

    private static void Rows(RunContext ctx, int rows, float[] a, float[] b, float[] c, int k, int n, float[]? bias, FusedActivation act)
    {
        int dop = ctx.MaxDegreeOfParallelism;
        int chunk = Math.Max(16, (rows + dop * 4 - 1) / (dop * 4));
        chunk = (chunk + 3) & ~3;
        int chunks = (rows + chunk - 1) / chunk;
        void Body(int t)
        {
            int r0 = t * chunk;
            int m = Math.Min(chunk, rows - r0);
            Gemm.Multiply(m, n, k, a.AsSpan(r0 * k, m * k), k, b.AsSpan(0, k * n), n, c.AsSpan(r0 * n, m * n), n, default, bias, act);
        }

        if (chunks <= 1 || dop == 1)
        {
            for (int t = 0; t < chunks; t++) Body(t);
        }
        else
        {
            Parallel.For(0, chunks, ctx.Parallel, Body);
        }
    }

    private void RunGeneral(RunContext ctx, Value a, Value b, Value o)
    {
        int[] sa = a.Rank == 1 ? [1, a.Shape[0]] : a.Shape;
        int[] sb = b.Rank == 1 ? [b.Shape[0], 1] : b.Shape;
        int m = sa[^2], k = sa[^1], n = sb[^1];
        if (sb[^2] != k) throw Fail($"shapes {a.ShapeText()} and {b.ShapeText()} cannot be multiplied");
        var batch = Broadcast.Shape(sa.AsSpan(0, sa.Length - 2), sb.AsSpan(0, sb.Length - 2))
            ?? throw Fail($"batch dimensions of {a.ShapeText()} and {b.ShapeText()} do not broadcast");
        var strA = Broadcast.Strides(sa.AsSpan(0, sa.Length - 2), batch);
        var strB = Broadcast.Strides(sb.AsSpan(0, sb.Length - 2), batch);
        var shape = new List<int>(batch);
        if (a.Rank != 1) shape.Add(m);
        if (b.Rank != 1) shape.Add(n);
        var dst = ctx.AllocFloat(o, shape.ToArray());
        int count = (int)Value.CountOf(batch);
        var idx = new int[batch.Length];
        for (int t = 0; t < count; t++)
        {
            int offA = 0, offB = 0, rem = t;
            for (int d = batch.Length - 1; d >= 0; d--)
            {
                int i = rem % batch[d];
                rem /= batch[d];
                offA += i * strA[d];
                offB += i * strB[d];
            }

            Gemm.Multiply(m, n, k, a.F.AsSpan(offA * m * k, m * k), k, b.F.AsSpan(offB * k * n, k * n), n, dst.Slice(t * m * n, m * n), n, default, ColumnBias, Activation);
        }
    }

    private void RunGemm(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var a = FloatInput(inputs, 0);
        if (a.Rank != 2) throw Fail($"Gemm needs a 2-D A, got {a.ShapeText()}");
        int m = _transA ? a.Shape[1] : a.Shape[0];
        int k = _transA ? a.Shape[0] : a.Shape[1];
        float[] aData = a.F;
        if (_transA)
        {
            aData = new float[m * k];
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < m; j++) aData[j * k + i] = a.F[i * m + j];
            }
        }

        float[] bData;
        int n;
        if (_packedB is not null)
        {
            bData = _packedB;
            n = _n;
            if (k != _k) throw Fail($"A is {a.ShapeText()} but B has {_k} rows");
        }
        else
        {
            var b = FloatInput(inputs, 1);
            int br = b.Shape[0], bc = b.Shape[1];
            (int kb, n) = _transB ? (bc, br) : (br, bc);
            if (kb != k) throw Fail($"A is {a.ShapeText()} but B is {b.ShapeText()}");
            bData = Pack(b.Floats, br, bc, _transB, _alpha);
        }

        var dst = ctx.AllocFloat(outputs[0], [m, n]);
        var c = Optional(inputs, 2);
        bool fusedBias = ColumnBias is not null;
        Rows(ctx, m, aData, bData, outputs[0].F, k, n, ColumnBias, FusedActivation.None);
        if (c is not null && !fusedBias && _beta != 0f)
        {
            var strides = Broadcast.Strides(c.Shape, [m, n]);
            if (Broadcast.Shape(c.Shape, [m, n]) is not { } s || s[0] != m || s[1] != n) throw Fail($"C {c.ShapeText()} does not broadcast to [{m}, {n}]");
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++) dst[i * n + j] += _beta * c.F[i * strides[0] + j * strides[1]];
            }
        }

        if (Activation != FusedActivation.None)
        {
            Gemm.Activate(dst, Activation);
        }
    }
}
