using System.Globalization;
using System.Text.Json;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Midi;

namespace PianoTranscription.Tests.Export;

public class NoteCsvTests
{
    [Fact]
    public void Writes_the_header_and_six_decimal_invariant_numbers_whatever_the_culture()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            string csv = NoteCsv.ToCsv([new Note(60, 0.5, 1.25, 80), new Note(21, 1.2345678, 12.0000004, 1)]);

            Assert.Equal("onset,offset,pitch,velocity\n0.500000,1.250000,60,80\n1.234568,12.000000,21,1\n", csv);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Round_trips_within_half_a_microsecond()
    {
        var (notes, _) = MidiFixtures.SamplePerformance();
        using var folder = new TempFolder();
        string path = folder.File("notes.csv");

        NoteCsv.Write(path, notes);
        IReadOnlyList<Note> back = NoteCsv.Read(path);

        Assert.Equal(notes.Length, back.Count);
        for (int i = 0; i < notes.Length; i++)
        {
            Assert.Equal((notes[i].Pitch, notes[i].Velocity), (back[i].Pitch, back[i].Velocity));
            Assert.Equal(notes[i].Onset, back[i].Onset, 5e-7);
            Assert.Equal(notes[i].Offset, back[i].Offset, 5e-7);
        }
    }

    [Fact]
    public void Reads_three_column_files_without_header_with_comments_and_float_pitches()
    {
        string csv = "# reference notes\n0.1,0.2,60\n\n0.3, 0.9 ,61.0\n";

        IReadOnlyList<Note> notes = NoteCsv.Read(new StringReader(csv));

        Assert.Equal([new Note(60, 0.1, 0.2, NoteCsv.DefaultVelocity), new Note(61, 0.3, 0.9, NoteCsv.DefaultVelocity)], notes);
        Assert.Equal([new Note(62, 1, 2, NoteCsv.DefaultVelocity)], NoteCsv.Read(new StringReader("onset,offset,pitch\r\n1,2,62\r\n")));
    }

    [Fact]
    public void Reads_maps_tsv_references_tab_separated_with_their_header_and_float_pitches()
    {
        // The first lines of ../shared/data/maps-synth/MAPS_MUS-alb_esp2_AkPnCGdD.tsv, and the original MAPS header.
        string maps = "# onset,offset,note,velocity\n0.500004\t1.918478\t38.000000\t53.000000\n0.500004\t1.918478\t50.000000\t53.000000\n";
        string original = "OnsetTime\tOffsetTime\tMidiPitch\n0.5\t1.25\t61\n";

        Assert.Equal([new Note(38, 0.500004, 1.918478, 53), new Note(50, 0.500004, 1.918478, 53)], NoteCsv.Read(new StringReader(maps)));
        Assert.Equal([new Note(61, 0.5, 1.25, NoteCsv.DefaultVelocity)], NoteCsv.Read(new StringReader(original)));
        var ex = Assert.Throws<NoteFileFormatException>(() => NoteCsv.Read(new StringReader("0.5\t1.0\n")));
        Assert.Contains("found 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("onset,offset,pitch,velocity\n0.1,0.2,60,80,9\n", "Line 2", "found 5")]
    [InlineData("0.1,0.2\n", "Line 1", "found 2")]
    [InlineData("0.1,abc,60,80\n", "Line 1", "offset 'abc'")]
    [InlineData("0.1,0.2,128,80\n", "Line 1", "pitch '128'")]
    [InlineData("0.1,0.2,60.5,80\n", "Line 1", "pitch '60.5'")]
    [InlineData("0.1,0.2,60,200\n", "Line 1", "velocity '200'")]
    [InlineData("0.5,0.2,60,80\n", "Line 1", "offset not before the onset")]
    [InlineData("start,end,note\n", "Line 1", "expected the header")]
    [InlineData("0.1,0.2,60,80\nonset,offset,pitch,velocity\n", "Line 2", "onset 'onset'")]
    [InlineData("NaN,0.2,60,80\n", "Line 1", "finite")]
    public void Bad_lines_fail_with_the_line_number_and_the_problem(string csv, string line, string problem)
    {
        var ex = Assert.Throws<NoteFileFormatException>(() => NoteCsv.Read(new StringReader(csv)));
        Assert.Contains(line, ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [ToolFact("python3:mir_eval")]
    public void The_shared_mir_eval_script_reads_our_csv_as_the_same_notes_as_our_midi()
    {
        using var folder = new TempFolder();
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        string midi = folder.File("ref.mid");
        string csv = folder.File("est.csv");
        MidiNotes.Write(midi, notes, pedal);
        NoteCsv.Write(csv, notes);

        string script = MidiFixtures.PathOf("mir_eval_notes.py");
        using JsonDocument result = JsonDocument.Parse(ExternalTool.Run(ExternalTool.DebianPython, script, midi, csv, "--json"));
        JsonElement r = result.RootElement;

        Assert.Equal(notes.Length, r.GetProperty("n_ref").GetInt32());
        Assert.Equal(notes.Length, r.GetProperty("n_est").GetInt32());
        foreach (string metric in new[] { "onset", "onset_offset", "onset_vel", "onset_offset_vel" })
        {
            Assert.Equal(1.0, r.GetProperty(metric)[2].GetDouble(), 9);
        }

        // A CSV with one note moved by 60 ms is scored as a miss: the script really compares our columns.
        NoteCsv.Write(csv, [.. notes.Skip(1), notes[0] with { Onset = notes[0].Onset + 0.06, Offset = notes[0].Offset + 0.06 }]);
        using JsonDocument moved = JsonDocument.Parse(ExternalTool.Run(ExternalTool.DebianPython, script, midi, csv, "--json"));
        Assert.Equal((notes.Length - 1) / (double)notes.Length, moved.RootElement.GetProperty("onset")[0].GetDouble(), 9);
    }
}
