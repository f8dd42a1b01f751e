using System.Globalization;
using System.Text;
using PianoTranscription.Midi;
using PianoTranscription.Transcription;

namespace ArchiveCluster;

/// <summary>
/// The shared store every silo reads from and writes to: an input folder of recordings and an output folder that gets
/// <c>NAME.mid</c> for each <c>NAME.wav</c>, a <c>commits.log</c> ledger and a <c>.partial</c> folder for writes in
/// progress. Commits are idempotent: a result is written to <c>.partial</c>, then, holding the ledger's exclusive
/// lock, moved to its final name unless that exists and recorded in the ledger. Whichever activation commits first
/// wins and any later one (a retry after a silo died, a duplicate activation during a membership change, a second
/// run) writes nothing.
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
    /// Commits a result: writes it to <c>.partial</c>, then under the ledger's lock moves it to its final name unless
    /// that exists and appends the commit to the ledger. Returns false (and writes nothing) when the output was already
    /// committed.
    /// </summary>
    public bool Commit(string key, TranscriptionResult result, string silo, TimeSpan took)
    {
        string final = OutputPath(key);
        string partial = Path.Combine(Output, PartialName, $"{Guid.NewGuid():N}.mid");
        result.WriteMidi(partial);   // the slow part, outside the lock; a silo dying here leaves only a partial write
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        using (FileStream ledger = LockLedger())
        {
            // The lock makes check-and-move one step among silos: File.Move without overwrite is a check then a
            // rename on Unix, which two silos could race.
            if (!File.Exists(final))
            {
                File.Move(partial, final, overwrite: false);
                // A silo killed between the move and this append leaves a committed file without its ledger line: a
                // store with conditional writes (an object store, a database) makes the two one step.
                string line = string.Join('\t', key, silo, result.Notes.Count.ToString(CultureInfo.InvariantCulture),
                    took.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                ledger.Write(Encoding.UTF8.GetBytes(line + "\n"));
                ledger.Flush(flushToDisk: true);
                return true;
            }
        }

        File.Delete(partial);
        return false;
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

    /// <summary>Opens the ledger for appending, exclusively (an OS sharing lock on Windows, flock on Unix), waiting while another silo holds it.</summary>
    private FileStream LockLedger()
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(LedgerPath, FileMode.Append, FileAccess.Write, FileShare.None);
            }
            catch (IOException) when (attempt < 1000)
            {
                Thread.Sleep(5 + Random.Shared.Next(10));   // another silo is committing: that takes milliseconds
            }
        }
    }
}
