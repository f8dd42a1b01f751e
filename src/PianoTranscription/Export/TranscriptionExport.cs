using PianoTranscription.Analysis;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Notation;

namespace PianoTranscription.Export;

/// <summary>
/// One entry point for writing notes and sustain pedal in every output format: MIDI, CSV, JSON and a piano roll as
/// SVG or PNG. Immutable (it keeps a copy of the notes and pedal, or shares a transcription result's read-only lists) and
/// thread-safe.
/// </summary>
/// <example>
/// <code>
/// var export = new TranscriptionExport(notes, pedal);
/// export.WriteMidi("take1.mid");
/// export.WriteCsv("take1.csv");
/// export.WriteJson("take1.json", new TranscriptionMetadata { SourceFile = "take1.wav" });
/// export.WriteSvg("take1.svg");
/// export.WritePng("take1.png");
/// </code>
/// </example>
public sealed class TranscriptionExport
{
    private readonly IReadOnlyList<Note> _notes;
    private readonly IReadOnlyList<PedalInterval> _pedal;
    private readonly Lazy<KeyEstimate?> _key;
    private readonly Lazy<Score> _score;

    /// <summary>Creates the export for a set of notes and pedal intervals.</summary>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals; null for none.</param>
    public TranscriptionExport(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval>? sustainPedal = null)
    {
        ArgumentNullException.ThrowIfNull(notes);
        Note[] notesCopy = [.. notes];
        PedalInterval[] pedalCopy = sustainPedal is null ? [] : [.. sustainPedal];
        _notes = notesCopy;
        _pedal = pedalCopy;
        _key = new Lazy<KeyEstimate?>(() => new KeyEstimator().Estimate(_notes), LazyThreadSafetyMode.ExecutionAndPublication);
        _score = new Lazy<Score>(() => ScoreBuilder.Build(_notes, null, EstimatedKey?.Key), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The export of a decoding result (a <see cref="Transcription.TranscriptionResult"/>'s): its lists are read-only
    /// and never change, so they are shared rather than copied.
    /// </summary>
    internal TranscriptionExport(DecodedNotes decoded)
    {
        _notes = decoded.Notes;
        _pedal = decoded.Pedals;
        _key = new Lazy<KeyEstimate?>(() => new KeyEstimator().Estimate(_notes), LazyThreadSafetyMode.ExecutionAndPublication);
        _score = new Lazy<Score>(() => ScoreBuilder.Build(_notes, null, EstimatedKey?.Key), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The notes.</summary>
    public IReadOnlyList<Note> Notes => _notes;

    /// <summary>The sustain-pedal intervals.</summary>
    public IReadOnlyList<PedalInterval> SustainPedal => _pedal;

    /// <summary>Reads notes and pedal from a MIDI file into an export (e.g. to convert MIDI to CSV, JSON, SVG or PNG).</summary>
    /// <param name="path">The MIDI file.</param>
    /// <returns>The export.</returns>
    /// <exception cref="MidiFormatException">The file is not a valid Standard MIDI File.</exception>
    public static TranscriptionExport FromMidi(string path)
    {
        MidiPerformance performance = MidiNotes.Read(path);
        return new TranscriptionExport(performance.Notes, performance.SustainPedal);
    }

    /// <summary>
    /// Writes the notes and pedal in <paramref name="format"/>, or in the format that <paramref name="path"/>'s
    /// extension names (<see cref="NoteFormats.FromPath"/>), atomically.
    /// </summary>
    /// <param name="path">The target path.</param>
    /// <param name="format">The format; null to take it from the extension.</param>
    /// <param name="metadata">Metadata for the formats that store it (JSON); null for none.</param>
    /// <exception cref="ArgumentException">No format is given and the extension names none, or the extension
    /// belongs to another format than <paramref name="format"/>.</exception>
    /// <exception cref="NotSupportedException">The format is read only.</exception>
    public void Write(string path, NoteFormat? format = null, TranscriptionMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NoteFormat? byName = NoteFormats.FromPath(path);
        if (format is null)
        {
            format = byName ?? throw new ArgumentException(
                $"'{Path.GetFileName(path)}' has no note format's extension; use one of {NoteFormats.WritableNames} or pass the format.", nameof(path));
        }
        else if (byName is not null && byName != format)
        {
            throw new ArgumentException($"'{Path.GetFileName(path)}' is named as {byName.Name} but the format asked for is {format.Name}.", nameof(path));
        }

        format.Write(this, path, metadata);
    }

    /// <summary>
    /// The notes as a score (<see cref="ScoreBuilder.Build"/>) in <see cref="EstimatedKey"/>; with the default options
    /// the score is built once and shared by every score format written (MusicXML, ABC).
    /// </summary>
    /// <param name="options">The score options; null for <see cref="ScoreOptions.Default"/>.</param>
    /// <returns>The score.</returns>
    public Score ToScore(ScoreOptions? options = null) =>
        options is null || options == ScoreOptions.Default ? _score.Value : ScoreBuilder.Build(_notes, options, EstimatedKey?.Key);

    /// <summary>The score with the default options and a title (the shared score, retitled).</summary>
    internal Score ToScore(string? title) => title is null ? _score.Value : _score.Value.WithTitle(title);

    /// <summary>
    /// The key of the notes as <see cref="KeyEstimator"/> finds it with its defaults (computed once), or null when there
    /// are no notes.
    /// </summary>
    public KeyEstimate? EstimatedKey => _key.Value;

    /// <summary>
    /// Writes a Standard MIDI File (see <see cref="MidiNotes.Write(string, IReadOnlyList{Note}, IReadOnlyList{PedalInterval}, MidiWriteOptions?)"/>),
    /// with <see cref="EstimatedKey"/> as the key signature unless the options set one or turn
    /// <see cref="MidiWriteOptions.WriteEstimatedKey"/> off.
    /// </summary>
    /// <param name="path">The target path.</param>
    /// <param name="options">Writing options; null for the defaults (format 1, 480 PPQ, 120 bpm, piano, estimated key).</param>
    public void WriteMidi(string path, MidiWriteOptions? options = null) => MidiNotes.Write(path, _notes, _pedal, WithKey(options));

    /// <summary>Writes a Standard MIDI File asynchronously.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="options">Writing options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the write; the target is then left as it was.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public Task WriteMidiAsync(string path, MidiWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        MidiNotes.WriteAsync(path, _notes, _pedal, WithKey(options), cancellationToken);

    private MidiWriteOptions WithKey(MidiWriteOptions? options)
    {
        options ??= MidiWriteOptions.Default;
        return options.KeySignature is null && options.WriteEstimatedKey && EstimatedKey is KeyEstimate key ? options with { KeySignature = key.Key } : options;
    }

    /// <summary>Writes the notes as CSV (<c>onset,offset,pitch,velocity</c>; the pedal is not part of this format).</summary>
    /// <param name="path">The target path.</param>
    public void WriteCsv(string path) => NoteCsv.Write(path, _notes);

    /// <summary>Writes notes, pedal and optional metadata as JSON.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="metadata">Optional metadata (source file, duration, model version).</param>
    public void WriteJson(string path, TranscriptionMetadata? metadata = null) => NoteJson.Write(path, _notes, _pedal, metadata);

    /// <summary>Writes an SVG piano roll.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="options">Drawing options; null for the defaults.</param>
    public void WriteSvg(string path, PianoRollOptions? options = null) => PianoRollSvg.Write(path, _notes, _pedal, options);

    /// <summary>Writes a PNG piano roll (the SVG's picture as pixels; see <see cref="PianoRollPng"/> for its size limits).</summary>
    /// <param name="path">The target path.</param>
    /// <param name="options">Drawing options; null for the defaults.</param>
    public void WritePng(string path, PianoRollOptions? options = null) => PianoRollPng.Write(path, _notes, _pedal, options);
}
