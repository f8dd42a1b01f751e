using System.Globalization;
using System.Text;
using System.Xml;
using PianoTranscription.Analysis;
using PianoTranscription.IO;
using PianoTranscription.Midi;
using PianoTranscription.Notation.Layout;

namespace PianoTranscription.Notation;

/// <summary>
/// Writes a <see cref="Score"/> as MusicXML 3.1 (partwise): one piano part on two staves (right hand treble, left
/// hand bass), the key signature, the time signature, the tempo (a metronome mark, with a new mark where a bar's tempo
/// moves by more than 10 %), up to four voices per staff, ties across bar lines and beats, dotted values and
/// triplets. MuseScore, Finale, Sibelius and Dorico read it.
/// </summary>
/// <remarks>
/// Durations are in divisions of 480 per quarter note, so every note keeps its exact quantised length. Accidentals
/// are not written as <c>&lt;accidental&gt;</c> elements: pitches carry their spelling (<c>&lt;alter&gt;</c>, from the
/// key; see <see cref="Score.Key"/>) and readers place the signs. Note velocities go into the <c>dynamics</c>
/// attribute (percent of a forte, velocity 90).
/// </remarks>
public static class MusicXmlWriter
{
    private const string DocTypePublic = "-//Recordare//DTD MusicXML 3.1 Partwise//EN";
    private const string DocTypeSystem = "http://www.musicxml.org/dtds/partwise.dtd";

    /// <summary>Writes the score as a MusicXML file, atomically (the file appears complete or not at all).</summary>
    /// <param name="score">The score.</param>
    /// <param name="path">The target path (<c>.musicxml</c>).</param>
    public static void Write(Score score, string path)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(score);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>Writes the score as MusicXML (UTF-8) to a stream (left open).</summary>
    /// <param name="score">The score.</param>
    /// <param name="stream">The stream.</param>
    public static void Write(Score score, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes(score));
    }

    /// <summary>The score as a MusicXML document.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The XML text.</returns>
    public static string ToMusicXml(Score score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new UTF8Encoding(false).GetString(ToBytes(score));
    }

    private static byte[] ToBytes(Score score)
    {
        ScoreLayout layout = ScoreLayout.Create(score);
        using var memory = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false) };
        using (XmlWriter xml = XmlWriter.Create(memory, settings))
        {
            WriteDocument(xml, layout);
        }

        return memory.ToArray();
    }

    private static void WriteDocument(XmlWriter xml, ScoreLayout layout)
    {
        Score score = layout.Score;
        xml.WriteStartDocument();
        xml.WriteDocType("score-partwise", DocTypePublic, DocTypeSystem, null);
        xml.WriteStartElement("score-partwise");
        xml.WriteAttributeString("version", "3.1");
        if (score.Title is not null)
        {
            xml.WriteStartElement("work");
            xml.WriteElementString("work-title", score.Title);
            xml.WriteEndElement();
        }

        xml.WriteStartElement("identification");
        xml.WriteStartElement("encoding");
        xml.WriteElementString("software", "PianoTranscription");
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("part-list");
        xml.WriteStartElement("score-part");
        xml.WriteAttributeString("id", "P1");
        xml.WriteElementString("part-name", "Piano");
        xml.WriteStartElement("score-instrument");
        xml.WriteAttributeString("id", "P1-I1");
        xml.WriteElementString("instrument-name", "Piano");
        xml.WriteEndElement();
        xml.WriteStartElement("midi-instrument");
        xml.WriteAttributeString("id", "P1-I1");
        xml.WriteElementString("midi-channel", "1");
        xml.WriteElementString("midi-program", "1");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("part");
        xml.WriteAttributeString("id", "P1");
        List<(long Tick, double Bpm)> tempos = TempoMarks(layout);
        int tempoIndex = 0;
        int numberBase = layout.Measures.Count > 0 && layout.Measures[0].IsPickup ? 0 : 1;
        foreach (LaidMeasure measure in layout.Measures)
        {
            xml.WriteStartElement("measure");
            xml.WriteAttributeString("number", I(measure.Index + numberBase));
            if (measure.IsPickup)
            {
                xml.WriteAttributeString("implicit", "yes");
            }

            if (measure.Index == 0)
            {
                WriteAttributes(xml, score);
            }

            bool firstVoice = true;
            foreach (LaidVoice voice in measure.Voices)
            {
                if (!firstVoice)
                {
                    xml.WriteStartElement("backup");
                    xml.WriteElementString("duration", I(measure.Length));
                    xml.WriteEndElement();
                }

                firstVoice = false;
                int staff = voice.Hand == Hand.Right ? 1 : 2;
                int number = ((staff - 1) * ScoreLayout.MaxVoices) + voice.Number;
                bool carriesTempo = voice.Hand == Hand.Right && voice.Number == 1;
                foreach (LaidElement e in voice.Elements)
                {
                    while (carriesTempo && tempoIndex < tempos.Count && tempos[tempoIndex].Tick < e.End)
                    {
                        WriteTempo(xml, tempos[tempoIndex].Bpm, Math.Max(0, tempos[tempoIndex].Tick - e.Start), score.TimeSignature);
                        tempoIndex++;
                    }

                    if (e.IsRest && voice.Number > 1)
                    {
                        // Gaps in the extra voices stay empty rather than filling the staff with rests.
                        xml.WriteStartElement("forward");
                        xml.WriteElementString("duration", I(e.Duration));
                        xml.WriteElementString("voice", I(number));
                        xml.WriteElementString("staff", I(staff));
                        xml.WriteEndElement();
                        continue;
                    }

                    WriteElement(xml, e, number, staff, score.Key);
                }
            }

            if (measure.Index == layout.Measures.Count - 1)
            {
                xml.WriteStartElement("barline");
                xml.WriteAttributeString("location", "right");
                xml.WriteElementString("bar-style", "light-heavy");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteAttributes(XmlWriter xml, Score score)
    {
        xml.WriteStartElement("attributes");
        xml.WriteElementString("divisions", I(NoteValue.TicksPerQuarterNote));
        xml.WriteStartElement("key");
        xml.WriteElementString("fifths", I(score.Key?.SharpsOrFlats ?? 0));
        if (score.Key is Key key)
        {
            xml.WriteElementString("mode", key.Mode == KeyMode.Major ? "major" : "minor");
        }

        xml.WriteEndElement();
        xml.WriteStartElement("time");
        xml.WriteElementString("beats", I(score.TimeSignature.Numerator));
        xml.WriteElementString("beat-type", I(score.TimeSignature.Denominator));
        xml.WriteEndElement();
        xml.WriteElementString("staves", "2");
        foreach ((int number, string sign, int line) in new[] { (1, "G", 2), (2, "F", 4) })
        {
            xml.WriteStartElement("clef");
            xml.WriteAttributeString("number", I(number));
            xml.WriteElementString("sign", sign);
            xml.WriteElementString("line", I(line));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>The relative change of a bar's mean tempo from the last mark that earns a new mark (10 %).</summary>
    private const double TempoMarkChange = 0.10;

    /// <summary>
    /// The tempo marks to write, at layout ticks in quarter notes per minute: the first full bar's mean tempo, then a
    /// bar's mean tempo wherever it differs from the last mark by more than 10 %. A performance's tempo map moves
    /// with every beat; the score shows the tempo a reader plays (the quantised MIDI keeps the exact map).
    /// </summary>
    internal static List<(long Tick, double Bpm)> TempoMarks(ScoreLayout layout)
    {
        var marks = new List<(long, double)>();
        TempoMap map = layout.Score.TempoMap;
        int tpq = layout.Score.TicksPerQuarterNote;
        double MeanBpm(LaidMeasure m)
        {
            long start = (long)Math.Round(m.Start * (double)tpq / NoteValue.TicksPerQuarterNote);
            long end = (long)Math.Round(m.End * (double)tpq / NoteValue.TicksPerQuarterNote);
            double seconds = map.ToSeconds(end) - map.ToSeconds(start);
            return Math.Round(60 * ((end - start) / (double)tpq) / seconds, 2);
        }

        foreach (LaidMeasure m in layout.Measures)
        {
            // A pickup is too short to say much about the tempo: it takes the first full bar's.
            double bpm = MeanBpm(m.IsPickup && layout.Measures.Count > 1 ? layout.Measures[1] : m);
            if (marks.Count == 0 || Math.Abs(bpm - marks[^1].Item2) > TempoMarkChange * marks[^1].Item2)
            {
                marks.Add((m.Start, bpm));
            }
        }

        return marks;
    }

    private static void WriteTempo(XmlWriter xml, double bpm, long offset, TimeSignature time)
    {
        xml.WriteStartElement("direction");
        xml.WriteAttributeString("placement", "above");
        xml.WriteStartElement("direction-type");
        xml.WriteStartElement("metronome");
        xml.WriteElementString("beat-unit", "quarter");
        if (time.IsCompound)
        {
            xml.WriteElementString("beat-unit-dot", string.Empty);
        }

        xml.WriteElementString("per-minute", I((long)Math.Round(time.IsCompound ? bpm / 1.5 : bpm)));
        xml.WriteEndElement();
        xml.WriteEndElement();
        if (offset > 0)
        {
            xml.WriteElementString("offset", I(offset));
        }

        xml.WriteElementString("staff", "1");
        xml.WriteStartElement("sound");
        xml.WriteAttributeString("tempo", bpm.ToString("0.##", CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteElement(XmlWriter xml, LaidElement e, int voice, int staff, Key? key)
    {
        int count = Math.Max(1, e.Pitches.Count);
        for (int i = 0; i < count; i++)
        {
            xml.WriteStartElement("note");
            if (!e.IsRest)
            {
                xml.WriteAttributeString("dynamics", (e.Velocities[i] * 100.0 / 90).ToString("0.##", CultureInfo.InvariantCulture));
            }

            if (i > 0)
            {
                xml.WriteElementString("chord", string.Empty);
            }

            if (e.IsRest)
            {
                xml.WriteStartElement("rest");
                if (e.IsMeasureRest)
                {
                    xml.WriteAttributeString("measure", "yes");
                }

                xml.WriteEndElement();
            }
            else
            {
                SpelledPitch p = SpelledPitch.Spell(e.Pitches[i], key);
                xml.WriteStartElement("pitch");
                xml.WriteElementString("step", p.Step.ToString());
                if (p.Alter != 0)
                {
                    xml.WriteElementString("alter", I(p.Alter));
                }

                xml.WriteElementString("octave", I(p.Octave));
                xml.WriteEndElement();
            }

            xml.WriteElementString("duration", I(e.Duration));
            bool tiedFrom = !e.IsRest && e.TiesFrom[i];
            bool tiedTo = !e.IsRest && e.TiesTo[i];
            WriteTies(xml, "tie", tiedFrom, tiedTo);
            xml.WriteElementString("voice", I(voice));
            if (!e.IsMeasureRest)
            {
                xml.WriteElementString("type", e.Value.Type);
                for (int d = 0; d < e.Value.Dots; d++)
                {
                    xml.WriteElementString("dot", string.Empty);
                }
            }

            if (e.Tuplet != TupletMark.None)
            {
                xml.WriteStartElement("time-modification");
                xml.WriteElementString("actual-notes", "3");
                xml.WriteElementString("normal-notes", "2");
                xml.WriteEndElement();
            }

            xml.WriteElementString("staff", I(staff));
            bool tuplet = i == 0 && e.Tuplet is TupletMark.Start or TupletMark.Stop;
            if (tiedFrom || tiedTo || tuplet)
            {
                xml.WriteStartElement("notations");
                WriteTies(xml, "tied", tiedFrom, tiedTo);
                if (tuplet)
                {
                    xml.WriteStartElement("tuplet");
                    xml.WriteAttributeString("type", e.Tuplet == TupletMark.Start ? "start" : "stop");
                    if (e.Tuplet == TupletMark.Start)
                    {
                        xml.WriteAttributeString("bracket", "yes");
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }
    }

    private static void WriteTies(XmlWriter xml, string name, bool tiedFrom, bool tiedTo)
    {
        foreach ((bool on, string type) in new[] { (tiedFrom, "stop"), (tiedTo, "start") })
        {
            if (on)
            {
                xml.WriteStartElement(name);
                xml.WriteAttributeString("type", type);
                xml.WriteEndElement();
            }
        }
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
