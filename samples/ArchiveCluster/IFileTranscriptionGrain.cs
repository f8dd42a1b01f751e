namespace ArchiveCluster;

/// <summary>
/// One file of the shared store (its key is the path relative to the input folder, with '/' separators). Calls are
/// short: the first one starts the transcription in the background and every call answers where it stands, so a
/// caller polls until the file is done. A long call would tie the caller to one silo; a poll that fails because that
/// silo died is simply sent again, and the grain is then activated on a silo that is alive.
/// </summary>
public interface IFileTranscriptionGrain : IGrainWithStringKey
{
    /// <summary>Starts the transcription unless the output is already committed or it is under way; returns its status.</summary>
    /// <param name="run">The caller's run: a file it got transcribed is <see cref="FileState.Transcribed"/> to it on every poll,
    /// <see cref="FileState.AlreadyDone"/> to any other run.</param>
    Task<FileStatus> EnsureTranscribedAsync(Guid run);
}

/// <summary>Where one file stands.</summary>
public enum FileState
{
    /// <summary>Being transcribed on <see cref="FileStatus.Silo"/>.</summary>
    Working,

    /// <summary>Transcribed and committed for this run.</summary>
    Transcribed,

    /// <summary>Its output was already committed (by an earlier run, or by another activation that won the race).</summary>
    AlreadyDone,

    /// <summary>It cannot be transcribed (not audio, missing, ...): <see cref="FileStatus.Error"/> says why.</summary>
    Failed,
}

/// <summary>The answer of <see cref="IFileTranscriptionGrain.EnsureTranscribedAsync"/>.</summary>
/// <param name="State">Where the file stands.</param>
/// <param name="Silo">The silo that answered (the one doing or having done the work).</param>
/// <param name="Fraction">How much of the audio is transcribed, 0 to 1.</param>
/// <param name="Notes">The number of notes in the committed MIDI file (0 while working or failed).</param>
/// <param name="Error">Why the file failed; null otherwise.</param>
[GenerateSerializer, Immutable]
public sealed record FileStatus(
    [property: Id(0)] FileState State,
    [property: Id(1)] string Silo,
    [property: Id(2)] double Fraction,
    [property: Id(3)] int Notes,
    [property: Id(4)] string? Error);
