using System.Collections.ObjectModel;
using Microsoft.ML.OnnxRuntime;
using PianoTranscription.Inference;

namespace PianoTranscription.OnnxRuntime;

/// <summary>
/// One caller's view of an ONNX Runtime session: checks inputs and destinations like the managed engine (so a
/// mis-shaped call is an <see cref="ArgumentException"/> on either backend), runs, and copies the outputs into the
/// caller's tensors. The ONNX Runtime session itself is shared and thread-safe; this object runs one call at a time.
/// </summary>
internal sealed class OnnxRuntimeSession : IInferenceSession
{
    private readonly OnnxRuntimeModel _model;
    private readonly InferenceSession _session;
    private int _busy;
    private bool _disposed;

    public OnnxRuntimeSession(OnnxRuntimeModel model, InferenceSession session)
    {
        _model = model;
        _session = session;
    }

    public IInferenceModel Model => _model;

    public void Run(ReadOnlySpan<NamedInput> inputs, ReadOnlySpan<NamedOutput> outputs, CancellationToken cancellationToken = default)
    {
        Enter();
        try
        {
            string[] wanted = new string[outputs.Length];
            for (int i = 0; i < outputs.Length; i++)
            {
                wanted[i] = outputs[i].Name;
                if (!_session.OutputMetadata.ContainsKey(wanted[i]))
                {
                    throw new ArgumentException($"The model has no output '{wanted[i]}' (outputs: {string.Join(", ", _session.OutputNames)}).", nameof(outputs));
                }
            }

            string[] names = new string[inputs.Length];
            Tensor[] values = new Tensor[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                (names[i], values[i]) = (inputs[i].Name, inputs[i].Value);
            }

            // With no output asked for, the graph still runs (as in the managed engine), for its first output.
            using IDisposableReadOnlyCollection<OrtValue> results = Execute(names, values, wanted.Length > 0 ? wanted : [_session.OutputNames[0]], cancellationToken);
            for (int i = 0; i < outputs.Length; i++)
            {
                OrtValue value = results.ElementAt(i);
                long[] shape = value.GetTensorTypeAndShape().Shape;
                Tensor destination = outputs[i].Destination;
                if (!shape.AsSpan().SequenceEqual(LongShape(destination)))
                {
                    throw new ArgumentException($"Output '{wanted[i]}' has shape [{string.Join(", ", shape)}] but its destination is {destination}.", nameof(outputs));
                }

                CopyOut(value, destination.Data.Span, wanted[i]);
            }
        }
        finally
        {
            Exit();
        }
    }

    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Enter();
        try
        {
            IReadOnlyList<string> outputNames = _session.OutputNames;
            using IDisposableReadOnlyCollection<OrtValue> results = Execute([.. inputs.Keys], [.. inputs.Values], outputNames, cancellationToken);
            var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            int i = 0;
            foreach (OrtValue value in results)
            {
                int[] shape = value.GetTensorTypeAndShape().Shape.Select(d => checked((int)d)).ToArray();
                var tensor = new Tensor(new float[shape.Aggregate(1L, (a, d) => a * d)], shape);
                CopyOut(value, tensor.Data.Span, outputNames[i]);
                byName[outputNames[i++]] = tensor;
            }

            return new ReadOnlyDictionary<string, Tensor>(byName);
        }
        finally
        {
            Exit();
        }
    }

    public void Dispose() => _disposed = true;

    private IDisposableReadOnlyCollection<OrtValue> Execute(string[] names, Tensor[] values, IReadOnlyCollection<string> outputNames, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CheckInputs(names, values, "inputs");
        var ortValues = new List<OrtValue>(values.Length);
        try
        {
            foreach (Tensor t in values)
            {
                ortValues.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, t.Data, LongShape(t)));
            }

            using var runOptions = new RunOptions();
            using CancellationTokenRegistration registration = cancellationToken.Register(() => runOptions.Terminate = true);
            try
            {
                return _session.Run(runOptions, names, ortValues, outputNames);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
        finally
        {
            foreach (OrtValue v in ortValues)
            {
                v.Dispose();
            }
        }
    }

    private void CheckInputs(string[] names, Tensor[] values, string paramName)
    {
        IReadOnlyDictionary<string, NodeMetadata> declared = _session.InputMetadata;
        for (int i = 0; i < names.Length; i++)
        {
            if (!declared.TryGetValue(names[i], out NodeMetadata? meta))
            {
                throw new ArgumentException($"The model has no input '{names[i]}' (inputs: {string.Join(", ", _session.InputNames)}).", paramName);
            }

            IReadOnlyList<int> shape = values[i].Shape;
            bool fits = shape.Count == meta.Dimensions.Length;
            for (int d = 0; fits && d < shape.Count; d++)
            {
                fits = meta.Dimensions[d] < 0 || meta.Dimensions[d] == shape[d];
            }

            if (!fits)
            {
                throw new ArgumentException(
                    $"Input '{names[i]}' has shape {values[i]} but the model declares [{string.Join(", ", meta.Dimensions.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}].", paramName);
            }
        }

        foreach (string name in _session.InputNames)
        {
            if (!names.Contains(name))
            {
                throw new ArgumentException($"The model input '{name}' has no value.", paramName);
            }
        }
    }

    private static long[] LongShape(Tensor tensor) => tensor.Shape.Select(d => (long)d).ToArray();

    private static void CopyOut(OrtValue value, Span<float> destination, string name)
    {
        switch (value.GetTensorTypeAndShape().ElementDataType)
        {
            case Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float:
                value.GetTensorDataAsSpan<float>().CopyTo(destination);
                break;
            case Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64:
                ReadOnlySpan<long> longs = value.GetTensorDataAsSpan<long>();
                for (int i = 0; i < longs.Length; i++)
                {
                    destination[i] = longs[i];
                }

                break;
            default:
                throw new NotSupportedException($"Output '{name}' is {value.GetTensorTypeAndShape().ElementDataType}; only float32 and int64 outputs can be read into a Tensor.");
        }
    }

    private void Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("This inference session is already running on another thread; use one session per thread.");
        }
    }

    private void Exit() => Volatile.Write(ref _busy, 0);
}
