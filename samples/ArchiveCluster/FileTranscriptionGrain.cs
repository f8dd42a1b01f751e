using System.Diagnostics;
using Orleans.Placement;
using PianoTranscription.Transcription;

namespace ArchiveCluster;

/// <summary>
/// Transcribes one file of the store on whichever silo activated it. The work runs on the thread pool, outside the
/// grain's turns, so polls are answered at once while it runs. The grain persists nothing (it only remembers its work in
/// progress): the store is the state (an output either is committed or it is not), so an activation that replaces one
/// lost with its silo simply starts the file again.
/// </summary>
[RandomPlacement]   // spread the files over the silos
public sealed class FileTranscriptionGrain(ArchiveStore store, PianoTranscriber transcriber, SiloName silo) : Grain, IFileTranscriptionGrain
{
    private Task<FileStatus>? _work;
    private Guid _workRun;
    private double _fraction;

    /// <inheritdoc />
    public Task<FileStatus> EnsureTranscribedAsync(Guid run)
    {
        string key = this.GetPrimaryKeyString();
        if (_work is null)
        {
            if (store.CommittedNotes(key) is { } notes)
            {
                return Task.FromResult(new FileStatus(FileState.AlreadyDone, silo.Value, 1, notes, null));
            }

            Volatile.Write(ref _fraction, 0);
            _workRun = run;
            _work = Task.Run(() => TranscribeAndCommitAsync(key));
        }

        if (!_work.IsCompleted)
        {
            return Task.FromResult(new FileStatus(FileState.Working, silo.Value, Volatile.Read(ref _fraction), 0, null));
        }

        if (_work.IsCompletedSuccessfully && File.Exists(store.OutputPath(key)))
        {
            // Answer every poll of the run alike (a poll whose answer was lost, its gateway having died, is sent again);
            // to a later run the file is already done.
            return run == _workRun ? _work : Task.FromResult(_work.Result with { State = FileState.AlreadyDone });
        }

        // Failed, or its output was deleted since: the next call (a retry, a later run) starts the file again.
        Task<FileStatus> done = _work;
        _work = null;
        if (done.IsCompletedSuccessfully)
        {
            return EnsureTranscribedAsync(run);
        }

        Exception error = done.Exception?.GetBaseException() ?? new OperationCanceledException();
        return Task.FromResult(new FileStatus(FileState.Failed, silo.Value, 0, 0, $"{error.GetType().Name}: {error.Message}"));
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // When a silo dies, the others also drop activations whose directory entries it held; work already under way
        // still commits (or finds the file committed), and the next call activates the grain afresh.
        if (_work is not null)
        {
            Console.WriteLine($"{silo.Value}: {this.GetPrimaryKeyString()} deactivated ({reason.ReasonCode}), its work {(_work.IsCompleted ? "done" : "still running")}");
        }

        return Task.CompletedTask;
    }

    private async Task<FileStatus> TranscribeAndCommitAsync(string key)
    {
        string path = store.InputPath(key);
        Console.WriteLine($"{silo.Value}: transcribing {key}");
        var clock = Stopwatch.StartNew();
        var progress = new Progress<TranscriptionProgress>(p => Volatile.Write(ref _fraction, p.Fraction ?? 0));
        TranscriptionResult result = await transcriber.TranscribeAsync(path, progress);
        if (store.Commit(key, result, silo.Value, clock.Elapsed))
        {
            Console.WriteLine($"{silo.Value}: committed {key} ({result.Notes.Count} notes, {clock.Elapsed.TotalSeconds:0.0} s)");
            return new FileStatus(FileState.Transcribed, silo.Value, 1, result.Notes.Count, null);
        }

        Console.WriteLine($"{silo.Value}: {key} was committed meanwhile by another activation; nothing written");
        return new FileStatus(FileState.AlreadyDone, silo.Value, 1, store.CommittedNotes(key) ?? 0, null);
    }
}

/// <summary>The name this silo prints and writes in the ledger (<c>silo-N</c>).</summary>
/// <param name="Value">The name.</param>
public sealed record SiloName(string Value);
