using System.Collections.Concurrent;
using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Inference;

/// <summary>
/// An <see cref="IInferenceBackend"/> that runs the real managed engine and records what passes through the seam:
/// models loaded, sessions created, runs, and the output names asked for. It proves that the library reaches the
/// network only through the backend it was given.
/// </summary>
internal sealed class RecordingBackend : IInferenceBackend
{
    private int _loads;
    private int _sessions;
    private int _runs;

    public string Name => "recording";

    public int Loads => _loads;

    public int Sessions => _sessions;

    public int Runs => _runs;

    public ConcurrentDictionary<string, byte> Asked { get; } = new(StringComparer.Ordinal);

    public IReadOnlySet<string> OutputsAsked => Asked.Keys.ToHashSet(StringComparer.Ordinal);

    public IInferenceModel Load(ReadOnlySpan<byte> model, InferenceOptions? options = null)
    {
        Interlocked.Increment(ref _loads);
        return new Model(this, ManagedOnnxBackend.Instance.Load(model, options));
    }

    private sealed class Model(RecordingBackend owner, IInferenceModel inner) : IInferenceModel
    {
        public IReadOnlyList<TensorInfo> Inputs => inner.Inputs;

        public IReadOnlyList<TensorInfo> Outputs => inner.Outputs;

        public IReadOnlyDictionary<string, string> Metadata => inner.Metadata;

        public IInferenceSession CreateSession(InferenceOptions? options = null)
        {
            Interlocked.Increment(ref owner._sessions);
            return new Session(owner, this, inner.CreateSession(options));
        }

        public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref owner._runs);
            return inner.Run(inputs, cancellationToken);
        }
    }

    private sealed class Session(RecordingBackend owner, IInferenceModel model, IInferenceSession inner) : IInferenceSession
    {
        public IInferenceModel Model => model;

        public void Run(ReadOnlySpan<NamedInput> inputs, ReadOnlySpan<NamedOutput> outputs, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref owner._runs);
            foreach (NamedOutput o in outputs)
            {
                owner.Asked.TryAdd(o.Name, 0);
            }

            inner.Run(inputs, outputs, cancellationToken);
        }

        public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref owner._runs);
            return inner.Run(inputs, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}
