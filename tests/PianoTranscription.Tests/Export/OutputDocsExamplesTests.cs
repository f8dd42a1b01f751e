using PianoTranscription.Decoding;
using PianoTranscription.Export;

namespace PianoTranscription.Tests.Export;

/// <summary>The code samples of docs/output.md's format and picture sections, kept compiling and checked (files go to a temporary folder).</summary>
public sealed class OutputDocsExamplesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-docs-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Formats_by_name_or_extension()
    {
        var export = new TranscriptionExport([new Note(60, 0.5, 1.25, 80)], [new PedalInterval(0.4, 1.9)]);
        string tsvPath = Out("MAPS_MUS-x.tsv");
        File.WriteAllText(tsvPath, "# onset,offset,note,velocity\n0.5\t1.25\t60.000000\t80.000000\n");

        NoteFormat? f = NoteFormats.Find("midi");
        NoteFormat? g = NoteFormats.FromPath("take1.json");
        export.Write(Out("take1.json"));
        export.Write(Out("take1.mid"), NoteFormats.Midi);
        TranscriptionExport reference = NoteFormats.Tsv.Read(tsvPath);

        Assert.Same(NoteFormats.Midi, f);
        Assert.Same(NoteFormats.Json, g);
        Assert.Equal(export.Notes, reference.Notes);
        Assert.Single(NoteFormats.Json.Read(Out("take1.json")).SustainPedal);
        Assert.Throws<ArgumentException>(() => export.Write(Out("take1.txt")));
    }

    [Fact]
    public void Svg_piano_roll()
    {
        Note[] notes = [new Note(60, 0.5, 1.25, 80), new Note(72, 1.0, 2.0, 110)];
        PianoRollSvg.Write(Out("roll.svg"), notes, [new PedalInterval(0.4, 1.9)], new PianoRollOptions { Width = 1200, FitPitchRange = true, Title = "Sketch" });
        string svg = PianoRollSvg.ToSvg(notes, []);

        Assert.Contains("Sketch", File.ReadAllText(Out("roll.svg")), StringComparison.Ordinal);
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_piano_roll()
    {
        Note[] notes = [new Note(60, 0.5, 1.25, 80), new Note(72, 1.0, 2.0, 110)];
        var options = new PianoRollOptions { PixelsPerSecond = 200, KeyHeight = 8, FitPitchRange = true, Title = "Sketch" };
        PianoRollPng.Write(Out("roll.png"), notes, [new PedalInterval(0.4, 1.9)], options);

        byte[] png = PianoRollPng.ToPng(notes, []);           // e.g. to serve over HTTP
        using (FileStream file = File.Create(Out("roll-2.png")))
        {
            PianoRollPng.Write(file, notes, [], options with { Title = null });
        }

        // Two octaves (C4..B5) of 8 px, the title, pedal lane and axis; 2 s at 200 px/s between the margins.
        PngPicture picture = PngTestReader.Decode(File.ReadAllBytes(Out("roll.png")));
        Assert.Equal((54 + 400 + 12, 28 + (24 * 8) + 40), (picture.Width, picture.Height));
        Assert.Equal(28 - 20, PngTestReader.Decode(File.ReadAllBytes(Out("roll-2.png"))).Height - (24 * 8) - 40);
        Assert.Equal(PngTestReader.Signature, png[..8]);
    }
}
