using PianoTranscription.Notation;

namespace PianoTranscription.Export;

/// <summary>
/// A file format for notes and sustain pedal: its name, its file extensions, and how to write and (where the format
/// holds notes that can be read back) read it. The library's formats are in <see cref="NoteFormats"/>, the one list
/// that the API (<see cref="TranscriptionExport.Write(string, NoteFormat?, TranscriptionMetadata?)"/>) and the
/// command-line tool use. Immutable and thread-safe.
/// </summary>
public sealed class NoteFormat
{
    private readonly Action<TranscriptionExport, string, TranscriptionMetadata?>? _write;
    private readonly Func<string, TranscriptionExport>? _read;
    private readonly Action<Score, string>? _writeScore;

    internal NoteFormat(
        string name,
        string description,
        string[] extensions,
        Action<TranscriptionExport, string, TranscriptionMetadata?>? write,
        Func<string, TranscriptionExport>? read,
        Action<Score, string>? writeScore = null)
    {
        Name = name;
        Description = description;
        Extensions = extensions;
        _write = write;
        _read = read;
        _writeScore = writeScore;
    }

    /// <summary>The format's short name, as <c>--format</c> takes it: <c>mid</c>, <c>csv</c>, <c>tsv</c>, <c>json</c>, <c>svg</c>, <c>png</c>.</summary>
    public string Name { get; }

    /// <summary>A one-line description.</summary>
    public string Description { get; }

    /// <summary>The file extensions of the format, with their dot, the one written first.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The extension given to files written in this format (<c>.mid</c>, <c>.csv</c>...).</summary>
    public string DefaultExtension => Extensions[0];

    /// <summary>Whether <see cref="Write"/> is supported.</summary>
    public bool CanWrite => _write is not null;

    /// <summary>Whether <see cref="Read"/> is supported (a picture cannot be read back into notes).</summary>
    public bool CanRead => _read is not null;

    /// <summary>
    /// Whether <see cref="WriteScore"/> is supported: MusicXML, ABC, MIDI (the quantised two-track score) and the
    /// piano rolls (with beat and bar lines and hand colours).
    /// </summary>
    public bool CanWriteScore => _writeScore is not null;

    /// <summary>Whether <paramref name="path"/>'s extension is one of <see cref="Extensions"/> (case-insensitive).</summary>
    /// <param name="path">A file name or path.</param>
    /// <returns>True when the extension belongs to this format.</returns>
    public bool Matches(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string ext = Path.GetExtension(path);
        return Extensions.Any(e => string.Equals(e, ext, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Writes notes and pedal in this format, atomically (the target appears complete or not at all).</summary>
    /// <param name="export">The notes and pedal.</param>
    /// <param name="path">The target path.</param>
    /// <param name="metadata">Source, duration and model, for the formats that store them (JSON); null for none.</param>
    /// <exception cref="NotSupportedException">The format cannot be written (<see cref="CanWrite"/> is false).</exception>
    public void Write(TranscriptionExport export, string path, TranscriptionMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_write is null)
        {
            throw new NotSupportedException($"The {Name} format is read only; write one of {NoteFormats.WritableNames}.");
        }

        _write(export, path, metadata);
    }

    /// <summary>Writes a score (<see cref="Notation.ScoreBuilder"/>) in this format, atomically.</summary>
    /// <param name="score">The score.</param>
    /// <param name="path">The target path.</param>
    /// <exception cref="NotSupportedException">The format holds no score (<see cref="CanWriteScore"/> is false).</exception>
    public void WriteScore(Score score, string path)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_writeScore is null)
        {
            throw new NotSupportedException($"A score cannot be written as {Name}; write one of {NoteFormats.ScoreNames}.");
        }

        _writeScore(score, path);
    }

    /// <summary>Reads notes (and the sustain pedal, where the format has it) from a file in this format.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The notes and pedal.</returns>
    /// <exception cref="NotSupportedException">The format cannot be read (<see cref="CanRead"/> is false).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public TranscriptionExport Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_read is null)
        {
            throw new NotSupportedException($"A {Name} file cannot be read back into notes; read one of {NoteFormats.ReadableNames}.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' was not found.", path);
        }

        return _read(path);
    }

    /// <summary>The format's name.</summary>
    /// <returns><see cref="Name"/>.</returns>
    public override string ToString() => Name;
}
