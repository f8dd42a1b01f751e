using System.Globalization;
using System.Text.Json;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Midi;

namespace PianoTranscription.Tests.Export;

public class NoteJsonTests
{
    private static readonly TranscriptionMetadata Metadata = new() { SourceFile = "takes/Étude \"1\".wav", Duration = 12.5, ModelVersion = "1.2.3" };

    [Fact]
    public void Round_trips_notes_pedal_confidence_and_metadata_exactly()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        notes[2] = notes[2] with { Confidence = 0.3f };
        pedal[1] = pedal[1] with { Confidence = 0.77f };
        using var folder = new TempFolder();
        string path = folder.File("notes.json");

        NoteJson.Write(path, notes, pedal, Metadata);
        NoteDocument back = NoteJson.Read(path);

        Assert.Equal(notes, back.Notes);
        Assert.Equal(pedal, back.SustainPedal);
        Assert.Equal(Metadata, back.Metadata);
        Assert.Equal(back, NoteJson.Parse(NoteJson.ToJson(notes, pedal, Metadata, indented: false)) with { Notes = back.Notes, SustainPedal = back.SustainPedal });
    }

    [Fact]
    public void Metadata_is_optional_and_the_pedal_array_may_be_missing()
    {
        NoteDocument doc = NoteJson.Parse("""{"notes":[{"pitch":60,"onset":0,"offset":1,"velocity":64}]}""");

        Assert.Null(doc.Metadata);
        Assert.Empty(doc.SustainPedal);
        Assert.Equal([new Note(60, 0, 1, 64, 1f)], doc.Notes);
        Assert.DoesNotContain("metadata", NoteJson.ToJson([], []), StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_the_documented_schema()
    {
        using JsonDocument doc = JsonDocument.Parse(NoteJson.ToJson([new Note(60, 0.5, 1.25, 80, 0.5f)], [new PedalInterval(0, 2)], new TranscriptionMetadata { Duration = 3 }));
        JsonElement root = doc.RootElement;

        Assert.Equal("pianotranscription.notes", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(3, root.GetProperty("metadata").GetProperty("duration").GetDouble());
        Assert.False(root.GetProperty("metadata").TryGetProperty("sourceFile", out _));
        JsonElement note = root.GetProperty("notes")[0];
        Assert.Equal(["pitch", "onset", "offset", "velocity", "confidence"], note.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.5, note.GetProperty("confidence").GetDouble());
        Assert.Equal(["onset", "offset", "confidence"], root.GetProperty("sustainPedal")[0].EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("[1,2]", "root must be an object")]
    [InlineData("{\"pedal\":[]}", "no \"notes\" array")]
    [InlineData("{\"notes\":{}}", "\"notes\" must be an array")]
    [InlineData("{\"notes\":[{\"pitch\":60,\"onset\":0,\"offset\":1}]}", "notes[0] has no \"velocity\"")]
    [InlineData("{\"notes\":[{\"pitch\":\"C4\",\"onset\":0,\"offset\":1,\"velocity\":1}]}", "notes[0].pitch must be a finite number")]
    [InlineData("{\"notes\":[{\"pitch\":128,\"onset\":0,\"offset\":1,\"velocity\":1}]}", "notes[0].pitch must be a whole number from 0 to 127")]
    [InlineData("{\"notes\":[],\"sustainPedal\":[{\"onset\":2,\"offset\":1}]}", "sustainPedal[0] runs from 2 s to 1 s")]
    [InlineData("{\"format\":\"other\",\"notes\":[]}", "\"format\" property")]
    [InlineData("{\"version\":2,\"notes\":[]}", "schema version 2")]
    [InlineData("{\"notes\":[],\"metadata\":{\"duration\":\"long\"}}", "metadata.duration")]
    [InlineData("{\"notes\":[", "Not valid JSON")]
    public void Bad_documents_fail_naming_the_problem(string json, string problem)
    {
        var ex = Assert.Throws<NoteFileFormatException>(() => NoteJson.Parse(json));
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_write_non_finite_numbers()
    {
        Assert.Throws<ArgumentException>(() => NoteJson.ToJson([new Note(60, 0, double.PositiveInfinity, 1)], []));
        Assert.Throws<ArgumentException>(() => NoteJson.ToJson([], [], new TranscriptionMetadata { Duration = double.NaN }));
    }

    [ToolFact("python3:json")]
    public void Python_json_reads_the_same_values()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        using var folder = new TempFolder();
        string path = folder.File("notes.json");
        NoteJson.Write(path, notes, pedal, Metadata);

        const string Script = """
            import sys, json
            d = json.load(open(sys.argv[1], encoding='utf-8'))
            for n in d['notes']:
                print('note %d %r %r %d %r' % (n['pitch'], float(n['onset']), float(n['offset']), n['velocity'], float(n['confidence'])))
            for p in d['sustainPedal']:
                print('pedal %r %r' % (float(p['onset']), float(p['offset'])))
            m = d['metadata']
            print('meta %s|%r|%s' % (m['sourceFile'], m['duration'], m['modelVersion']))
            """;
        string[] lines = ExternalTool.Run(ExternalTool.DebianPython, "-c", Script, path).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        string[] expected =
        [
            .. notes.Select(n => FormattableString.Invariant($"note {n.Pitch} {Py(n.Onset)} {Py(n.Offset)} {n.Velocity} {Py(double.Parse(n.Confidence.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))}")),
            .. pedal.Select(p => FormattableString.Invariant($"pedal {Py(p.Onset)} {Py(p.Offset)}")),
            "meta takes/Étude \"1\".wav|12.5|1.2.3",
        ];
        Assert.Equal(expected, lines);
    }

    /// <summary>Python's repr of a float: the shortest round-trip form, with ".0" for whole numbers.</summary>
    private static string Py(double value)
    {
        string s = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal) ? s : s + ".0";
    }
}
