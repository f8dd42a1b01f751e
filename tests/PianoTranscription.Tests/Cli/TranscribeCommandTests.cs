using PianoTranscription.Audio;
using PianoTranscription.Cli.Commands;
using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Tests.Transcription;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Cli;

[Collection(ConsoleTestGroup.Name)]
public sealed class TranscribeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-cli-transcribe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int ExitCode, string Stdout, string Stderr) Cli(params string[] args) => CliRunner.Run(TranscribeCommand.Create(), args);

    private string ShortExample(string name, double seconds = 4)
    {
        string path = Path.Combine(_dir, name);
        TranscriptionTestData.ExampleClip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(seconds)).SaveWav(path);
        return path;
    }

    [Fact]
    public void Default_output_is_a_midi_file_next_to_the_input_with_the_librarys_notes()
    {
        string input = ShortExample("take.wav");
        (int code, string stdout, string stderr) = Cli(input);
        Assert.True(code == 0, stderr);
        string midi = Path.Combine(_dir, "take.mid");
        Assert.True(File.Exists(midi));
        TranscriptionResult expected = PianoTranscriber.CreateDefault().Transcribe(input);
        Assert.Equal(expected.Notes.Count, MidiNotes.Read(midi).Notes.Count);
        Assert.Contains($"take.wav -> {midi} ({expected.Notes.Count} notes", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void Several_inputs_and_formats_go_to_the_output_folder()
    {
        string a = ShortExample("a.wav", 3);
        string b = ShortExample("b.wav", 5);
        string outDir = Path.Combine(_dir, "out");
        (int code, _, string stderr) = Cli(a, b, "--out-dir", outDir, "--format", "mid,csv,json,svg");
        Assert.True(code == 0, stderr);
        foreach (string name in new[] { "a", "b" })
        {
            TranscriptionResult expected = PianoTranscriber.CreateDefault().Transcribe(Path.Combine(_dir, name + ".wav"));
            Assert.Equal(expected.Notes.Count, MidiNotes.Read(Path.Combine(outDir, name + ".mid")).Notes.Count);
            Assert.Equal(expected.Notes.Count, NoteCsv.Read(Path.Combine(outDir, name + ".csv")).Count);
            NoteDocument json = NoteJson.Read(Path.Combine(outDir, name + ".json"));
            Assert.Equal(expected.Notes, json.Notes);
            Assert.Equal(AcousticModel.Default.Version, json.Metadata!.ModelVersion);
            Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(outDir, name + ".svg")).TrimStart(), StringComparison.Ordinal);
        }

        Assert.Equal(8, Directory.GetFiles(outDir).Length);
    }

    [Fact]
    public void Png_format_writes_the_piano_roll_as_name_png_and_skips_a_bad_input()
    {
        string input = ShortExample("roll.wav", 3);
        string bad = Path.Combine(_dir, "bad.wav");
        File.WriteAllText(bad, "not audio");
        string outDir = Path.Combine(_dir, "pictures");
        (int code, string stdout, string stderr) = Cli(bad, input, "--out-dir", outDir, "--format", "png,svg");

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {bad}: not a RIFF/WAVE file", stderr, StringComparison.Ordinal); // the input as given, once
        string png = Path.Combine(outDir, "roll.png");
        Assert.Contains($"roll.wav -> {png}, {Path.Combine(outDir, "roll.svg")}", stdout, StringComparison.Ordinal);
        Assert.Equal(["roll.png", "roll.svg"], Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName).Order());
        TranscriptionResult expected = PianoTranscriber.CreateDefault().Transcribe(input);
        Assert.Equal(PianoRollPng.ToPng(expected.Notes, expected.SustainPedal), File.ReadAllBytes(png));

        // -o with a .png name picks the format from the extension.
        string single = Path.Combine(_dir, "single.png");
        Assert.Equal(0, Cli(input, "-o", single).ExitCode);
        Assert.Equal(File.ReadAllBytes(png), File.ReadAllBytes(single));
    }

    [Fact]
    public void A_bad_file_is_reported_on_one_line_and_skipped_while_the_others_are_written()
    {
        string good = ShortExample("good.wav", 2);
        string bad = Path.Combine(_dir, "bad.wav");
        File.WriteAllText(bad, "not audio");
        string missing = Path.Combine(_dir, "missing.wav");
        string outDir = Path.Combine(_dir, "out");
        (int code, string stdout, string stderr) = Cli(bad, good, missing, "--out-dir", outDir, "--threads", "2");
        Assert.Equal(2, code);
        Assert.True(File.Exists(Path.Combine(outDir, "good.mid")));
        Assert.False(File.Exists(Path.Combine(outDir, "bad.mid")));
        Assert.Single(Directory.GetFiles(outDir));
        string[] errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, errors.Length);
        Assert.Contains(errors, e => e.StartsWith($"error: {bad}: not a RIFF/WAVE file", StringComparison.Ordinal));
        Assert.Contains($"error: {missing}: file not found", errors);
        Assert.Contains("good.wav ->", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_picks_the_format_from_its_extension_and_one_thread_gives_the_same_file()
    {
        string input = ShortExample("x.wav", 3);
        string csvAll = Path.Combine(_dir, "all.csv");
        string csvOne = Path.Combine(_dir, "one.csv");
        Assert.Equal(0, Cli(input, "-o", csvAll).ExitCode);
        Assert.Equal(0, Cli(input, "-o", csvOne, "--threads", "1").ExitCode);
        Assert.Equal(File.ReadAllBytes(csvAll), File.ReadAllBytes(csvOne));
        Assert.Equal(PianoTranscriber.CreateDefault().Transcribe(input).Notes.Count, NoteCsv.Read(csvAll).Count);
    }

    [Theory]
    [InlineData("f1.mid", "png", "does not name a png file")]
    [InlineData("f3", "csv", "does not name a csv file")]
    [InlineData("f4.txt", "json", "does not name a json file")]
    [InlineData("f5.txt", null, "'.txt' is not an output format's extension")]
    [InlineData("f6", null, "the name has no extension")]
    public void Out_and_format_must_agree_and_an_unknown_extension_is_an_error_before_any_work(string name, string? format, string message)
    {
        string input = ShortExample("agree.wav", 1);
        string target = Path.Combine(_dir, name);
        (int code, _, string stderr) = format is null ? Cli(input, "-o", target) : Cli(input, "-o", target, "--format", format);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.Equal(["agree.wav"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Out_with_the_same_format_given_twice_writes_that_format()
    {
        string input = ShortExample("same.wav", 2);
        string json = Path.Combine(_dir, "same.json");
        (int code, _, string stderr) = Cli(input, "-o", json, "--format", "json");
        Assert.True(code == 0, stderr);
        Assert.Equal(PianoTranscriber.CreateDefault().Transcribe(input).Notes.Count, NoteJson.Read(json).Notes.Count);
        string midi = Path.Combine(_dir, "same.midi");
        (code, _, stderr) = Cli(input, "-o", midi, "--format", "mid");
        Assert.True(code == 0, stderr);
        Assert.NotEmpty(MidiNotes.Read(midi).Notes);
    }

    [Fact]
    public void Usage_errors_exit_with_code_2()
    {
        string input = ShortExample("u.wav", 1);
        Assert.Equal(2, Cli().ExitCode);
        Assert.Contains("--out takes a single input", Cli(input, input, "-o", Path.Combine(_dir, "o.mid")).Stderr, StringComparison.Ordinal);
        Assert.Contains("Unknown format 'wav'", Cli(input, "--format", "mid,wav").Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Cli(input, "--threads", "0").ExitCode);
        string badModel = Path.Combine(_dir, "model.onnx");
        File.WriteAllBytes(badModel, [1, 2, 3]);
        (int code, _, string stderr) = Cli(input, "--model", badModel);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "u.mid")));
    }

    [Fact]
    public void A_user_model_file_is_used()
    {
        string input = ShortExample("m.wav", 2);
        string output = Path.Combine(_dir, "m.json");
        (int code, _, string stderr) = Cli(input, "-o", output, "--model", AcousticModelTests.FindModelFile());
        Assert.True(code == 0, stderr);
        Assert.Equal(PianoTranscriber.CreateDefault().Transcribe(input).Notes, NoteJson.Read(output).Notes);
    }
}
