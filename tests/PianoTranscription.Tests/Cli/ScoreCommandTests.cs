using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Notation;
using PianoTranscription.Tests.Notation;
using PianoTranscription.Tests.Transcription;

namespace PianoTranscription.Tests.Cli;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-score-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_midi_file_becomes_musicxml_abc_and_a_quantised_midi_equal_to_the_library_score()
    {
        IReadOnlyList<Note> notes = MidiNotes.Read(TranscriptionTestData.ExampleMidiPath).Notes;
        Score expected = ScoreBuilder.Build(notes, ScoreOptions.Default with { TimeSignature = TimeSignature.ThreeFour, Title = "example" }, new TranscriptionExport(notes).EstimatedKey?.Key);

        (int code, string stdout, string stderr) = CliProcess.Run(
            "score", TranscriptionTestData.ExampleMidiPath, "--out-dir", _dir, "--format", "musicxml,abc,mid", "--time-signature", "3/4");

        Assert.True(code == 0, stderr);
        Assert.Contains("3/4", stdout, StringComparison.Ordinal);
        Assert.Contains($"{notes.Count} notes", stdout, StringComparison.Ordinal);
        Assert.Equal(NotationFixtures.Expected(expected), NotationFixtures.ReadMusicXml(Path.Combine(_dir, "example.musicxml")));
        Assert.Equal(AbcWriter.ToAbc(expected), File.ReadAllText(Path.Combine(_dir, "example.abc")));
        Assert.Equal(expected.ToMidiFile().ToBytes(), File.ReadAllBytes(Path.Combine(_dir, "example.mid")));
    }

    [Fact]
    public void Key_tempo_and_title_options_reach_the_score()
    {
        string output = Path.Combine(_dir, "s.abc");
        IReadOnlyList<Note> notes = MidiNotes.Read(TranscriptionTestData.ExampleMidiPath).Notes;
        var options = ScoreOptions.Default with { BeatsPerMinute = 48, Title = "Étude" };
        Score expected = ScoreBuilder.Build(notes, options, PianoTranscription.Analysis.Key.Parse("D minor"));

        (int code, _, string stderr) = CliProcess.Run("score", TranscriptionTestData.ExampleMidiPath, "-o", output, "--key", "D minor", "--tempo", "48", "--title", "Étude");

        Assert.True(code == 0, stderr);
        string abc = File.ReadAllText(output);
        Assert.Contains("\nK:Dm\n", abc, StringComparison.Ordinal);
        Assert.Contains("\nT:Étude\n", abc, StringComparison.Ordinal);
        Assert.Equal(AbcWriter.ToAbc(expected), abc);
        Assert.NotEqual(AbcWriter.ToAbc(ScoreBuilder.Build(notes, options with { BeatsPerMinute = null }, expected.Key)), abc);
    }

    [Theory]
    [InlineData("--time-signature", "3-4", "--time-signature '3-4'")]
    [InlineData("--tempo", "0", "--tempo 0")]
    [InlineData("--key", "H major", "--key 'H major'")]
    [InlineData("--format", "csv", "A score cannot be written as csv")]
    [InlineData("--out", "x.json", "a json file holds no score")]
    public void Bad_options_are_one_line_errors_and_write_nothing(string option, string value, string message)
    {
        string[] args = option == "--out"
            ? ["score", TranscriptionTestData.ExampleMidiPath, option, Path.Combine(_dir, value)]
            : ["score", TranscriptionTestData.ExampleMidiPath, "--out-dir", _dir, option, value];

        (int code, _, string stderr) = CliProcess.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(message, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void A_missing_or_broken_input_is_one_line_and_exit_code_2()
    {
        string broken = Path.Combine(_dir, "broken.mid");
        File.WriteAllText(broken, "not a midi file");

        (int code, _, string stderr) = CliProcess.Run("score", Path.Combine(_dir, "nope.mid"));
        Assert.Equal(2, code);
        Assert.Contains("nope.mid", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        (code, _, stderr) = CliProcess.Run("score", broken);
        Assert.Equal(2, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(_dir, "broken.musicxml")));
    }

    [Fact]
    public void Transcribe_writes_scores_and_with_quantize_the_two_track_midi()
    {
        string input = Path.Combine(_dir, "take.wav");
        File.Copy(TranscriptionTestData.ExamplePath, input);

        (int code, _, string stderr) = CliProcess.Run("transcribe", input, "--format", "musicxml,abc,mid", "--quantize", "--threads", "1");

        Assert.True(code == 0, stderr);
        MidiFile midi = MidiFile.Read(Path.Combine(_dir, "take.mid"));
        Assert.Equal([null, "Right hand", "Left hand"], midi.Tracks.Select(t => t.Name).Select(n => n == "take" ? null : n));
        List<WrittenNote> written = NotationFixtures.ReadMusicXml(Path.Combine(_dir, "take.musicxml"));
        int midiNotes = NotationFixtures.ReadMidiTracks(midi).Sum(t => t.Count);
        Assert.Equal(midiNotes, written.Count);
        Assert.True(written.Count > 20);
        Assert.StartsWith("X:1\nT:take\n", File.ReadAllText(Path.Combine(_dir, "take.abc")), StringComparison.Ordinal);

        // Without --quantize the MIDI is the performance: one piano track after the tempo track.
        (code, _, stderr) = CliProcess.Run("transcribe", input, "--threads", "1");
        Assert.True(code == 0, stderr);
        Assert.Equal(2, MidiFile.Read(Path.Combine(_dir, "take.mid")).Tracks.Count);
    }
}
