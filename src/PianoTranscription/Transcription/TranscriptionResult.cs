using PianoTranscription.Analysis;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Notation;

namespace PianoTranscription.Transcription;

/// <summary>
/// The result of transcribing one recording: notes, sustain-pedal presses, the audio's duration and the model version,
/// with writers for every output format (through <see cref="TranscriptionExport"/>). Immutable.
/// </summary>
public sealed class TranscriptionResult
{
    private readonly Lazy<TranscriptionExport> _export;

    /// <summary>Creates a result.</summary>
    /// <param name="notes">The notes (copied and sorted by onset, then pitch).</param>
    /// <param name="sustainPedal">The sustain-pedal presses (copied and sorted by onset).</param>
    /// <param name="duration">The audio's duration.</param>
    /// <param name="modelVersion">The acoustic model's version, or null.</param>
    /// <param name="sourceFile">The transcribed file, or null.</param>
    public TranscriptionResult(IEnumerable<Note> notes, IEnumerable<PedalInterval> sustainPedal, TimeSpan duration, string? modelVersion = null, string? sourceFile = null)
        : this(new DecodedNotes(notes, sustainPedal), duration, modelVersion, sourceFile)
    {
    }

    /// <summary>A result that keeps <paramref name="decoded"/>'s sorted, read-only lists as they are (no copy, no sort).</summary>
    internal TranscriptionResult(DecodedNotes decoded, TimeSpan duration, string? modelVersion, string? sourceFile)
    {
        Notes = decoded.Notes;
        SustainPedal = decoded.Pedals;
        Duration = duration;
        ModelVersion = modelVersion;
        SourceFile = sourceFile;
        _export = new Lazy<TranscriptionExport>(() => new TranscriptionExport(decoded), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The notes, sorted by onset, then pitch.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The sustain-pedal presses, sorted by onset.</summary>
    public IReadOnlyList<PedalInterval> SustainPedal { get; }

    /// <summary>The duration of the transcribed audio.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The version of the acoustic model that produced the notes, or null when it does not say.</summary>
    public string? ModelVersion { get; }

    /// <summary>
    /// What the input file's header claimed that its bytes did not bear out, where it was still read (see
    /// <see cref="Audio.AudioSource.Warnings"/>); empty for a well-formed file and for samples.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The transcribed file (as given), or null for streams and buffers.</summary>
    public string? SourceFile { get; }

    /// <summary>The metadata written into JSON output: source file, duration and model version.</summary>
    public TranscriptionMetadata Metadata => new() { SourceFile = SourceFile, Duration = Duration.TotalSeconds, ModelVersion = ModelVersion };

    /// <summary>The notes and pedal as a <see cref="TranscriptionExport"/> (for writers not wrapped here).</summary>
    /// <returns>The export.</returns>
    public TranscriptionExport ToExport() => _export.Value;

    /// <summary>
    /// Writes the result in <paramref name="format"/>, or in the format that <paramref name="path"/>'s extension names
    /// (<c>.mid</c>, <c>.csv</c>, <c>.json</c>, <c>.svg</c>, <c>.png</c>; see <see cref="NoteFormats"/>), atomically.
    /// JSON carries <see cref="Metadata"/>.
    /// </summary>
    /// <param name="path">The target path.</param>
    /// <param name="format">The format; null to take it from the extension.</param>
    /// <exception cref="ArgumentException">No format is given and the extension names none, or the extension and
    /// the format disagree.</exception>
    /// <exception cref="NotSupportedException">The format is read only (TSV).</exception>
    public void Write(string path, NoteFormat? format = null) => ToExport().Write(path, format, Metadata);

    /// <summary>
    /// The key of the notes (<see cref="KeyEstimator"/> with its defaults, computed once), or null without notes; it is
    /// written as the MIDI key signature unless <see cref="MidiWriteOptions.WriteEstimatedKey"/> is off.
    /// </summary>
    public KeyEstimate? EstimatedKey => ToExport().EstimatedKey;

    /// <summary>
    /// Writes a Standard MIDI File (notes, sustain pedal and, by default, <see cref="EstimatedKey"/> as the key
    /// signature), atomically.
    /// </summary>
    /// <param name="path">The target path.</param>
    /// <param name="options">Writing options; null for the defaults (format 1, 480 PPQ, 120 bpm, piano).</param>
    public void WriteMidi(string path, MidiWriteOptions? options = null) => ToExport().WriteMidi(path, options);

    /// <summary>Writes a Standard MIDI File asynchronously and atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="options">Writing options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the write; the target is then left as it was.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public Task WriteMidiAsync(string path, MidiWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        ToExport().WriteMidiAsync(path, options, cancellationToken);

    /// <summary>Writes the notes as CSV (<c>onset,offset,pitch,velocity</c>), atomically.</summary>
    /// <param name="path">The target path.</param>
    public void WriteCsv(string path) => ToExport().WriteCsv(path);

    /// <summary>Writes notes, pedal and <see cref="Metadata"/> as JSON, atomically.</summary>
    /// <param name="path">The target path.</param>
    public void WriteJson(string path) => ToExport().WriteJson(path, Metadata);

    /// <summary>Writes an SVG piano roll, atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="options">Drawing options; null for the defaults.</param>
    public void WriteSvg(string path, PianoRollOptions? options = null) => ToExport().WriteSvg(path, options);

    /// <summary>Writes a PNG piano roll, atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="options">Drawing options; null for the defaults.</param>
    public void WritePng(string path, PianoRollOptions? options = null) => ToExport().WritePng(path, options);

    /// <summary>
    /// The notes as a two-hand score: beats, meter and pickup tracked from the notes, onsets and durations on the
    /// beat grid, hands split, and <see cref="EstimatedKey"/> as the key (see <see cref="ScoreBuilder"/>).
    /// </summary>
    /// <param name="options">The options; null for <see cref="ScoreOptions.Default"/>.</param>
    /// <returns>The score (empty without notes). With the default options it is built once and shared (with the
    /// score formats of <see cref="Write(string, NoteFormat?)"/> too); the score is immutable.</returns>
    public Score ToScore(ScoreOptions? options = null) => ToExport().ToScore(options);

    /// <summary>A summary such as <c>67 notes, 5 pedal presses, 14.9 s</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => FormattableString.Invariant($"{Notes.Count} notes, {SustainPedal.Count} pedal presses, {Duration.TotalSeconds:0.0} s");
}
