using System.Collections.Concurrent;

namespace PianoTranscription.Inference;

/// <summary>
/// A pool of sessions of one model, all with the same execution settings: <see cref="Rent"/> takes an idle session
/// (or creates one), <see cref="Return"/> puts it back for the next caller. Thread-safe. The pool grows to the number
/// of callers that ran at once and keeps those sessions' buffers warm, so steady-state runs allocate nothing large.
/// Works the same for every <see cref="IInferenceBackend"/>; the managed engine's
/// <see cref="IInferenceModel.Run(IReadOnlyDictionary{string, Tensor}, CancellationToken)"/> and the transcriber both
/// use one.
/// </summary>
public sealed class InferenceSessionPool
{
    private readonly ConcurrentBag<IInferenceSession> _idle = [];

    /// <summary>Creates an empty pool.</summary>
    /// <param name="model">The model whose sessions are pooled.</param>
    /// <param name="options">The settings of every session, or null for the defaults.</param>
    public InferenceSessionPool(IInferenceModel model, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Options = options ?? InferenceOptions.Default;
    }

    /// <summary>The model whose sessions are pooled.</summary>
    public IInferenceModel Model { get; }

    /// <summary>The settings every pooled session is created with.</summary>
    public InferenceOptions Options { get; }

    /// <summary>Takes an idle session, or creates one when none is idle. Give it back with <see cref="Return"/>.</summary>
    /// <returns>A session used by no one else until returned.</returns>
    public IInferenceSession Rent() => _idle.TryTake(out IInferenceSession? session) ? session : Model.CreateSession(Options);

    /// <summary>Gives a rented session back (it must not be used by the caller any more).</summary>
    /// <param name="session">A session from <see cref="Rent"/>.</param>
    /// <exception cref="ArgumentException">The session belongs to another model.</exception>
    public void Return(IInferenceSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!ReferenceEquals(session.Model, Model))
        {
            throw new ArgumentException("The session belongs to another model than this pool's.", nameof(session));
        }

        _idle.Add(session);
    }

    /// <summary>Runs the model in a pooled session and returns every output as a new tensor. Safe to call from several threads at once.</summary>
    /// <param name="inputs">A value for every model input, by name.</param>
    /// <param name="cancellationToken">Checked between operators.</param>
    /// <returns>The outputs by name.</returns>
    /// <exception cref="ArgumentException">An input is missing, unknown or mis-shaped.</exception>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        IInferenceSession session = Rent();
        try
        {
            return session.Run(inputs, cancellationToken);
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>
    /// Disposes the idle sessions, releasing their buffers (and a native backend's resources) now rather than when the
    /// pool is collected; the pool stays usable and creates sessions again as needed.
    /// </summary>
    public void Clear()
    {
        while (_idle.TryTake(out IInferenceSession? session))
        {
            session.Dispose();
        }
    }
}
