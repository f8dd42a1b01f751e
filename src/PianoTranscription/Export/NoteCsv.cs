using System.Globalization;
using System.Text;
using PianoTranscription.Decoding;
using PianoTranscription.IO;

namespace PianoTranscription.Export;

/// <summary>
/// Notes as CSV: the header <c>onset,offset,pitch,velocity</c>, then one note per line with times in seconds
/// (invariant culture, 6 decimals) and MIDI pitch and velocity as integers. This is the format the evaluation script
/// <c>mir_eval_notes.py</c> reads. The reader also accepts files without header, <c>#</c> comment lines, the
/// three-column <c>onset,offset,pitch</c> form without velocity, and tab-separated lines: the MAPS and MAESTRO-style
/// TSV references (<c># onset,offset,note,velocity</c> or <c>OnsetTime OffsetTime MidiPitch</c>, pitches written as
/// <c>38.000000</c>) read as they are.
/// </summary>
public static class NoteCsv
{
    /// <summary>The header line written by <see cref="Write(TextWriter, IReadOnlyList{Note})"/>.</summary>
    public const string Header = "onset,offset,pitch,velocity";

    /// <summary>The velocity given to notes read from a three-column file (which has none).</summary>
    public const int DefaultVelocity = 64;

    /// <summary>Writes notes as CSV, atomically (UTF-8 without byte-order mark, <c>\n</c> line ends).</summary>
    /// <param name="path">The target path.</param>
    /// <param name="notes">The notes, written in the order given.</param>
    public static void Write(string path, IReadOnlyList<Note> notes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(notes);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            Write(writer, notes);
        });
    }

    /// <summary>Writes notes as CSV to a text writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="notes">The notes, written in the order given.</param>
    public static void Write(TextWriter writer, IReadOnlyList<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(notes);
        writer.Write(Header);
        writer.Write('\n');
        Span<char> buffer = stackalloc char[96];
        foreach (Note n in notes)
        {
            if (!buffer.TryWrite(CultureInfo.InvariantCulture, $"{n.Onset:F6},{n.Offset:F6},{n.Pitch},{n.Velocity}\n", out int written))
            {
                throw new InvalidOperationException("A CSV line did not fit the buffer.");
            }

            writer.Write(buffer[..written]);
        }
    }

    /// <summary>Returns the notes as CSV text.</summary>
    /// <param name="notes">The notes.</param>
    /// <returns>The CSV text.</returns>
    public static string ToCsv(IReadOnlyList<Note> notes)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, notes);
        return writer.ToString();
    }

    /// <summary>Reads notes from a CSV file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The notes in file order.</returns>
    /// <exception cref="NoteFileFormatException">A line is not a valid note.</exception>
    public static IReadOnlyList<Note> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader);
    }

    /// <summary>Reads notes from CSV text.</summary>
    /// <param name="reader">The text reader.</param>
    /// <returns>The notes in file order.</returns>
    /// <exception cref="NoteFileFormatException">A line is not a valid note.</exception>
    public static IReadOnlyList<Note> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var notes = new List<Note>();
        int lineNumber = 0;
        bool seenData = false;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            string[] fields = trimmed.Split(trimmed.Contains('\t', StringComparison.Ordinal) ? '\t' : ',');
            if (!seenData && !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                CheckHeader(fields, lineNumber);
                seenData = true;
                continue;
            }

            seenData = true;
            notes.Add(ParseNote(fields, lineNumber));
        }

        return notes;
    }

    // Accepted header names per column: ours first, then the MAPS / MAESTRO TSV spellings.
    private static readonly string[][] HeaderNames =
    [
        ["onset", "onsettime"],
        ["offset", "offsettime"],
        ["pitch", "note", "midipitch"],
        ["velocity"],
    ];

    private static void CheckHeader(string[] fields, int lineNumber)
    {
        bool ok = fields.Length is >= 3 and <= 4
            && fields.Select((f, i) => HeaderNames[i].Contains(f.Trim(), StringComparer.OrdinalIgnoreCase)).All(x => x);
        if (!ok)
        {
            throw new NoteFileFormatException($"Line {lineNumber}: expected the header '{Header}' (or 'onset,offset,pitch') but found '{string.Join(',', fields)}'.");
        }
    }

    private static Note ParseNote(string[] fields, int lineNumber)
    {
        if (fields.Length is < 3 or > 4)
        {
            throw new NoteFileFormatException($"Line {lineNumber}: expected 3 or 4 comma- or tab-separated columns (onset,offset,pitch[,velocity]) but found {fields.Length}.");
        }

        double onset = ParseNumber(fields[0], "onset", lineNumber);
        double offset = ParseNumber(fields[1], "offset", lineNumber);
        if (onset < 0 || offset < onset)
        {
            throw new NoteFileFormatException($"Line {lineNumber}: the note runs from {onset} s to {offset} s; times must be 0 or more and the offset not before the onset.");
        }

        int pitch = ParseMidiNumber(fields[2], "pitch", lineNumber, 0);
        int velocity = fields.Length == 4 && fields[3].Trim().Length > 0 ? ParseMidiNumber(fields[3], "velocity", lineNumber, 0) : DefaultVelocity;
        return new Note(pitch, onset, offset, velocity);
    }

    private static double ParseNumber(string text, string column, int lineNumber)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new NoteFileFormatException($"Line {lineNumber}: the {column} '{text}' is not a finite number.");
        }

        return value;
    }

    private static int ParseMidiNumber(string text, string column, int lineNumber, int min)
    {
        double value = ParseNumber(text, column, lineNumber);
        if (value != Math.Round(value) || value < min || value > 127)
        {
            throw new NoteFileFormatException($"Line {lineNumber}: the {column} '{text}' is not a whole MIDI number from {min} to 127.");
        }

        return (int)value;
    }
}
