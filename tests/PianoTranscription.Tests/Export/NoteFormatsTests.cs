using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Export;

public sealed class NoteFormatsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-formats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Note[] Notes = [new(60, 0.5, 1.25, 80), new(64, 0.75, 2.0, 64), new(21, 3.0, 3.5, 20)];
    private static readonly PedalInterval[] Pedal = [new(0.4, 2.5)];

    [Theory]
    [InlineData("mid", "mid")]
    [InlineData("MIDI", "mid")]
    [InlineData(".smf", "mid")]
    [InlineData("csv", "csv")]
    [InlineData(".TSV", "tsv")]
    [InlineData("json", "json")]
    [InlineData("svg", "svg")]
    [InlineData("png", "png")]
    [InlineData("MusicXML", "musicxml")]
    [InlineData(".xml", "musicxml")]
    [InlineData("abc", "abc")]
    public void Find_takes_names_and_extensions_case_insensitively(string key, string name) =>
        Assert.Equal(name, NoteFormats.Find(key)?.Name);

    [Fact]
    public void Unknown_names_and_extensions_find_nothing()
    {
        Assert.Null(NoteFormats.Find("wav"));
        Assert.Null(NoteFormats.FromPath("take1.txt"));
        Assert.Null(NoteFormats.FromPath("take1"));
        Assert.Same(NoteFormats.Midi, NoteFormats.FromPath("/x/take1.MID"));
        Assert.Equal("mid, csv, json, svg, png, musicxml, abc", NoteFormats.WritableNames);
        Assert.Equal("mid, svg, png, musicxml, abc", NoteFormats.ScoreNames);
        Assert.Equal(".mid, .midi, .smf, .csv, .tsv, .json", NoteFormats.ReadableExtensions);
    }

    [Fact]
    public void Every_readable_and_writable_format_gives_back_the_notes_it_wrote()
    {
        var export = new TranscriptionExport(Notes, Pedal);
        foreach (NoteFormat f in NoteFormats.All.Where(f => f.CanRead && f.CanWrite))
        {
            string path = Path.Combine(_dir, "rt" + f.DefaultExtension);
            export.Write(path);
            TranscriptionExport back = f.Read(path);
            Assert.Equal(Notes.Length, back.Notes.Count);
            for (int i = 0; i < Notes.Length; i++)
            {
                Assert.Equal(Notes[i].Pitch, back.Notes[i].Pitch);
                Assert.Equal(Notes[i].Velocity, back.Notes[i].Velocity);
                Assert.Equal(Notes[i].Onset, back.Notes[i].Onset, 2e-3);
                Assert.Equal(Notes[i].Offset, back.Notes[i].Offset, 2e-3);
            }

            // MIDI and JSON carry the pedal; CSV has no column for it.
            Assert.Equal(f == NoteFormats.Csv ? 0 : 1, back.SustainPedal.Count);
        }
    }

    [Fact]
    public void Writing_by_extension_equals_the_named_writers()
    {
        var export = new TranscriptionExport(Notes, Pedal);
        var meta = new TranscriptionMetadata { SourceFile = "a.wav", Duration = 4 };
        export.Write(Path.Combine(_dir, "a.png"));
        export.WritePng(Path.Combine(_dir, "b.png"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "b.png")), File.ReadAllBytes(Path.Combine(_dir, "a.png")));
        export.Write(Path.Combine(_dir, "a.json"), NoteFormats.Json, meta);
        export.WriteJson(Path.Combine(_dir, "b.json"), meta);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "b.json")), File.ReadAllText(Path.Combine(_dir, "a.json")));

        var result = new TranscriptionResult(Notes, Pedal, TimeSpan.FromSeconds(4), "9.9", "a.wav");
        result.Write(Path.Combine(_dir, "r.json"));
        Assert.Equal("9.9", NoteJson.Read(Path.Combine(_dir, "r.json")).Metadata?.ModelVersion);
    }

    [Fact]
    public void Unknown_extensions_disagreeing_formats_and_read_only_formats_are_refused_and_write_nothing()
    {
        var export = new TranscriptionExport(Notes, Pedal);
        var unknown = Assert.Throws<ArgumentException>(() => export.Write(Path.Combine(_dir, "x.txt")));
        Assert.Contains("no note format's extension", unknown.Message, StringComparison.Ordinal);
        var disagree = Assert.Throws<ArgumentException>(() => export.Write(Path.Combine(_dir, "x.mid"), NoteFormats.Png));
        Assert.Contains("named as mid but the format asked for is png", disagree.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => export.Write(Path.Combine(_dir, "x.tsv")));
        Assert.Throws<NotSupportedException>(() => NoteFormats.Svg.Read(Path.Combine(_dir, "x.svg")));
        Assert.Throws<FileNotFoundException>(() => NoteFormats.Csv.Read(Path.Combine(_dir, "none.csv")));
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
