using System.Xml.Linq;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Notation;
using PianoTranscription.Tests.Transcription;

namespace PianoTranscription.Tests.Notation;

public sealed class ScoreFormatsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-score-formats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Notes_written_as_musicxml_and_abc_through_the_registry_are_the_built_score()
    {
        IReadOnlyList<Note> notes = MidiNotes.Read(TranscriptionTestData.ExampleMidiPath).Notes;
        var export = new TranscriptionExport(notes);
        Score score = export.ToScore();

        export.Write(Path.Combine(_dir, "a.musicxml"), metadata: new TranscriptionMetadata { SourceFile = "/x/take 1.wav" });
        export.Write(Path.Combine(_dir, "a.abc"));

        Assert.Same(score, export.ToScore()); // built once for every score format
        Assert.Equal(notes.Count, score.Notes.Count);
        Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.ReadMusicXml(Path.Combine(_dir, "a.musicxml")));
        Assert.Equal("take 1", XDocument.Load(Path.Combine(_dir, "a.musicxml")).Descendants("work-title").Single().Value);
        Assert.Equal(AbcWriter.ToAbc(score), File.ReadAllText(Path.Combine(_dir, "a.abc")));
        Assert.False(NoteFormats.MusicXml.CanRead);
    }

    [Fact]
    public void A_score_is_written_by_extension_and_formats_without_a_score_are_refused()
    {
        Score score = NotationFixtures.FourFour();

        score.Write(Path.Combine(_dir, "s.mid"));
        score.Write(Path.Combine(_dir, "s.xml"));
        score.Write(Path.Combine(_dir, "s.svg"));

        Assert.Equal(score.ToMidiFile().ToBytes(), File.ReadAllBytes(Path.Combine(_dir, "s.mid")));
        Assert.Equal(MusicXmlWriter.ToMusicXml(score), File.ReadAllText(Path.Combine(_dir, "s.xml")));
        Assert.Contains("class=\"bar\"", File.ReadAllText(Path.Combine(_dir, "s.svg")), StringComparison.Ordinal);
        NotSupportedException csv = Assert.Throws<NotSupportedException>(() => NoteFormats.Csv.WriteScore(score, Path.Combine(_dir, "s.csv")));
        Assert.Contains("musicxml", csv.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => score.Write(Path.Combine(_dir, "s.json")));
        Assert.Throws<ArgumentException>(() => score.Write(Path.Combine(_dir, "s.abc"), NoteFormats.MusicXml));
        Assert.Equal(3, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void The_score_roll_draws_a_line_per_beat_and_bar_and_colours_notes_by_hand()
    {
        Score score = NotationFixtures.ThreeFourWithPickup(); // a one-beat pickup and three bars of 3/4
        string path = Path.Combine(_dir, "roll.svg");

        PianoRollSvg.Write(path, score);

        XDocument svg = XDocument.Load(path);
        XNamespace ns = "http://www.w3.org/2000/svg";
        double[] bars = svg.Descendants(ns + "line").Where(l => (string?)l.Attribute("class") == "bar").Select(l => (double)l.Attribute("data-time")!).ToArray();
        double[] beats = svg.Descendants(ns + "line").Where(l => (string?)l.Attribute("class") == "beat").Select(l => (double)l.Attribute("data-time")!).ToArray();
        double[] barTicks = [0, 480, 1920, 3360, 4800];
        Assert.Equal(barTicks.Select(t => Math.Round(score.TempoMap.ToSeconds((long)t), 6)), bars.Select(b => Math.Round(b, 6)));
        Assert.Equal(6, beats.Length); // two inner beats in each full bar; the pickup has none
        Assert.Equal(Math.Round(score.TempoMap.ToSeconds(960), 6), Math.Round(beats[0], 6));
        XElement[] notes = svg.Descendants(ns + "rect").Where(r => (string?)r.Attribute("class") == "note").ToArray();
        Assert.Equal(score.Notes.Select(n => n.Hand == Hand.Right ? "right" : "left"), notes.Select(n => (string)n.Attribute("data-hand")!));
        Assert.Equal(2, notes.Select(n => (string)n.Attribute("fill")!).Distinct().Count());
        Assert.Equal(["Fixture"], svg.Descendants(ns + "text").Where(t => t.Value == "Fixture").Select(t => t.Value));

        // The PNG draws the same picture: notes in both hand colours (blended with their velocity opacity).
        string pngPath = Path.Combine(_dir, "roll.png");
        PianoRollPng.Write(pngPath, score);
        PianoTranscription.Tests.Export.PngPicture png = PianoTranscription.Tests.Export.PngTestReader.Decode(File.ReadAllBytes(pngPath));
        Assert.True(HasBothHands(png.Rgb), "the PNG lacks a blue (right hand) or an orange (left hand) note");
        PianoTranscription.Tests.Export.PngPicture plain = PianoTranscription.Tests.Export.PngTestReader.Decode(
            PianoRollPng.ToPng(score.Notes.Select(n => n.Performed).ToArray(), []));
        Assert.False(HasBothHands(plain.Rgb)); // velocity 80 is drawn green without hands
    }

    [Fact]
    public void Hands_of_the_wrong_length_and_bad_beat_times_are_refused()
    {
        Note[] notes = [new(60, 0, 1, 80)];
        ArgumentException e = Assert.Throws<ArgumentException>(() => PianoRollSvg.ToSvg(notes, [], PianoRollOptions.Default with { Hands = [Hand.Left, Hand.Right] }));
        Assert.Contains("2 hands for 1 notes", e.Message, StringComparison.Ordinal);
        ArgumentException beat = Assert.Throws<ArgumentException>(() => PianoRollSvg.ToSvg(notes, [], PianoRollOptions.Default with { BeatTimes = [0.5, double.NaN] }));
        Assert.Equal("BeatTimes", beat.ParamName);
        Assert.Throws<ArgumentException>(() => PianoRollSvg.ToSvg(notes, [], PianoRollOptions.Default with { BarTimes = [-1] }));

        // The options keep their own copy: changing the caller's array afterwards changes nothing.
        double[] beats = [0.25];
        var options = PianoRollOptions.Default with { BeatTimes = beats };
        beats[0] = double.NaN;
        Assert.Equal([0.25], options.BeatTimes!);
    }

    // Notes are drawn with velocity opacity over the key stripes, so the exact colour may be blended: look for a
    // strongly blue and a strongly orange pixel.
    private static bool HasBothHands(byte[] rgb)
    {
        bool blue = false, orange = false;
        for (int i = 0; i + 2 < rgb.Length; i += 3)
        {
            blue |= rgb[i + 2] > rgb[i] + 80 && rgb[i + 2] > rgb[i + 1] + 20;
            orange |= rgb[i] > rgb[i + 2] + 120 && rgb[i + 1] > rgb[i + 2] + 40;
        }

        return blue && orange;
    }
}
