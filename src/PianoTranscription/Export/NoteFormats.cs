using PianoTranscription.Notation;

namespace PianoTranscription.Export;

/// <summary>
/// The note formats of the library, in one list: MIDI, CSV, TSV (read only: MAPS / MAESTRO-style references), JSON,
/// the SVG and PNG piano rolls, and the scores MusicXML and ABC (write only). Adding a format here is all the
/// command-line tool needs. The formats that hold a score (<see cref="NoteFormat.CanWriteScore"/>) also write a
/// <see cref="Score"/>: MIDI as the quantised two-track file, the rolls with beat and bar lines and hand colours.
/// </summary>
/// <example>
/// <code>
/// NoteFormat format = NoteFormats.FromPath("take1.json") ?? NoteFormats.Midi;
/// format.Write(new TranscriptionExport(notes, pedal), "take1.json");
/// TranscriptionExport back = NoteFormats.Json.Read("take1.json");
/// </code>
/// </example>
public static class NoteFormats
{
    /// <summary>Standard MIDI File (<c>.mid</c>, <c>.midi</c>, <c>.smf</c>): notes and sustain pedal; read and written.</summary>
    public static NoteFormat Midi { get; } = new(
        "mid",
        "Standard MIDI File: notes and sustain pedal",
        [".mid", ".midi", ".smf"],
        (e, path, _) => e.WriteMidi(path),
        TranscriptionExport.FromMidi,
        ScoreMidi.Write);

    /// <summary>CSV, <c>onset,offset,pitch,velocity</c> (<see cref="NoteCsv"/>): notes only; read and written.</summary>
    public static NoteFormat Csv { get; } = new(
        "csv",
        "CSV note list: onset,offset,pitch,velocity",
        [".csv"],
        (e, path, _) => e.WriteCsv(path),
        ReadNoteList);

    /// <summary>Tab-separated note lists such as the MAPS and MAESTRO references (<see cref="NoteCsv"/> reads them); read only.</summary>
    public static NoteFormat Tsv { get; } = new(
        "tsv",
        "tab-separated note list (MAPS, MAESTRO references): onset, offset, pitch, velocity; read only",
        [".tsv"],
        null,
        ReadNoteList);

    /// <summary>The library's JSON document (<see cref="NoteJson"/>): notes, pedal and metadata; read and written.</summary>
    public static NoteFormat Json { get; } = new(
        "json",
        "JSON: notes, sustain pedal and metadata",
        [".json"],
        (e, path, metadata) => e.WriteJson(path, metadata),
        path =>
        {
            NoteDocument d = NoteJson.Read(path);
            return new TranscriptionExport(d.Notes, d.SustainPedal);
        });

    /// <summary>An SVG piano roll (<see cref="PianoRollSvg"/>); write only.</summary>
    public static NoteFormat Svg { get; } = new("svg", "SVG piano roll", [".svg"], (e, path, _) => e.WriteSvg(path), null, (s, path) => PianoRollSvg.Write(path, s));

    /// <summary>A PNG piano roll (<see cref="PianoRollPng"/>); write only.</summary>
    public static NoteFormat Png { get; } = new("png", "PNG piano roll", [".png"], (e, path, _) => e.WritePng(path), null, (s, path) => PianoRollPng.Write(path, s));

    /// <summary>
    /// MusicXML (<see cref="MusicXmlWriter"/>, <c>.musicxml</c>, <c>.xml</c>): a two-staff score, from notes through
    /// <see cref="ScoreBuilder"/> with its defaults and the estimated key; write only.
    /// </summary>
    public static NoteFormat MusicXml { get; } = new(
        "musicxml",
        "MusicXML score: two staves, key, time signature, tempo, ties, voices",
        [".musicxml", ".xml"],
        (e, path, metadata) => e.ToScore(TitleOf(metadata)).WriteMusicXml(path),
        null,
        MusicXmlWriter.Write);

    /// <summary>ABC notation (<see cref="AbcWriter"/>, <c>.abc</c>): the score as an ABC tune, one voice per hand; write only.</summary>
    public static NoteFormat Abc { get; } = new(
        "abc",
        "ABC notation: the score, one voice per hand",
        [".abc"],
        (e, path, metadata) => e.ToScore(TitleOf(metadata)).WriteAbc(path),
        null,
        AbcWriter.Write);

    /// <summary>Every format, in this order: mid, csv, tsv, json, svg, png, musicxml, abc.</summary>
    public static IReadOnlyList<NoteFormat> All { get; } = [Midi, Csv, Tsv, Json, Svg, Png, MusicXml, Abc];

    /// <summary>The format with this name or extension (<c>mid</c>, <c>midi</c>, <c>.MID</c>, <c>json</c>...), case-insensitive.</summary>
    /// <param name="nameOrExtension">A format name, or an extension with or without its dot.</param>
    /// <returns>The format, or null when none has that name or extension.</returns>
    public static NoteFormat? Find(string nameOrExtension)
    {
        ArgumentNullException.ThrowIfNull(nameOrExtension);
        string key = nameOrExtension.Trim().TrimStart('.');
        return All.FirstOrDefault(f => string.Equals(f.Name, key, StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(f => f.Extensions.Any(e => string.Equals(e[1..], key, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The format of a file name by its extension.</summary>
    /// <param name="path">A file name or path.</param>
    /// <returns>The format, or null when the extension is missing or belongs to no format.</returns>
    public static NoteFormat? FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string ext = Path.GetExtension(path);
        return ext.Length > 1 ? All.FirstOrDefault(f => f.Matches(path)) : null;
    }

    /// <summary>The names of the formats that can be written (<c>mid, csv, json, svg, png, musicxml, abc</c>), for messages.</summary>
    public static string WritableNames => string.Join(", ", All.Where(f => f.CanWrite).Select(f => f.Name));

    /// <summary>The extensions given to written files (<c>.mid, .csv, .json, .svg, .png, .musicxml, .abc</c>), for messages.</summary>
    public static string WritableExtensions => string.Join(", ", All.Where(f => f.CanWrite).Select(f => f.DefaultExtension));

    /// <summary>The names of the formats that can be read (<c>mid, csv, tsv, json</c>), for messages.</summary>
    internal static string ReadableNames => string.Join(", ", All.Where(f => f.CanRead).Select(f => f.Name));

    /// <summary>The extensions of the formats that can be read (<c>.mid, .midi, .smf, .csv, .tsv, .json</c>), for messages.</summary>
    public static string ReadableExtensions => string.Join(", ", All.Where(f => f.CanRead).SelectMany(f => f.Extensions));

    /// <summary>The names of the formats that write a score (<c>mid, svg, png, musicxml, abc</c>), for messages.</summary>
    public static string ScoreNames => string.Join(", ", All.Where(f => f.CanWriteScore).Select(f => f.Name));

    // A score's title: the transcribed file's name without its folder and extension.
    private static string? TitleOf(TranscriptionMetadata? metadata) =>
        metadata?.SourceFile is string source ? Path.GetFileNameWithoutExtension(source) : null;

    // CSV and TSV note lists: one reader (NoteCsv tells commas from tabs), no pedal.
    private static TranscriptionExport ReadNoteList(string path) => new(NoteCsv.Read(path));
}
