using PianoTranscription.Export;

namespace PianoTranscription.Cli.Commands;

/// <summary>The <c>--format</c> and <c>--out</c> rules of the commands that write notes (<c>transcribe</c>) or scores (<c>score</c>).</summary>
internal static class OutputFormats
{
    /// <summary>
    /// The formats to write: --format's list, else the --out name's extension, else MIDI (notes) or MusicXML (scores).
    /// With --out and a single format, the name's extension must be that format's; an extension no format has is an
    /// error, never the default. With <paramref name="scores"/>, only formats that hold a score are taken.
    /// </summary>
    public static NoteFormat[] Parse(string? text, FileInfo? single, bool scores)
    {
        bool Usable(NoteFormat f) => scores ? f.CanWriteScore : f.CanWrite;
        string names = scores ? NoteFormats.ScoreNames : NoteFormats.WritableNames;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (single is null)
            {
                return [scores ? NoteFormats.MusicXml : NoteFormats.Midi];
            }

            NoteFormat? byName = NoteFormats.FromPath(single.Name);
            if (byName is not null && Usable(byName))
            {
                return [byName];
            }

            string extensions = string.Join(", ", NoteFormats.All.Where(Usable).Select(f => f.DefaultExtension));
            string problem = byName is not null && scores ? $"a {byName.Name} file holds no score"
                : Path.GetExtension(single.Name).Length > 1 ? $"'{Path.GetExtension(single.Name)}' is not an output format's extension"
                : "the name has no extension";
            throw new ArgumentException($"--out {single.Name}: {problem}; name the file {extensions}, or give --format.");
        }

        var formats = new List<NoteFormat>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            NoteFormat f = NoteFormats.Find(part) is { } found && Usable(found)
                ? found
                : throw new ArgumentException(NoteFormats.Find(part) is { } other && scores
                    ? $"A score cannot be written as {other.Name}; use {names}."
                    : $"Unknown format '{part}'; use {names}.");
            if (!formats.Contains(f))
            {
                formats.Add(f);
            }
        }

        if (formats.Count == 0)
        {
            throw new ArgumentException("--format lists no format.");
        }

        if (single is not null && formats.Count == 1 && !formats[0].Matches(single.Name))
        {
            throw new ArgumentException(
                $"--out {single.Name} does not name a {formats[0].Name} file but --format is {formats[0].Name}; name it {Path.GetFileNameWithoutExtension(single.Name)}{formats[0].DefaultExtension} or drop --format.");
        }

        return [.. formats];
    }
}
