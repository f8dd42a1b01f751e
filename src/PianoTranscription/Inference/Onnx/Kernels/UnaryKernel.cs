using System.Numerics.Tensors;

namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>Element-wise float activations and functions: Relu, LeakyRelu, Elu, Sigmoid, Tanh, Erf, Gelu, Sqrt, Exp, Log, Neg, Abs, Reciprocal, HardSigmoid, Softplus, Clip, and Identity.</summary>
internal sealed class UnaryKernel : Kernel
{
    private readonly string _op;
    private readonly float _alpha;
    private readonly float _beta;
    private readonly bool _tanhGelu;

    public UnaryKernel(string op, float alpha = 0f, float beta = 0f, bool tanhGelu = false)
    {
        _op = op;
        _alpha = alpha;
        _beta = beta;
        _tanhGelu = tanhGelu;
    }

    /// <summary>The activation this kernel computes when it can be fused into a preceding Conv/MatMul.</summary>
    public FusedActivation? AsFusedActivation => _op switch
    {
        "Relu" => FusedActivation.Relu,
        "Sigmoid" => FusedActivation.Sigmoid,
        _ => null,
    };

    public override void Run(RunContext ctx, Value?[] inputs, Value[] outputs)
    {
        var x = Input(inputs, 0);
        var o = outputs[0];
        if (!x.IsFloat)
        {
            if (_op is "Identity" or "Dropout" or "Neg" or "Abs")
            {
                var di = ctx.AllocInt(o, x.Shape, x.Type);
                var si = x.Ints;
                for (int i = 0; i < di.Length; i++) di[i] = _op == "Neg" ? -si[i] : _op == "Abs" ? Math.Abs(si[i]) : si[i];
                return;
            }

            throw Fail($"{_op} needs a float input, not {x.Type}");
        }

        var src = x.Floats;
        float lo = _alpha, hi = _beta;
        if (_op == "Clip")
        {
            // Opset 11+: min and max are optional inputs.
            if (Optional(inputs, 1) is { } mn) lo = mn.F[0];
            if (Optional(inputs, 2) is { } mx) hi = mx.F[0];
        }

        var d = ctx.AllocFloat(o, x.Shape);
        Apply(src, d, lo, hi);
    }

    private void Apply(ReadOnlySpan<float> s, Span<float> d, float lo, float hi)
    {
        switch (_op)
        {
            case "Relu": TensorPrimitives.Max(s, 0f, d); break;
            case "Sigmoid": Elementwise.Sigmoid(s, d); break;
            case "Tanh": Elementwise.Tanh(s, d); break;
            case "Exp": Elementwise.Exp(s, d); break;
            case "Log": TensorPrimitives.Log(s, d); break;
            case "Sqrt": TensorPrimitives.Sqrt(s, d); break;
            case "Neg": TensorPrimitives.Negate(s, d); break;
            case "Abs": TensorPrimitives.Abs(s, d); break;
            case "Reciprocal": TensorPrimitives.Reciprocal(s, d); break;
            case "Identity" or "Dropout": s.CopyTo(d); break;
            case "Clip": TensorPrimitives.Min(s, hi, d); TensorPrimitives.Max(d, lo, d); break;
            case "LeakyRelu":
                for (int i = 0; i < d.Length; i++) d[i] = s[i] >= 0 ? s[i] : s[i] * _alpha;
                break;
            case "Elu":
                for (int i = 0; i < d.Length; i++) d[i] = s[i] >= 0 ? s[i] : _alpha * (MathF.Exp(s[i]) - 1f);
                break;
            case "HardSigmoid":
                for (int i = 0; i < d.Length; i++) d[i] = Math.Clamp(_alpha * s[i] + _beta, 0f, 1f);
                break;
            case "Softplus":
                for (int i = 0; i < d.Length; i++) d[i] = s[i] > 20f ? s[i] : MathF.Log(1f + MathF.Exp(s[i]));
                break;
            case "Erf":
                for (int i = 0; i < d.Length; i++) d[i] = (float)MathNet.Numerics.SpecialFunctions.Erf(s[i]);
                break;
            case "Gelu":
                if (_tanhGelu)
                {
                    for (int i = 0; i < d.Length; i++)
                    {
                        double v = s[i];
                        d[i] = (float)(0.5 * v * (1 + Math.Tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))));
                    }
                }
                else
                {
                    for (int i = 0; i < d.Length; i++)
                    {
                        double v = s[i];
                        d[i] = (float)(0.5 * v * (1 + MathNet.Numerics.SpecialFunctions.Erf(v * 0.7071067811865476)));
                    }
                }

                break;
            default: throw Fail($"unknown unary operator {_op}");
        }
    }
}
