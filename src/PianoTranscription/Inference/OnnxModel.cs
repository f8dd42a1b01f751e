using System.Collections.ObjectModel;
using PianoTranscription.Inference.Onnx;

namespace PianoTranscription.Inference;

/// <summary>
/// An ONNX model loaded into the managed inference engine: immutable and thread-safe once loaded. Validation happens
/// at load: malformed files, unsupported operators, opsets, data types and external weights are rejected with a
/// <see cref="ModelFormatException"/> that names the problem.
/// </summary>
/// <example>
/// <code>
/// var model = OnnxModel.Load("model.onnx");
/// var input = new Tensor(new float[1 * 100 * 196], 1, 100, 196);
/// var outputs = model.Run(new Dictionary&lt;string, Tensor&gt; { ["spectrogram"] = input });
/// </code>
/// </example>
public sealed class OnnxModel : IInferenceModel
{
    /// <summary>The largest model file accepted, in bytes (2 GiB less a little: the protobuf limit).</summary>
    public const int MaxModelBytes = int.MaxValue - 64;

    private readonly InferenceSessionPool _pool;

    private OnnxModel(OnnxModelProto proto, CompiledGraph graph, InferenceOptions options)
    {
        Graph = graph;
        Options = options;
        IrVersion = proto.IrVersion;
        ProducerName = proto.ProducerName;
        ProducerVersion = proto.ProducerVersion;
        OpsetVersion = proto.Opsets.TryGetValue("", out long v) ? v : proto.Opsets.GetValueOrDefault("ai.onnx");
        Metadata = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(proto.Metadata, StringComparer.Ordinal));
        var declared = proto.Graph!.Inputs.Concat(proto.Graph.Outputs).Concat(proto.Graph.ValueInfo)
            .GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Inputs = graph.InputNames.Select(n => Describe(n, declared)).ToArray();
        Outputs = graph.OutputNames.Select(n => Describe(n, declared)).ToArray();
        _pool = new InferenceSessionPool(this, options);
    }

    /// <summary>The operators the managed engine supports (default ONNX domain).</summary>
    public static IReadOnlyList<string> SupportedOperators => KernelFactory.SupportedOperators;

    /// <inheritdoc />
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <inheritdoc />
    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The ONNX IR version of the file.</summary>
    public long IrVersion { get; }

    /// <summary>The default-domain opset the model imports.</summary>
    public long OpsetVersion { get; }

    /// <summary>The tool that wrote the model (for example <c>pytorch</c>).</summary>
    public string ProducerName { get; }

    /// <summary>The version of the tool that wrote the model.</summary>
    public string ProducerVersion { get; }

    /// <summary>The settings used by <see cref="Run(IReadOnlyDictionary{string, Tensor}, CancellationToken)"/> and by sessions created without options.</summary>
    public InferenceOptions Options { get; }

    internal CompiledGraph Graph { get; }

    /// <summary>Loads a model from a file.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="options">Execution settings, or null for the defaults.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="ModelFormatException">The file is not a valid or supported ONNX model.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static OnnxModel Load(string path, InferenceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromBytes(ReadModelFile(path), options);
    }

    /// <summary>Loads a model from a stream (read to its end).</summary>
    /// <param name="stream">The serialized model.</param>
    /// <param name="options">Execution settings, or null for the defaults.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="ModelFormatException">The data is not a valid or supported ONNX model.</exception>
    public static OnnxModel Load(Stream stream, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromBytes(ReadModelStream(stream), options);
    }

    /// <summary>Loads a model from bytes.</summary>
    /// <param name="model">The serialized model.</param>
    /// <param name="options">Execution settings, or null for the defaults.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="ModelFormatException">The data is not a valid or supported ONNX model.</exception>
    public static OnnxModel Load(ReadOnlySpan<byte> model, InferenceOptions? options = null) => FromBytes(model.ToArray(), options);

    /// <summary>Reads a model file's bytes, refusing files over <see cref="MaxModelBytes"/> before reading them (any backend's loader uses this).</summary>
    internal static byte[] ReadModelFile(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxModelBytes)
        {
            throw new ModelFormatException($"The model file '{path}' is {info.Length} bytes; ONNX files must be under 2 GiB.");
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>Reads a model stream to its end, refusing more than <see cref="MaxModelBytes"/>.</summary>
    internal static byte[] ReadModelStream(Stream stream)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (ms.Length + read > MaxModelBytes)
            {
                throw new ModelFormatException("The model stream is larger than 2 GiB; ONNX files must be smaller.");
            }

            ms.Write(buffer, 0, read);
        }

        return ms.ToArray();
    }

    private static OnnxModel FromBytes(byte[] bytes, InferenceOptions? options)
    {
        var proto = OnnxProtoReader.ReadModel(bytes);
        var graph = GraphCompiler.Compile(proto);
        return new OnnxModel(proto, graph, options ?? InferenceOptions.Default);
    }

    /// <inheritdoc />
    public IInferenceSession CreateSession(InferenceOptions? options = null) => new OnnxSession(this, options ?? Options);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default) =>
        _pool.Run(inputs, cancellationToken);

    /// <summary>A one-line description: producer, opset, inputs and outputs.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"ONNX model ({(ProducerName.Length > 0 ? ProducerName + " " + ProducerVersion + ", " : "")}opset {OpsetVersion}): inputs {string.Join("; ", Inputs)}; outputs {string.Join("; ", Outputs)}";

    private static TensorInfo Describe(string name, Dictionary<string, OnnxValueInfo> declared)
    {
        if (!declared.TryGetValue(name, out var v))
        {
            return new TensorInfo(name, TensorElementType.Unknown, null);
        }

        var type = v.ElementType switch
        {
            OnnxDataType.Float => TensorElementType.Float32,
            OnnxDataType.Float16 => TensorElementType.Float16,
            OnnxDataType.Double => TensorElementType.Float64,
            OnnxDataType.Int8 => TensorElementType.Int8,
            OnnxDataType.UInt8 => TensorElementType.UInt8,
            OnnxDataType.Int16 => TensorElementType.Int16,
            OnnxDataType.Int32 => TensorElementType.Int32,
            OnnxDataType.Int64 => TensorElementType.Int64,
            OnnxDataType.Bool => TensorElementType.Bool,
            OnnxDataType.Undefined => TensorElementType.Unknown,
            _ => TensorElementType.Other,
        };
        return new TensorInfo(name, type, v.Shape?.Select(d => new TensorDimension(d.Param is null ? d.Value : null, d.Param)).ToArray());
    }
}
