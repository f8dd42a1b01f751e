using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using Microsoft.ML.OnnxRuntime;
using PianoTranscription.Inference;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using TensorElementType = PianoTranscription.Inference.TensorElementType;

namespace PianoTranscription.OnnxRuntime;

/// <summary>
/// A model loaded into ONNX Runtime by <see cref="OnnxRuntimeBackend"/>: immutable and thread-safe. Sessions created
/// with the same thread count share one ONNX Runtime session (whose <c>Run</c> is thread-safe); each
/// <see cref="IInferenceSession"/> adds only its own run state.
/// </summary>
public sealed class OnnxRuntimeModel : IInferenceModel, IDisposable
{
    private readonly byte[] _bytes;
    private readonly OnnxRuntimeBackend _backend;
    private readonly ConcurrentDictionary<int, Lazy<InferenceSession>> _byThreads = new();
    private readonly int _defaultThreads;
    private volatile bool _disposed;

    internal OnnxRuntimeModel(byte[] bytes, OnnxRuntimeBackend backend, InferenceOptions options)
    {
        _bytes = bytes;
        _backend = backend;
        _defaultThreads = options.MaxDegreeOfParallelism;
        InferenceSession primary = Open(_defaultThreads);
        _byThreads[_defaultThreads] = new Lazy<InferenceSession>(primary);
        try
        {
            Inputs = primary.InputNames.Select(n => Describe(n, primary.InputMetadata[n])).ToArray();
            Outputs = primary.OutputNames.Select(n => Describe(n, primary.OutputMetadata[n])).ToArray();
            Metadata = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(primary.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal));
        }
        catch (OnnxRuntimeException ex)
        {
            primary.Dispose();
            throw new ModelFormatException($"ONNX Runtime could not describe the model: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <inheritdoc />
    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The backend that loaded the model.</summary>
    public OnnxRuntimeBackend Backend => _backend;

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public IInferenceSession CreateSession(InferenceOptions? options = null) =>
        new OnnxRuntimeSession(this, Session(options?.MaxDegreeOfParallelism ?? _defaultThreads));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default)
    {
        using var session = new OnnxRuntimeSession(this, Session(_defaultThreads));
        return session.Run(inputs, cancellationToken);
    }

    /// <summary>Releases the ONNX Runtime sessions (native memory) now; the model cannot run afterwards.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (Lazy<InferenceSession> session in _byThreads.Values)
        {
            if (session.IsValueCreated)
            {
                session.Value.Dispose();
            }
        }

        _byThreads.Clear();
    }

    /// <summary>A one-line description: backend, inputs and outputs.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"ONNX Runtime model ({_backend.Name}): inputs {string.Join("; ", Inputs)}; outputs {string.Join("; ", Outputs)}";

    private InferenceSession Session(int threads)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _byThreads.GetOrAdd(threads, t => new Lazy<InferenceSession>(() => Open(t), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private InferenceSession Open(int threads)
    {
        SessionOptions options;
        try
        {
            options = _backend.CreateSessionOptions(threads);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw OnnxRuntimeBackend.NativeMissing(ex);
        }

        using (options)
        {
            try
            {
                return new InferenceSession(_bytes, options);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new ModelFormatException($"ONNX Runtime refused the model: {ex.Message}", ex);
            }
        }
    }

    private static TensorInfo Describe(string name, NodeMetadata meta)
    {
        if (!meta.IsTensor)
        {
            return new TensorInfo(name, TensorElementType.Other, null);
        }

        TensorElementType type = meta.ElementDataType switch
        {
            OrtElementType.Float => TensorElementType.Float32,
            OrtElementType.Float16 => TensorElementType.Float16,
            OrtElementType.Double => TensorElementType.Float64,
            OrtElementType.Int8 => TensorElementType.Int8,
            OrtElementType.UInt8 => TensorElementType.UInt8,
            OrtElementType.Int16 => TensorElementType.Int16,
            OrtElementType.Int32 => TensorElementType.Int32,
            OrtElementType.Int64 => TensorElementType.Int64,
            OrtElementType.Bool => TensorElementType.Bool,
            _ => TensorElementType.Other,
        };
        var dims = new TensorDimension[meta.Dimensions.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            string? symbol = i < meta.SymbolicDimensions.Length && meta.SymbolicDimensions[i].Length > 0 ? meta.SymbolicDimensions[i] : null;
            dims[i] = meta.Dimensions[i] >= 0 ? new TensorDimension(meta.Dimensions[i], null) : new TensorDimension(null, symbol);
        }

        return new TensorInfo(name, type, dims);
    }
}
