using System.Xml.Linq;
using PianoTranscription.Analysis;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Midi.Events;
using PianoTranscription.Notation;

namespace PianoTranscription.Tests.Notation;

/// <summary>A written note read back from a file: pitch, start and length at 480 ticks per quarter note, staff (1 = right hand).</summary>
internal readonly record struct WrittenNote(int Pitch, long Start, long Duration, int Staff);

/// <summary>Hand-made scores covering what the writers must get right, and readers of what they wrote.</summary>
internal static class NotationFixtures
{
    /// <summary>
    /// 4/4, F major, 96 bpm, two bars: a right hand with a tie over the bar line, eighths, an eighth triplet, a dotted
    /// chord, a chromatic B natural and a second voice (a whole note under the first bar); a left hand with a chord,
    /// sixteenths, a rest and a dotted half.
    /// </summary>
    public static Score FourFour() => Build(
        TempoMap.Constant(480, 96),
        TimeSignature.FourFour,
        0,
        new Key(5, KeyMode.Major),
        [
            R(72, 0, 480), R(74, 480, 240), R(76, 720, 240), R(77, 960, 1440),
            R(81, 2400, 160), R(82, 2560, 160), R(84, 2720, 160),
            R(69, 2880, 720), R(72, 2880, 720), R(71, 3600, 240),
            R(69, 0, 1920, voice: 2),
            L(53, 0, 960), L(41, 960, 960), L(48, 960, 960),
            L(50, 1920, 120), L(52, 2040, 120), L(43, 2400, 1440),
        ]);

    /// <summary>
    /// 3/4 with a one-beat pickup, D minor (a C# leading tone), 90 then 80 bpm from bar 2: a dotted rhythm, a half note
    /// from beat 2 tied over the bar line, a whole-bar note in the left hand and an empty left-hand bar.
    /// </summary>
    public static Score ThreeFourWithPickup() => Build(
        new TempoMap(480, [new TempoChange(0, 666_667), new TempoChange(1920, 750_000)]),
        TimeSignature.ThreeFour,
        480,
        new Key(2, KeyMode.Minor),
        [
            R(69, 0, 480),
            R(74, 480, 720), R(73, 1200, 240), R(74, 1440, 480),
            R(76, 2400, 1440), R(77, 3840, 960),
            L(50, 480, 1440), L(45, 1920, 1440),
        ]);

    /// <summary>The score's notes as written notes (staff 1 = right hand), sorted.</summary>
    public static List<WrittenNote> Expected(Score score) =>
        Sorted(score.Notes.Select(n => new WrittenNote(n.Pitch, n.StartTick * 480 / score.TicksPerQuarterNote, n.DurationTicks * 480 / score.TicksPerQuarterNote, n.Hand == Hand.Right ? 1 : 2)));

    public static List<WrittenNote> Sorted(IEnumerable<WrittenNote> notes) =>
        notes.OrderBy(n => n.Staff).ThenBy(n => n.Start).ThenBy(n => n.Pitch).ThenBy(n => n.Duration).ToList();

    /// <summary>
    /// Reads the notes of a MusicXML file's first part (any divisions, backup/forward, chords, voices), tied notes
    /// joined into one, with their staff.
    /// </summary>
    public static List<WrittenNote> ReadMusicXml(string path)
    {
        XDocument doc = XDocument.Load(path, LoadOptions.None);
        XElement part = doc.Root!.Elements("part").First();
        double divisions = 1;
        double measureStart = 0;
        var notes = new List<(int Pitch, double Start, double Duration, int Staff)>();
        var open = new Dictionary<(int Pitch, int Staff), int>();
        foreach (XElement measure in part.Elements("measure"))
        {
            double cursor = 0;
            double furthest = 0;
            double lastStart = 0;
            foreach (XElement e in measure.Elements())
            {
                switch (e.Name.LocalName)
                {
                    case "attributes" when e.Element("divisions") is XElement d:
                        divisions = double.Parse(d.Value, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "backup":
                        cursor -= Duration(e, divisions);
                        break;
                    case "forward":
                        cursor += Duration(e, divisions);
                        furthest = Math.Max(furthest, cursor);
                        break;
                    case "note" when e.Element("grace") is null:
                        double length = Duration(e, divisions);
                        double start = e.Element("chord") is not null ? lastStart : cursor;
                        if (e.Element("chord") is null)
                        {
                            lastStart = cursor;
                            cursor += length;
                            furthest = Math.Max(furthest, cursor);
                        }

                        if (e.Element("pitch") is not XElement pitch)
                        {
                            break;
                        }

                        int midi = PitchOf(pitch);
                        int staff = int.Parse(e.Element("staff")?.Value ?? "1", System.Globalization.CultureInfo.InvariantCulture);
                        string[] ties = e.Elements("tie").Select(t => (string)t.Attribute("type")!).ToArray();
                        if (ties.Contains("stop") && open.TryGetValue((midi, staff), out int index))
                        {
                            notes[index] = notes[index] with { Duration = notes[index].Duration + length };
                            if (!ties.Contains("start"))
                            {
                                open.Remove((midi, staff));
                            }

                            break;
                        }

                        notes.Add((midi, measureStart + start, length, staff));
                        if (ties.Contains("start"))
                        {
                            open[(midi, staff)] = notes.Count - 1;
                        }

                        break;
                }
            }

            measureStart += furthest;
        }

        return Sorted(notes.Select(n => new WrittenNote(n.Pitch, (long)Math.Round(n.Start), (long)Math.Round(n.Duration), n.Staff)));
    }

    /// <summary>
    /// The notes of a MIDI file per track (ticks rescaled to 480 per quarter note), starts rounded down and ends to the
    /// nearest <paramref name="grid"/> ticks.
    /// </summary>
    public static List<List<(int Pitch, long Start, long Duration)>> ReadMidiTracks(MidiFile file, long grid = 1)
    {
        var tracks = new List<List<(int, long, long)>>();
        foreach (MidiTrack track in file.Tracks)
        {
            var open = new Dictionary<int, Queue<long>>();
            var notes = new List<(int, long, long)>();
            foreach ((long tick, MidiEvent e) in track.EnumerateWithAbsoluteTicks())
            {
                if (e is not ChannelEvent c)
                {
                    continue;
                }

                long t = tick * 480 / file.TicksPerQuarterNote;
                if (c.IsNoteOn)
                {
                    if (!open.TryGetValue(c.Data1, out Queue<long>? q))
                    {
                        open[c.Data1] = q = new Queue<long>();
                    }

                    q.Enqueue(t);
                }
                else if (c.IsNoteOff && open.TryGetValue(c.Data1, out Queue<long>? q) && q.Count > 0)
                {
                    long on = q.Dequeue() / grid * grid; // abc2midi starts late, never early
                    notes.Add((c.Data1, on, Round(t, grid) - on));
                }
            }

            tracks.Add(notes.OrderBy(n => n.Item2).ThenBy(n => n.Item1).ToList());
        }

        return tracks;
    }

    private static long Round(long t, long grid) => (long)Math.Round(t / (double)grid, MidpointRounding.AwayFromZero) * grid;

    private static double Duration(XElement e, double divisions) =>
        double.Parse(e.Element("duration")?.Value ?? "0", System.Globalization.CultureInfo.InvariantCulture) * 480 / divisions;

    private static int PitchOf(XElement pitch)
    {
        int step = pitch.Element("step")!.Value switch { "C" => 0, "D" => 2, "E" => 4, "F" => 5, "G" => 7, "A" => 9, _ => 11 };
        int alter = (int)Math.Round(double.Parse(pitch.Element("alter")?.Value ?? "0", System.Globalization.CultureInfo.InvariantCulture));
        int octave = int.Parse(pitch.Element("octave")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        return ((octave + 1) * 12) + step + alter;
    }

    private static (int, long, long, Hand, int) R(int pitch, long start, long length, int voice = 1) => (pitch, start, length, Hand.Right, voice);

    private static (int, long, long, Hand, int) L(int pitch, long start, long length, int voice = 1) => (pitch, start, length, Hand.Left, voice);

    private static Score Build(TempoMap tempo, TimeSignature time, long pickup, Key key, (int Pitch, long Start, long Length, Hand Hand, int Voice)[] notes) =>
        new(notes.Select(n => new ScoreNote(n.Pitch, 80, n.Start, n.Length, n.Hand, n.Voice,
                new Note(n.Pitch, tempo.ToSeconds(n.Start), tempo.ToSeconds(n.Start + n.Length), 80))),
            tempo, time, pickup, key, title: "Fixture");
}
