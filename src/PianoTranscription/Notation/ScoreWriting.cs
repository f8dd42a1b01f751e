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

    /// <summary>The score as a quantised two-track MIDI file (see <see cref="ScoreMidi"/>).</summary>
    /// <param name="score">The score.</param>
    /// <returns>The MIDI file.</returns>
    public static MidiFile ToMidiFile(this Score score) => ScoreMidi.ToMidiFile(score);
}
