namespace PianoTranscription.Inference.Onnx;

/// <summary>ONNX TensorProto.DataType values the loader knows by name.</summary>
internal enum OnnxDataType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}

/// <summary>ONNX AttributeProto.AttributeType values.</summary>
internal enum OnnxAttributeType
{
    Undefined = 0,
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Graph = 5,
    Floats = 6,
    Ints = 7,
    Strings = 8,
    Tensors = 9,
    Graphs = 10,
    SparseTensor = 11,
    SparseTensors = 12,
    TypeProto = 13,
    TypeProtos = 14,
}

/// <summary>A decoded initializer or constant: float-like types become <see cref="float"/>, integer-like types <see cref="long"/>.</summary>
internal sealed class OnnxTensorProto
{
    public string Name { get; set; } = "";

    public long[] Dims { get; set; } = [];

    public OnnxDataType DataType { get; set; }

    public float[]? FloatData { get; set; }

    public long[]? IntData { get; set; }
}

/// <summary>A decoded node attribute.</summary>
internal sealed class OnnxAttribute
{
    public string Name { get; set; } = "";

    public OnnxAttributeType Type { get; set; }

    public float F { get; set; }

    public long I { get; set; }

    public string? S { get; set; }

    public OnnxTensorProto? T { get; set; }

    public float[] Floats { get; set; } = [];

    public long[] Ints { get; set; } = [];

    public List<string> Strings { get; } = [];
}

/// <summary>A decoded graph node.</summary>
internal sealed class OnnxNode
{
    public string Name { get; set; } = "";

    public string OpType { get; set; } = "";

    public string Domain { get; set; } = "";

    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public Dictionary<string, OnnxAttribute> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>A readable name for messages: the node name, else its type and first output.</summary>
    public string Describe() => Name.Length > 0 ? $"{OpType} node '{Name}'" : $"{OpType} node producing '{(Outputs.Count > 0 ? Outputs[0] : "?")}'";
}

/// <summary>A dimension of a declared shape: a fixed size, a symbolic name, or unknown.</summary>
internal readonly record struct OnnxDim(long? Value, string? Param);

/// <summary>A decoded ValueInfoProto (tensor types only).</summary>
internal sealed class OnnxValueInfo
{
    public string Name { get; set; } = "";

    public OnnxDataType ElementType { get; set; }

    public bool IsTensor { get; set; }

    public OnnxDim[]? Shape { get; set; }
}

/// <summary>A decoded GraphProto.</summary>
internal sealed class OnnxGraph
{
    public string Name { get; set; } = "";

    public List<OnnxNode> Nodes { get; } = [];

    public List<OnnxTensorProto> Initializers { get; } = [];

    public List<OnnxValueInfo> Inputs { get; } = [];

    public List<OnnxValueInfo> Outputs { get; } = [];

    public List<OnnxValueInfo> ValueInfo { get; } = [];
}

/// <summary>A decoded ModelProto.</summary>
internal sealed class OnnxModelProto
{
    public long IrVersion { get; set; }

    public string ProducerName { get; set; } = "";

    public string ProducerVersion { get; set; } = "";

    public string Domain { get; set; } = "";

    public long ModelVersion { get; set; }

    public string DocString { get; set; } = "";

    public Dictionary<string, long> Opsets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public OnnxGraph? Graph { get; set; }
}
