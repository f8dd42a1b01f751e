using PianoTranscription.Inference.Onnx.Kernels;

namespace PianoTranscription.Inference.Onnx;

/// <summary>Turns ONNX nodes into kernels, validating operators and attributes at load time.</summary>
internal static class KernelFactory
{
    // One table: operator name -> kernel factory. SupportedOperators is its key set, and training/export.py reads the
    // names from this table (its lines '["Op"] = c =>'), so the operator list is kept here only.
    private static readonly Dictionary<string, Func<Site, Kernel>> Factories = new(StringComparer.Ordinal)
    {
        ["Add"] = c => new BinaryKernel(c.Node.OpType),
        ["Sub"] = c => new BinaryKernel(c.Node.OpType),
        ["Mul"] = c => new BinaryKernel(c.Node.OpType),
        ["Div"] = c => new BinaryKernel(c.Node.OpType),
        ["Pow"] = c => new BinaryKernel(c.Node.OpType),
        ["Relu"] = c => new UnaryKernel(c.Node.OpType),
        ["Sigmoid"] = c => new UnaryKernel(c.Node.OpType),
        ["Tanh"] = c => new UnaryKernel(c.Node.OpType),
        ["Exp"] = c => new UnaryKernel(c.Node.OpType),
        ["Log"] = c => new UnaryKernel(c.Node.OpType),
        ["Sqrt"] = c => new UnaryKernel(c.Node.OpType),
        ["Neg"] = c => new UnaryKernel(c.Node.OpType),
        ["Abs"] = c => new UnaryKernel(c.Node.OpType),
        ["Reciprocal"] = c => new UnaryKernel(c.Node.OpType),
        ["Erf"] = c => new UnaryKernel(c.Node.OpType),
        ["Identity"] = c => new UnaryKernel(c.Node.OpType),
        ["Dropout"] = c => c.Node.Outputs.Count > 1 && c.Node.Outputs[1].Length > 0
            ? throw new ModelFormatException($"{c.Who}: Dropout's mask output is not supported (export the model in eval mode).")
            : new UnaryKernel("Dropout"),
        ["LeakyRelu"] = c => new UnaryKernel("LeakyRelu", c.A.Float("alpha", 0.01f)),
        ["Elu"] = c => new UnaryKernel("Elu", c.A.Float("alpha", 1f)),
        ["HardSigmoid"] = c => new UnaryKernel("HardSigmoid", c.A.Float("alpha", 0.2f), c.A.Float("beta", 0.5f)),
        ["Softplus"] = c => new UnaryKernel("Softplus"),
        ["Gelu"] = c => new UnaryKernel("Gelu", tanhGelu: c.A.String("approximate", "none") == "tanh"),
        ["Clip"] = c => new UnaryKernel("Clip", c.A.Float("min", float.MinValue), c.A.Float("max", float.MaxValue)),
        ["Softmax"] = c => new SoftmaxKernel(c.A.Int("axis", c.Opset >= 13 ? -1 : 1), c.Opset < 13, false),
        ["LogSoftmax"] = c => new SoftmaxKernel(c.A.Int("axis", c.Opset >= 13 ? -1 : 1), c.Opset < 13, true),
        ["Conv"] = c => CreateConv(c.Node, c.A, c.Const(1), c.Const(2), c.Who),
        ["BatchNormalization"] = c => CreateBatchNorm(c.Node, c.A, c.Const(1), c.Const(2), c.Const(3), c.Const(4), c.Who),
        ["MaxPool"] = c => CreatePool(c.Node, c.A, c.Who),
        ["AveragePool"] = c => CreatePool(c.Node, c.A, c.Who),
        ["GlobalAveragePool"] = c => new PoolKernel(false, true, [], [], [], [], "NOTSET", false, false),
        ["GlobalMaxPool"] = c => new PoolKernel(true, true, [], [], [], [], "NOTSET", false, false),
        ["MatMul"] = c => new MatMulKernel(c.Const(1)),
        ["Gemm"] = c => CreateGemm(c.A, c.Const(1), c.Const(2)),
        ["Reshape"] = c => new ReshapeKernel("Reshape", null, c.A.Int("allowzero", 0) != 0),
        ["Flatten"] = c => new ReshapeKernel("Flatten", [c.A.Int("axis", 1)], false),
        ["Squeeze"] = c => new ReshapeKernel("Squeeze", c.Opset < 13 ? c.A.IntsOrNull("axes") : null, false),
        ["Unsqueeze"] = c => new ReshapeKernel("Unsqueeze", c.Opset < 13 ? c.A.IntsOrNull("axes") ?? throw new ModelFormatException($"{c.Who}: Unsqueeze needs 'axes'.") : null, false),
        ["Transpose"] = c => new TransposeKernel(c.A.IntsOrNull("perm")),
        ["Constant"] = c => throw new InvalidOperationException($"{c.Who}: Constant nodes are folded by the graph compiler and never become kernels."),
        ["Concat"] = c => new ConcatKernel(c.A.Int("axis", long.MinValue) is var ax && ax == long.MinValue ? throw new ModelFormatException($"{c.Who}: Concat needs 'axis'.") : ax),
        ["Slice"] = c => c.Opset < 10 ? new SliceKernel(c.A.Ints("starts"), c.A.Ints("ends"), c.A.IntsOrNull("axes")) : new SliceKernel(null, null, null),
        ["Split"] = c => new SplitKernel(c.A.Int("axis", 0), c.Opset < 13 ? c.A.IntsOrNull("split") : null),
        ["Pad"] = c => new PadKernel(c.A.String("mode", "constant"), c.Opset < 11 ? c.A.Ints("pads") : null, c.A.Float("value", 0f)) is var pk && c.A.String("mode", "constant") is "constant" or "reflect" or "edge"
            ? pk : throw new ModelFormatException($"{c.Who}: Pad mode '{c.A.String("mode", "")}' is not supported."),
        ["Shape"] = c => new ShapeKernel(c.A.Int("start", 0), c.A.Has("end") ? c.A.Int("end", 0) : null),
        ["Gather"] = c => new GatherKernel(c.A.Int("axis", 0)),
        ["Cast"] = c => new CastKernel(CastTarget(c.A, c.Who)),
        ["ConstantOfShape"] = c => new ConstantOfShapeKernel(c.A.Tensor("value") is { } t ? Value.FromProto(t) : null),
        ["Range"] = c => new RangeKernel(),
        ["Expand"] = c => new ExpandKernel(),
        ["Equal"] = c => new LogicKernel(c.Node.OpType),
        ["Less"] = c => new LogicKernel(c.Node.OpType),
        ["Greater"] = c => new LogicKernel(c.Node.OpType),
        ["Where"] = c => new LogicKernel(c.Node.OpType),
        ["Not"] = c => new LogicKernel(c.Node.OpType),
        ["GRU"] = c => CreateGru(c.Node, c.A, c.Const(1), c.Const(2), c.Const(3), c.Who),
    };

    /// <summary>The operators the engine runs (default ONNX domain), in alphabetical order.</summary>
    public static readonly IReadOnlyList<string> SupportedOperators = [.. Factories.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    public static Kernel Create(OnnxNode node, long opset, Func<string, Value?> constant)
    {
        var a = new Attributes(node);
        string who = node.Describe();
        Value? Const(int i) => i < node.Inputs.Count && node.Inputs[i].Length > 0 ? constant(node.Inputs[i]) : null;
        Kernel k = Factories.TryGetValue(node.OpType, out Func<Site, Kernel>? factory)
            ? factory(new Site(node, a, opset, Const, who))
            : throw new ModelFormatException($"{who}: operator '{node.OpType}' is not supported. Supported operators: {string.Join(", ", SupportedOperators)}.");
        k.Node = who;
        return k;
    }

    /// <summary>What a factory sees of a node: the node, its attributes, the opset, its constant inputs by position, its description.</summary>
    private sealed record Site(OnnxNode Node, Attributes A, long Opset, Func<int, Value?> Const, string Who);

    private static OnnxDataType CastTarget(Attributes a, string who)
    {
        var to = (OnnxDataType)a.Int("to", 0);
        return to is OnnxDataType.Float or OnnxDataType.Float16 or OnnxDataType.Double or OnnxDataType.BFloat16 or OnnxDataType.Int64
            or OnnxDataType.Int32 or OnnxDataType.Bool or OnnxDataType.Int8 or OnnxDataType.UInt8 or OnnxDataType.Int16
            ? to
            : throw new ModelFormatException($"{who}: Cast to {to} ({(int)to}) is not supported.");
    }

    private static ConvKernel CreateConv(OnnxNode node, Attributes a, Value? w, Value? b, string who)
    {
        if (w is null || !w.IsFloat) throw new ModelFormatException($"{who}: Conv weights must be a constant float initializer.");
        if (w.Rank is not (3 or 4)) throw new ModelFormatException($"{who}: only 1-D and 2-D convolutions are supported (weights {w.ShapeText()}).");
        if (node.Inputs.Count > 2 && node.Inputs[2].Length > 0 && (b is null || b.Count != w.Shape[0])) throw new ModelFormatException($"{who}: Conv bias must be a constant of {w.Shape[0]} values.");
        int sr = w.Rank - 2;
        int group = (int)a.Int("group", 1);
        if (group < 1 || w.Shape[0] % group != 0) throw new ModelFormatException($"{who}: group {group} does not divide {w.Shape[0]} output channels.");
        var ks = a.IntsOrNull("kernel_shape");
        if (ks is not null && (ks.Length != sr || ks.Where((v, i) => v != w.Shape[2 + i]).Any())) throw new ModelFormatException($"{who}: kernel_shape disagrees with the weights {w.ShapeText()}.");
        var strides = Spatial(a.IntsOrNull("strides"), sr, 1, "strides", who);
        var dil = Spatial(a.IntsOrNull("dilations"), sr, 1, "dilations", who);
        var pads = Spatial(a.IntsOrNull("pads"), 2 * sr, 0, "pads", who);
        string autoPad = a.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "SAME_UPPER" or "SAME_LOWER" or "VALID")) throw new ModelFormatException($"{who}: auto_pad '{autoPad}' is not supported.");
        if (strides.Any(s => s < 1) || dil.Any(d => d < 1) || pads.Any(p => p < 0)) throw new ModelFormatException($"{who}: strides/dilations must be positive and pads non-negative.");
        return new ConvKernel(w.Floats.ToArray(), w.Shape, b?.Floats.ToArray(), group, strides, dil, pads, autoPad);
    }

    private static int[] Spatial(long[]? v, int n, int fill, string name, string who)
    {
        if (v is null) return Enumerable.Repeat(fill, n).ToArray();
        if (v.Length != n) throw new ModelFormatException($"{who}: '{name}' has {v.Length} values, expected {n}.");
        return v.Select(x => x is < int.MinValue or > int.MaxValue ? throw new ModelFormatException($"{who}: '{name}' value {x} is out of range.") : (int)x).ToArray();
    }

    private static BatchNormKernel CreateBatchNorm(OnnxNode node, Attributes a, Value? scale, Value? bias, Value? mean, Value? variance, string who)
    {
        if (scale is null || bias is null || mean is null || variance is null) throw new ModelFormatException($"{who}: BatchNormalization parameters must be constant initializers.");
        int c = scale.Count;
        if (bias.Count != c || mean.Count != c || variance.Count != c) throw new ModelFormatException($"{who}: BatchNormalization parameters have different lengths.");
        if (node.Outputs.Skip(1).Any(o => o.Length > 0) || a.Int("training_mode", 0) != 0) throw new ModelFormatException($"{who}: BatchNormalization in training mode is not supported (export in eval mode).");
        var (s, sh) = BatchNormKernel.Reduce(scale.Floats.ToArray(), bias.Floats.ToArray(), mean.Floats.ToArray(), variance.Floats.ToArray(), a.Float("epsilon", 1e-5f));
        return new BatchNormKernel(s, sh);
    }

    private static PoolKernel CreatePool(OnnxNode node, Attributes a, string who)
    {
        if (node.Outputs.Count > 1 && node.Outputs[1].Length > 0) throw new ModelFormatException($"{who}: MaxPool's Indices output is not supported.");
        var ks = a.IntsOrNull("kernel_shape") ?? throw new ModelFormatException($"{who}: kernel_shape is required.");
        int sr = ks.Length;
        if (sr is not (1 or 2)) throw new ModelFormatException($"{who}: only 1-D and 2-D pooling is supported.");
        var kernel = Spatial(ks, sr, 1, "kernel_shape", who);
        var strides = Spatial(a.IntsOrNull("strides"), sr, 1, "strides", who);
        var dil = Spatial(a.IntsOrNull("dilations"), sr, 1, "dilations", who);
        var pads = Spatial(a.IntsOrNull("pads"), 2 * sr, 0, "pads", who);
        if (kernel.Any(k => k < 1) || strides.Any(s => s < 1) || dil.Any(d => d < 1) || pads.Any(p => p < 0)) throw new ModelFormatException($"{who}: invalid pooling geometry.");
        string autoPad = a.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "SAME_UPPER" or "SAME_LOWER" or "VALID")) throw new ModelFormatException($"{who}: auto_pad '{autoPad}' is not supported.");
        return new PoolKernel(node.OpType == "MaxPool", false, kernel, strides, dil, pads, autoPad, a.Int("ceil_mode", 0) != 0, a.Int("count_include_pad", 0) != 0);
    }

    private static MatMulKernel CreateGemm(Attributes a, Value? b, Value? c)
    {
        float alpha = a.Float("alpha", 1f), beta = a.Float("beta", 1f);
        var k = new MatMulKernel(b, a.Int("transA", 0) != 0, a.Int("transB", 0) != 0, alpha, beta);
        if (c is { IsFloat: true } && k.HasConstantB && (c.Rank == 1 || (c.Rank == 2 && c.Shape[0] == 1)) && c.Count == k.N)
        {
            k.ColumnBias = c.Floats.ToArray().Select(v => v * beta).ToArray();
        }

        return k;
    }

    private static GruKernel CreateGru(OnnxNode node, Attributes a, Value? w, Value? r, Value? b, string who)
    {
        if (w is null || r is null || !w.IsFloat || !r.IsFloat) throw new ModelFormatException($"{who}: GRU weights must be constant float initializers.");
        if (node.Inputs.Count > 3 && node.Inputs[3].Length > 0 && b is null) throw new ModelFormatException($"{who}: GRU bias must be a constant initializer.");
        if (a.Has("clip")) throw new ModelFormatException($"{who}: GRU 'clip' is not supported.");
        if (a.Int("layout", 0) != 0) throw new ModelFormatException($"{who}: GRU layout=1 is not supported.");
        if (a.Strings("activations") is { Count: > 0 } acts && !acts.Select((s, i) => s.Equals(i % 2 == 0 ? "Sigmoid" : "Tanh", StringComparison.OrdinalIgnoreCase)).All(x => x))
        {
            throw new ModelFormatException($"{who}: GRU activations [{string.Join(", ", acts)}] are not supported (only Sigmoid, Tanh).");
        }

        string dir = a.String("direction", "forward");
        if (dir is not ("forward" or "reverse" or "bidirectional")) throw new ModelFormatException($"{who}: GRU direction '{dir}' is not supported.");
        long hidden = a.Int("hidden_size", r.Rank == 3 ? r.Shape[2] : 0);
        if (hidden < 1 || hidden > 65536) throw new ModelFormatException($"{who}: invalid hidden_size {hidden}.");
        return new GruKernel(w, r, b, (int)hidden, dir, a.Int("linear_before_reset", 0) != 0);
    }

    /// <summary>Typed access to a node's attributes, with the node named in errors.</summary>
    private sealed class Attributes(OnnxNode node)
    {
        private OnnxAttribute? Get(string name, OnnxAttributeType type)
        {
            if (!node.Attributes.TryGetValue(name, out var a)) return null;
            if (a.Type != OnnxAttributeType.Undefined && a.Type != type)
            {
                throw new ModelFormatException($"{node.Describe()}: attribute '{name}' has type {a.Type}, expected {type}.");
            }

            return a;
        }

        public bool Has(string name) => node.Attributes.ContainsKey(name);

        public long Int(string name, long fallback) => Get(name, OnnxAttributeType.Int)?.I ?? fallback;

        public float Float(string name, float fallback) => Get(name, OnnxAttributeType.Float)?.F ?? fallback;

        public string String(string name, string fallback) => Get(name, OnnxAttributeType.String)?.S ?? fallback;

        public long[]? IntsOrNull(string name) => Get(name, OnnxAttributeType.Ints)?.Ints;

        public long[] Ints(string name) => IntsOrNull(name) ?? throw new ModelFormatException($"{node.Describe()}: attribute '{name}' is required.");

        public OnnxTensorProto? Tensor(string name) => Get(name, OnnxAttributeType.Tensor)?.T;

        public List<string> Strings(string name) => Get(name, OnnxAttributeType.Strings)?.Strings ?? [];
    }
}
