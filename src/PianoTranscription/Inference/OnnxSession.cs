using System.Collections.ObjectModel;
using PianoTranscription.Inference.Onnx;
using PianoTranscription.Inference.Onnx.Kernels;

namespace PianoTranscription.Inference;

/// <summary>
/// Runs a compiled graph with per-session buffers. Intermediate float buffers are recycled within a run (each is freed
/// after its last reader) and kept across runs, so steady-state runs of the same size allocate no large arrays.
/// </summary>
internal sealed class OnnxSession : IInferenceSession
{
    private readonly OnnxModel _model;
    private readonly CompiledGraph _graph;
    private readonly RunContext _ctx;
    private readonly Value[] _values;
    private readonly Value?[][] _stepInputs;
    private readonly Value[][] _stepOutputs;
    private int _busy;
    private bool _disposed;

    public OnnxSession(OnnxModel model, InferenceOptions options)
    {
        _model = model;
        _graph = model.Graph;
        _ctx = new RunContext(options.MaxDegreeOfParallelism);
        _values = new Value[_graph.SlotCount];
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = _graph.Constants[i] ?? new Value();
        }

        _stepInputs = _graph.Steps.Select(s => s.Inputs.Select(i => i < 0 ? null : _values[i]).ToArray()).ToArray();
        _stepOutputs = _graph.Steps.Select(s => s.Outputs.Select(i => _values[i]).ToArray()).ToArray();
    }

    public IInferenceModel Model => _model;

    /// <summary>When set (length = step count), each step's elapsed <see cref="System.Diagnostics.Stopwatch"/> ticks are added to it; for profiling.</summary>
    internal long[]? StepTicks { get; set; }

    /// <summary>The compiled steps' kernel descriptions, for profiling output.</summary>
    internal string[] StepNames => _graph.Steps.Select(s => $"{s.Kernel.GetType().Name} {s.Kernel.Node}").ToArray();

    public void Run(ReadOnlySpan<NamedInput> inputs, ReadOnlySpan<NamedOutput> outputs, CancellationToken cancellationToken = default)
    {
        Enter();
        try
        {
            var names = _graph.OutputNames;
            foreach (var o in outputs)
            {
                if (Array.IndexOf(names, o.Name) < 0)
                {
                    throw new ArgumentException($"The model has no output '{o.Name}' (outputs: {string.Join(", ", names)}).", nameof(outputs));
                }
            }

            Execute(inputs, cancellationToken);
            foreach (var o in outputs)
            {
                var v = _values[_graph.OutputSlots[Array.IndexOf(names, o.Name)]];
                if (!v.Shape.AsSpan().SequenceEqual(o.Destination.ShapeSpan))
                {
                    throw new ArgumentException($"Output '{o.Name}' has shape {v.ShapeText()} but its destination is {o.Destination}.", nameof(outputs));
                }

                CopyOut(v, o.Destination.Data.Span);
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
            var named = inputs.Select(kv => new NamedInput(kv.Key, kv.Value)).ToArray();
            Execute(named, cancellationToken);
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (int i = 0; i < _graph.OutputSlots.Length; i++)
            {
                var v = _values[_graph.OutputSlots[i]];
                var data = new float[v.Count];
                CopyOut(v, data);
                result[_graph.OutputNames[i]] = new Tensor(data, v.Shape.ToArray());
            }

            return new ReadOnlyDictionary<string, Tensor>(result);
        }
        finally
        {
            Exit();
        }
    }

    public void Dispose() => _disposed = true;

    private static void CopyOut(Value v, Span<float> dst)
    {
        if (v.IsFloat)
        {
            v.Floats.CopyTo(dst);
        }
        else
        {
            var src = v.Ints;
            for (int i = 0; i < src.Length; i++) dst[i] = src[i];
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

    private void Execute(ReadOnlySpan<NamedInput> inputs, CancellationToken cancellationToken)
    {
        var inputNames = _graph.InputNames;
        foreach (var given in inputs)
        {
            if (Array.IndexOf(inputNames, given.Name) < 0)
            {
                throw new ArgumentException($"The model has no input '{given.Name}' (inputs: {string.Join(", ", inputNames)}).", nameof(inputs));
            }
        }

        for (int i = 0; i < inputNames.Length; i++)
        {
            Tensor? t = null;
            foreach (var given in inputs)
            {
                if (given.Name == inputNames[i])
                {
                    t = given.Value;
                }
            }

            if (t is null)
            {
                throw new ArgumentException($"Input '{inputNames[i]}' is missing.", nameof(inputs));
            }

            CheckInput(_model.Inputs[i], t, nameof(inputs));
            var v = _values[_graph.InputSlots[i]];
            t.Data.Span.CopyTo(_ctx.AllocFloat(v, t.ShapeSpan));
        }

        var steps = _graph.Steps;
        for (int s = 0; s < steps.Length; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = steps[s];
            long t0 = StepTicks is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                step.Kernel.Run(_ctx, _stepInputs[s], _stepOutputs[s]);
            }
            catch (KernelInputException ex)
            {
                // A node's inputs do not fit it (shapes, types): the caller's inputs and the model disagree. Any other
                // exception from a kernel is an engine fault and keeps its type.
                throw new ArgumentException($"The inputs do not fit the model: {ex.Message}", nameof(inputs), ex);
            }

            if (StepTicks is { } ticks)
            {
                ticks[s] += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
            }

            foreach (int r in step.ReleaseAfter)
            {
                _ctx.Release(_values[r]);
            }
        }
    }

    private static void CheckInput(TensorInfo info, Tensor t, string paramName)
    {
        if (info.Shape is not { } shape)
        {
            return;
        }

        bool ok = shape.Count == t.Rank;
        for (int d = 0; ok && d < shape.Count; d++)
        {
            ok = shape[d].Value is not { } fixedSize || fixedSize == t.Shape[d];
        }

        if (!ok)
        {
            throw new ArgumentException($"Input '{info.Name}' must have shape [{string.Join(", ", shape)}], but has [{string.Join(", ", t.Shape)}].", paramName);
        }
    }
}
