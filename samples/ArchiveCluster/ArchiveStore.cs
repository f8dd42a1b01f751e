using System.Globalization;
using System.Text;
using PianoTranscription.Midi;
using PianoTranscription.Transcription;

namespace ArchiveCluster;

/// <summary>
/// The shared store every silo reads from and writes to: an input folder of recordings and an output folder that gets
/// <c>NAME.mid</c> for each <c>NAME.wav</c>, a <c>commits.log</c> ledger and a <c>.partial</c> folder for writes in
/// progress. Commits are idempotent: a result is written to <c>.partial</c> and moved to its final name without
/// overwriting, so whichever activation moves first wins and any later one (a retry after a silo died, a duplicate
/// activation during a membership change, a second run) writes nothing.
/// </summary>
public sealed class ArchiveStore
{
    /// <summary>The extensions the store lists as recordings.</summary>
    public static readonly IReadOnlyList<string> AudioExtensions = [".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a"];

    /// <summary>The ledger's file name in the output folder: one tab-separated line per commit.</summary>
    public const string LedgerName = "commits.log";

    /// <summary>The folder (in the output folder) that holds writes not yet committed.</summary>
    public const string PartialName = ".partial";

    /// <summary>A store over two folders; the output folder is created.</summary>
    public ArchiveStore(string input, string output)
    {
        if (!Directory.Exists(input))
        {
            throw new DirectoryNotFoundException($"no input folder '{input}'");
        }

        Input = Path.GetFullPath(input);
        Output = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.Combine(Output, PartialName));
    }

    /// <summary>The folder of recordings.</summary>
    public string Input { get; }

    /// <summary>The folder of results.</summary>
    public string Output { get; }

    /// <summary>The ledger of commits.</summary>
    public string LedgerPath => Path.Combine(Output, LedgerName);

    /// <summary>Every recording of the input folder (subfolders included) as keys: relative paths with '/', sorted.</summary>
    public IReadOnlyList<string> ListKeys() =>
        [.. Directory.EnumerateFiles(Input, "*", SearchOption.AllDirectories)
            .Where(f => AudioExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Select(f => Path.GetRelativePath(Input, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>The recording a key names; throws <see cref="ArgumentException"/> for a key that leaves the input folder.</summary>
    public string InputPath(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || Path.IsPathRooted(key) || key.Split('/', '\\').Contains(".."))
        {
            throw new ArgumentException($"'{key}' is not a relative path inside the input folder", nameof(key));
        }

        return Path.Combine(Input, key.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>Where the MIDI file of a key goes.</summary>
    public string OutputPath(string key) => Path.ChangeExtension(Path.Combine(Output, key.Replace('/', Path.DirectorySeparatorChar)), ".mid");

    /// <summary>The note count of the committed output of a key, or null when it has none yet.</summary>
    public int? CommittedNotes(string key)
    {
        string path = OutputPath(key);
        return File.Exists(path) ? MidiNotes.Read(path).Notes.Count : null;
    }

    /// <summary>
    /// Commits a result: writes it to <c>.partial</c>, moves it to its final name unless that exists, and records the
    /// commit in the ledger. Returns false (and writes nothing) when the output was already committed.
    /// </summary>
    public bool Commit(string key, TranscriptionResult result, string silo, TimeSpan took)
    {
        string final = OutputPath(key);
        string partial = Path.Combine(Output, PartialName, $"{Guid.NewGuid():N}.mid");
        result.WriteMidi(partial);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        try
        {
            File.Move(partial, final, overwrite: false);   // atomic on a local file system: one mover wins
        }
        catch (IOException) when (File.Exists(final))
        {
            File.Delete(partial);
            return false;
        }

        // A silo killed between the move and this append leaves a committed file without its ledger line: a store
        // with conditional writes that return a version (object stores, a database) makes the two one step.
        AppendLedger(string.Join('\t', key, silo, result.Notes.Count.ToString(CultureInfo.InvariantCulture),
            took.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        return true;
    }

    /// <summary>Deletes what <c>.partial</c> holds (writes of silos that died before committing); returns how many.</summary>
    public int RemovePartialWrites()
    {
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Output, PartialName)))
        {
            File.Delete(file);
            removed++;
        }

        return removed;
    }

    private void AppendLedger(string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                // Exclusive while appending (an OS lock on Windows, flock on Unix), so lines of silos never interleave.
                using var stream = new FileStream(LedgerPath, FileMode.Append, FileAccess.Write, FileShare.None);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
                return;
            }
            catch (IOException) when (attempt < 500)
            {
                Thread.Sleep(5 + Random.Shared.Next(10));   // another silo holds the ledger
            }
        }
    }
}
