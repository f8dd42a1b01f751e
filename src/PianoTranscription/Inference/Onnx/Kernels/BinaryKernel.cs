using System.Numerics.Tensors;

namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>Element-wise binary operators with broadcasting: Add, Sub, Mul, Div, Pow (float and integer), and comparisons are not needed.</summary>
internal sealed class BinaryKernel : Kernel
{
    private readonly string _op;

    public BinaryKernel(string op) => _op = op;

    /// <summary>Whether this is an Add (fusable as a bias).</summary>
    public bool IsAdd => _op == "Add";

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var a = Input(inputs, 0);
        var b = Input(inputs, 1);
        var shape = Broadcast.Shape(a.Shape, b.Shape) ?? throw Fail($"shapes {a.ShapeText()} and {b.ShapeText()} do not broadcast");
        var o = outputs[0];
        int rank = shape.Length;
        int inner = rank == 0 ? 1 : shape[rank - 1];
        var sa = Broadcast.Strides(a.Shape, shape);
        var sb = Broadcast.Strides(b.Shape, shape);
        int ia = rank == 0 ? 1 : sa[rank - 1];
        int ib = rank == 0 ? 1 : sb[rank - 1];
        int total = (int)Value.CountOf(shape);
        bool isFloat = a.IsFloat && b.IsFloat;
        if (!isFloat && a.IsFloat != b.IsFloat)
        {
            throw Fail($"inputs have different types ({a.Type} and {b.Type})");
        }

        if (isFloat)
        {
            var dst = ctx.AllocFloat(o, shape);
            if (a.Count == total && b.Count == total)
            {
                Apply(a.Floats, b.Floats, dst);
                return;
            }

            if (total == 0 || inner == 0) return;
            var idx = new int[Math.Max(rank - 1, 0)];
            int rows = total / inner;
            int offA = 0, offB = 0;
            var fa = a.F;
            var fb = b.F;
            for (int r = 0; r < rows; r++)
            {
                var d = dst.Slice(r * inner, inner);
                if (ia == 1 && ib == 1) Apply(fa.AsSpan(offA, inner), fb.AsSpan(offB, inner), d);
                else if (ia == 0 && ib == 1) ApplyScalarLeft(fa[offA], fb.AsSpan(offB, inner), d);
                else if (ia == 1 && ib == 0) ApplyScalarRight(fa.AsSpan(offA, inner), fb[offB], d);
                else d.Fill(Scalar(fa[offA], fb[offB]));
                Advance(idx, shape, sa, sb, ref offA, ref offB);
            }
        }
        else
        {
            var dst = ctx.AllocInt(o, shape, a.Type);
            var idx = new int[Math.Max(rank - 1, 0)];
            int rows = inner == 0 ? 0 : total / inner;
            int offA = 0, offB = 0;
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < inner; j++)
                {
                    dst[r * inner + j] = ScalarInt(a.L[offA + j * ia], b.L[offB + j * ib]);
                }

                Advance(idx, shape, sa, sb, ref offA, ref offB);
            }
        }
    }

    private static void Advance(int[] idx, int[] shape, int[] sa, int[] sb, ref int offA, ref int offB)
    {
        for (int d = idx.Length - 1; d >= 0; d--)
        {
            idx[d]++;
            offA += sa[d];
            offB += sb[d];
            if (idx[d] < shape[d]) return;
            offA -= sa[d] * idx[d];
            offB -= sb[d] * idx[d];
            idx[d] = 0;
        }
    }

    private void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (_op)
        {
            case "Add": TensorPrimitives.Add(x, y, d); break;
            case "Sub": TensorPrimitives.Subtract(x, y, d); break;
            case "Mul": TensorPrimitives.Multiply(x, y, d); break;
            case "Div": TensorPrimitives.Divide(x, y, d); break;
            default: for (int i = 0; i < d.Length; i++) d[i] = Scalar(x[i], y[i]); break;
        }
    }

    private void ApplyScalarRight(ReadOnlySpan<float> x, float y, Span<float> d)
    {
        switch (_op)
        {
            case "Add": TensorPrimitives.Add(x, y, d); break;
            case "Sub": TensorPrimitives.Subtract(x, y, d); break;
            case "Mul": TensorPrimitives.Multiply(x, y, d); break;
            case "Div": TensorPrimitives.Divide(x, y, d); break;
            default: for (int i = 0; i < d.Length; i++) d[i] = Scalar(x[i], y); break;
        }
    }

    private void ApplyScalarLeft(float x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (_op)
        {
            case "Add": TensorPrimitives.Add(y, x, d); break;
            case "Mul": TensorPrimitives.Multiply(y, x, d); break;
            default: for (int i = 0; i < d.Length; i++) d[i] = Scalar(x, y[i]); break;
        }
    }

    private float Scalar(float x, float y) => _op switch
    {
        "Add" => x + y,
        "Sub" => x - y,
        "Mul" => x * y,
        "Div" => x / y,
        _ => y == 2f ? x * x : y == 0.5f ? MathF.Sqrt(x) : MathF.Pow(x, y),
    };

    private long ScalarInt(long x, long y) => _op switch
    {
        "Add" => x + y,
        "Sub" => x - y,
        "Mul" => x * y,
        "Div" => y == 0 ? throw Fail("integer division by zero") : x / y,
        _ => (long)Math.Pow(x, y),
    };
}
