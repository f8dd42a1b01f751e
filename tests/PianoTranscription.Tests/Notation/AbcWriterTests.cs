using PianoTranscription.Midi;
using PianoTranscription.Notation;
using PianoTranscription.Notation.Layout;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Notation;

public sealed class AbcWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-abc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_the_header_and_one_voice_per_hand()
    {
        string abc = AbcWriter.ToAbc(NotationFixtures.FourFour());
        string[] lines = abc.Split('\n');

        Assert.Equal(["X:1", "T:Fixture", "M:4/4", "L:1/8", "Q:1/4=96"], lines[..5]);
        Assert.Contains("%%score {(R1 R2) | L1}", lines);
        Assert.Contains("K:F", lines);
        Assert.Contains(lines, l => l.StartsWith("V:R1 clef=treble", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("V:L1 clef=bass", StringComparison.Ordinal));
        Assert.Contains("(3:2:3", abc, StringComparison.Ordinal);   // the triplet
        Assert.Contains("f4-|", abc.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal); // F5 tied over the bar line
        Assert.Contains("=B", abc, StringComparison.Ordinal);       // B natural against the key's Bb
    }

    [Fact]
    public void The_key_tonic_and_a_pickup_tempo_change_are_written()
    {
        string abc = AbcWriter.ToAbc(NotationFixtures.ThreeFourWithPickup());

        Assert.Contains("\nK:Dm\n", abc, StringComparison.Ordinal);
        Assert.Contains("\nQ:1/4=90\n", abc, StringComparison.Ordinal);
        Assert.Contains("[Q:1/4=80]", abc, StringComparison.Ordinal);
        Assert.Contains("^c", abc, StringComparison.Ordinal); // C# leading tone
    }

    [ToolTheory("abc2midi")]
    [InlineData(0)]
    [InlineData(1)]
    public void Abc2midi_reads_it_back_as_the_same_quantised_notes(int which)
    {
        Score score = which == 0 ? NotationFixtures.FourFour() : NotationFixtures.ThreeFourWithPickup();
        string abc = Path.Combine(_dir, "tune.abc");
        string mid = Path.ChangeExtension(abc, ".mid");
        score.WriteAbc(abc);

        string output = ExternalTool.Run("abc2midi", abc, "-o", mid);

        Assert.DoesNotContain("Error", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Warning", output, StringComparison.OrdinalIgnoreCase);

        // abc2midi writes a track per voice, in the file's voice order (right hand first). It starts notes a tick late
        // and spreads a chord's notes 10 ticks apart, so starts are rounded down to a 40-tick grid (finer than any value
        // written) and ends to the nearest point of it.
        ScoreLayout layout = ScoreLayout.Create(score);
        List<List<(int Pitch, long Start, long Duration)>> tracks = NotationFixtures.ReadMidiTracks(MidiFile.Read(mid), grid: 40);
        List<List<(int Pitch, long Start, long Duration)>> voices = tracks.Where(t => t.Count > 0).ToList();
        Assert.Equal(layout.RightVoices + layout.LeftVoices, voices.Count);
        var read = voices.SelectMany((t, i) => t.Select(n => new WrittenNote(n.Pitch, n.Start, n.Duration, i < layout.RightVoices ? 1 : 2)));
        Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.Sorted(read));
    }
}
