using System.Diagnostics;
using Orleans.Placement;
using PianoTranscription.Transcription;

namespace ArchiveCluster;

/// <summary>
/// Transcribes one file of the store on whichever silo activated it. The work runs on the thread pool, outside the
/// grain's turns, so polls are answered at once while it runs. Nothing is kept in grain state: the store is the state
/// (an output either is committed or it is not), so an activation that replaces one lost with its silo simply starts
/// the file again.
/// </summary>
[RandomPlacement]   // spread the files over the silos
public sealed class FileTranscriptionGrain(ArchiveStore store, PianoTranscriber transcriber, SiloName silo) : Grain, IFileTranscriptionGrain
{
    private Task<FileStatus>? _work;
    private double _fraction;

    /// <inheritdoc />
    public Task<FileStatus> EnsureTranscribedAsync()
    {
        string key = this.GetPrimaryKeyString();
        if (_work is null)
        {
            if (store.CommittedNotes(key) is { } notes)
            {
                return Task.FromResult(new FileStatus(FileState.AlreadyDone, silo.Value, 1, notes, null));
            }

            Volatile.Write(ref _fraction, 0);
            _work = Task.Run(() => TranscribeAndCommitAsync(key));
        }

        if (!_work.IsCompleted)
        {
            return Task.FromResult(new FileStatus(FileState.Working, silo.Value, Volatile.Read(ref _fraction), 0, null));
        }

        // Answer the outcome once and forget it: a later call asks the store again, which stays the one truth (an
        // output deleted since is transcribed again; a failed file is tried again).
        Task<FileStatus> done = _work;
        _work = null;
        if (done.IsCompletedSuccessfully)
        {
            return done;
        }

        Exception error = done.Exception?.GetBaseException() ?? new OperationCanceledException();
        return Task.FromResult(new FileStatus(FileState.Failed, silo.Value, 0, 0, $"{error.GetType().Name}: {error.Message}"));
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
