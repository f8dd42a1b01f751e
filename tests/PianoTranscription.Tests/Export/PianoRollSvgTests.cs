using System.Globalization;
using System.Xml.Linq;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Midi;

namespace PianoTranscription.Tests.Export;

public class PianoRollSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static List<XElement> Rects(XDocument doc, string cls) =>
        doc.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == cls).ToList();

    private static double Num(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    [Fact]
    public void Draws_one_rectangle_per_note_and_pedal_interval_placed_by_time_and_pitch()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();

        XDocument doc = XDocument.Parse(PianoRollSvg.ToSvg(notes, pedal, new PianoRollOptions { PixelsPerSecond = 200, KeyHeight = 5 }));

        List<XElement> noteRects = Rects(doc, "note");
        Assert.Equal(notes.Length, noteRects.Count);
        Assert.Equal(pedal.Length, Rects(doc, "pedal").Count);
        for (int i = 0; i < notes.Length; i++)
        {
            XElement r = noteRects[i];
            Assert.Equal(notes[i].Pitch, (int)r.Attribute("data-pitch")!);
            Assert.Equal(notes[i].Duration * 200, Num(r, "width"), 0.01);
        }

        // Time: 200 px per second; pitch: higher notes are higher up (smaller y), 5 px per key.
        XElement a = noteRects[0], b = noteRects[5]; // both pitch 60, at 0 s and 0.5 s
        Assert.Equal(100, Num(b, "x") - Num(a, "x"), 0.01);
        XElement high = noteRects[4], low = noteRects[3]; // 108 and 21
        Assert.Equal((108 - 21) * 5, Num(low, "y") - Num(high, "y"), 0.01);
    }

    [Fact]
    public void Full_piano_has_88_key_stripes_and_c_labels_fit_mode_shows_whole_octaves()
    {
        Note[] notes = [new Note(62, 0, 1, 64), new Note(70, 0, 1, 64)];

        XDocument full = XDocument.Parse(PianoRollSvg.ToSvg(notes, []));
        XDocument fit = XDocument.Parse(PianoRollSvg.ToSvg(notes, [], new PianoRollOptions { FitPitchRange = true, ShowPedal = false }));

        XElement fullKeys = full.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "keys");
        Assert.Equal(88 * 2, fullKeys.Elements(Svg + "rect").Count()); // a stripe and a keyboard key per key
        Assert.Equal(["C8", "C7", "C6", "C5", "C4", "C3", "C2", "C1"], fullKeys.Elements(Svg + "text").Select(t => t.Value).Reverse());
        XElement fitKeys = fit.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "keys");
        Assert.Equal(12 * 2, fitKeys.Elements(Svg + "rect").Count());
        Assert.Equal(["C4"], fitKeys.Elements(Svg + "text").Select(t => t.Value));
        Assert.DoesNotContain(fit.Descendants(Svg + "g"), g => (string?)g.Attribute("class") == "pedal-lane");
    }

    [Fact]
    public void Width_option_scales_the_time_axis_to_fit_and_the_picture_has_a_view_box()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance(); // ends at 4 s

        XDocument doc = XDocument.Parse(PianoRollSvg.ToSvg(notes, pedal, new PianoRollOptions { Width = 800 }));

        XElement root = doc.Root!;
        double width = Num(root, "width");
        Assert.Equal($"0 0 {root.Attribute("width")!.Value} {root.Attribute("height")!.Value}", (string?)root.Attribute("viewBox"));
        Assert.InRange(width, 800, 900);
        XElement last = Rects(doc, "note").Single(r => (int)r.Attribute("data-pitch")! == 48);
        Assert.Equal(800, Num(last, "x") + Num(last, "width") - Num(Rects(doc, "note")[0], "x"), 0.01);
    }

    [Fact]
    public void Louder_notes_are_more_opaque_and_redder()
    {
        XDocument doc = XDocument.Parse(PianoRollSvg.ToSvg([new Note(60, 0, 1, 10), new Note(62, 0, 1, 120)], []));

        List<XElement> rects = Rects(doc, "note");
        Assert.True(Num(rects[1], "fill-opacity") > Num(rects[0], "fill-opacity"));
        static int Red(XElement r) => Convert.ToInt32(((string)r.Attribute("fill")!).Substring(1, 2), 16);
        static int Blue(XElement r) => Convert.ToInt32(((string)r.Attribute("fill")!).Substring(5, 2), 16);
        Assert.True(Red(rects[1]) > Red(rects[0]));
        Assert.True(Blue(rects[1]) < Blue(rects[0]));
    }

    [Fact]
    public void Title_is_escaped_and_bad_input_is_rejected()
    {
        XDocument doc = XDocument.Parse(PianoRollSvg.ToSvg([], [], new PianoRollOptions { Title = "<b>Bach & \"Sons\"</b>" }));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "<b>Bach & \"Sons\"</b>");

        Assert.Throws<ArgumentException>(() => PianoRollSvg.ToSvg([new Note(60, 1, 0.5, 64)], []));
        Assert.Throws<ArgumentException>(() => PianoRollSvg.ToSvg([], [new PedalInterval(double.NaN, 1)]));
        Assert.Throws<ArgumentException>(() => PianoRollSvg.ToSvg([], [], new PianoRollOptions { PixelsPerSecond = 0 }));
        Assert.Throws<ArgumentException>(() => PianoRollSvg.ToSvg([], [], new PianoRollOptions { KeyHeight = double.NaN }));
    }

    [Fact]
    public void Grid_lines_stay_48_units_apart_even_for_days_squeezed_into_a_few_pixels()
    {
        XDocument doc = XDocument.Parse(PianoRollSvg.ToSvg([], [], new PianoRollOptions { Duration = 1e7, Width = 1000 }));

        List<double> xs = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "time-grid")
            .Elements(Svg + "line").Select(l => Num(l, "x1")).ToList();
        Assert.InRange(xs.Count, 2, (1000 / 48) + 1); // one line per hour would be 2778
        Assert.All(xs.Zip(xs.Skip(1)), p => Assert.True(p.Second - p.First >= 48 - 0.01, $"{p.First} -> {p.Second}"));

        // An hour-scale roll keeps its labels: 100 px per hour gives a line per hour.
        XDocument hours = XDocument.Parse(PianoRollSvg.ToSvg([], [], new PianoRollOptions { Duration = 4 * 3600, Width = 400 }));
        Assert.Equal(["0s", "60:00", "120:00", "180:00", "240:00"], hours.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "time-grid").Elements(Svg + "text").Select(t => t.Value));
    }

    [ToolFact("python3:xml")]
    public void Python_element_tree_parses_the_file_and_counts_the_notes()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        using var folder = new TempFolder();
        string path = folder.File("roll.svg");
        PianoRollSvg.Write(path, notes, pedal, new PianoRollOptions { Title = "Sample" });

        const string Script = """
            import sys
            import xml.etree.ElementTree as E
            root = E.parse(sys.argv[1]).getroot()
            ns = '{http://www.w3.org/2000/svg}'
            rects = root.iter(ns + 'rect')
            notes = [r for r in root.iter(ns + 'rect') if r.get('class') == 'note']
            pedal = [r for r in root.iter(ns + 'rect') if r.get('class') == 'pedal']
            print(root.tag, len(notes), len(pedal), ' '.join(r.get('data-pitch') for r in notes))
            """;
        string output = ExternalTool.Run(ExternalTool.DebianPython, "-c", Script, path).Trim();

        Assert.Equal($"{Svg + "svg"} {notes.Length} {pedal.Length} {string.Join(' ', notes.Select(n => n.Pitch))}", output);
    }
}
