using PianoTranscription.Export;
using PianoTranscription.Midi;

namespace PianoTranscription.Notation;

/// <summary>
/// The notation writers as methods of <see cref="Score"/>: <c>score.WriteMusicXml("take.musicxml")</c>,
/// <c>score.WriteAbc("take.abc")</c>, <c>score.WriteMidi("take.mid")</c>. Each file is written atomically.
/// </summary>
public static class ScoreWriting
{
    /// <summary>Writes the score as MusicXML (see <see cref="MusicXmlWriter"/>), atomically.</summary>
    /// <param name="score">The score.</param>
    /// <param name="path">The target path.</param>
    public static void WriteMusicXml(this Score score, string path) => MusicXmlWriter.Write(score, path);

    /// <summary>Writes the score as MusicXML to a stream (left open).</summary>
    /// <param name="score">The score.</param>
    /// <param name="stream">The stream.</param>
    public static void WriteMusicXml(this Score score, Stream stream) => MusicXmlWriter.Write(score, stream);

    /// <summary>Writes the score in ABC notation (see <see cref="AbcWriter"/>), atomically.</summary>
    /// <param name="score">The score.</param>
    /// <param name="path">The target path.</param>
    public static void WriteAbc(this Score score, string path) => AbcWriter.Write(score, path);

    /// <summary>Writes the score in ABC notation to a text writer.</summary>
    /// <param name="score">The score.</param>
    /// <param name="writer">The writer.</param>
    public static void WriteAbc(this Score score, TextWriter writer) => AbcWriter.Write(score, writer);

    /// <summary>Writes the score as a quantised two-track MIDI file (see <see cref="ScoreMidi"/>), atomically.</summary>
    /// <param name="score">The score.</param>
    /// <param name="path">The target path.</param>
    public static void WriteMidi(this Score score, string path) => ScoreMidi.Write(score, path);

    /// <summary>Writes the score as a quantised two-track MIDI file to a stream (left open).</summary>
    /// <param name="score">The score.</param>
    /// <param name="stream">The stream.</param>
    public static void WriteMidi(this Score score, Stream stream) => ScoreMidi.Write(score, stream);

    /// <summary>
    /// Writes the score in <paramref name="format"/>, or in the format that <paramref name="path"/>'s extension names
    /// (<c>.musicxml</c>, <c>.abc</c>, <c>.mid</c>, <c>.svg</c>, <c>.png</c>), atomically.
    /// </summary>
    /// <param name="score">The score.</param>
    /// <param name="path">The target path.</param>
    /// <param name="format">The format; null to take it from the extension.</param>
    /// <exception cref="ArgumentException">No format is given and the extension names none that holds a score, or the
    /// extension belongs to another format than <paramref name="format"/>.</exception>
    /// <exception cref="NotSupportedException">The format holds no score (CSV, JSON, TSV).</exception>
    public static void Write(this Score score, string path, NoteFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentException.ThrowIfNullOrEmpty(path);
        NoteFormat? byName = NoteFormats.FromPath(path);
        if (format is null)
        {
            format = byName is { CanWriteScore: true } ? byName : throw new ArgumentException(
                $"'{Path.GetFileName(path)}' has no score format's extension; use one of {NoteFormats.ScoreNames} or pass the format.", nameof(path));
        }
        else if (byName is not null && byName != format)
        {
            throw new ArgumentException($"'{Path.GetFileName(path)}' is named as {byName.Name} but the format asked for is {format.Name}.", nameof(path));
        }

        format.WriteScore(score, path);
    }

    /// <summary>The same score with another title.</summary>
    internal static Score WithTitle(this Score score, string? title) =>
        new(score.Notes, score.TempoMap, score.TimeSignature, score.PickupTicks, score.Key, score.Beats, score.Downbeats, title);

    /// <summary>The score as a quantised two-track MIDI file (see <see cref="ScoreMidi"/>).</summary>
    /// <param name="score">The score.</param>
    /// <returns>The MIDI file.</returns>
    public static MidiFile ToMidiFile(this Score score) => ScoreMidi.ToMidiFile(score);
}
