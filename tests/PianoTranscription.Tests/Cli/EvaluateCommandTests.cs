using System.Text.Json;
using PianoTranscription.Cli.Commands;
using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;
using PianoTranscription.Export;
using PianoTranscription.Tests.Transcription;

namespace PianoTranscription.Tests.Cli;

[Collection(ConsoleTestGroup.Name)]
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-cli-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int ExitCode, string Stdout, string Stderr) Cli(params string[] args) => CliRunner.Run(EvaluateCommand.Create(), args);

    [Fact]
    public void The_example_midi_against_itself_scores_one_everywhere()
    {
        string midi = TranscriptionTestData.ExampleMidiPath;
        (int code, string stdout, string stderr) = Cli(midi, midi, "--json");
        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        foreach (string metric in new[] { "notes", "notesWithOffsets", "notesWithVelocity", "notesWithOffsetsAndVelocity", "frames" })
        {
            JsonElement m = doc.RootElement.GetProperty(metric);
            Assert.Equal(1.0, m.GetProperty("f1").GetDouble());
            Assert.Equal(1.0, m.GetProperty("precision").GetDouble());
            Assert.Equal(1.0, m.GetProperty("recall").GetDouble());
        }

        Assert.Equal(67, doc.RootElement.GetProperty("notes").GetProperty("reference").GetInt32());
    }

    [Fact]
    public void Scores_equal_the_library_evaluator_across_file_types_and_tolerances()
    {
        TranscriptionExport midi = TranscriptionExport.FromMidi(TranscriptionTestData.ExampleMidiPath);
        IReadOnlyList<Note> reference = midi.Notes;
        IReadOnlyList<PedalInterval> pedal = midi.SustainPedal;
        var rng = new Random(3);
        Note[] estimate = reference.Where((_, i) => i % 5 != 0)
            .Select(n => n with { Onset = n.Onset + (rng.NextDouble() - 0.5) * 0.09, Offset = n.Offset + 0.03, Velocity = Math.Clamp(n.Velocity + 9, 1, 127) })
            .ToArray();
        string csv = Path.Combine(_dir, "est.csv");
        string json = Path.Combine(_dir, "est.json");
        NoteCsv.Write(csv, estimate);
        NoteJson.Write(json, estimate, []);
        foreach (double tolerance in new[] { 0.05, 0.02 })
        {
            var options = EvaluationOptions.Default with { OnsetTolerance = tolerance };
            TranscriptionMetrics expected = TranscriptionEvaluator.Evaluate(reference, NoteCsv.Read(csv), options);

            // By default the reference's note ends are extended by its sustain pedal (the estimates carry no pedal).
            TranscriptionMetrics expectedSustained = TranscriptionEvaluator.Evaluate(SustainExtension.Apply(reference, pedal), NoteCsv.Read(csv), options);
            Assert.NotEqual(expected.ToTable(), expectedSustained.ToTable());
            foreach (string file in new[] { csv, json })
            {
                string t = tolerance.ToString(System.Globalization.CultureInfo.InvariantCulture);
                (int code, string stdout, string stderr) = Cli(TranscriptionTestData.ExampleMidiPath, file, "--onset-tolerance", t, "--sustain", "false");
                Assert.True(code == 0, stderr);
                Assert.Equal(expected.ToTable(), stdout);
                (code, stdout, stderr) = Cli(TranscriptionTestData.ExampleMidiPath, file, "--onset-tolerance", t);
                Assert.True(code == 0, stderr);
                Assert.Equal(expectedSustained.ToTable(), stdout);
            }
        }

        Assert.True(TranscriptionEvaluator.Evaluate(reference, estimate).Notes.F1 < 1.0);
    }

    [Fact]
    public void A_maps_tsv_reference_scores_like_the_same_notes_as_csv()
    {
        IReadOnlyList<Note> notes = TranscriptionExport.FromMidi(TranscriptionTestData.ExampleMidiPath).Notes;
        string tsv = Path.Combine(_dir, "ref.tsv");
        File.WriteAllLines(tsv, new[] { "# onset,offset,note,velocity" }.Concat(notes.Select(n => string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"{n.Onset:0.000000}\t{n.Offset:0.000000}\t{n.Pitch:0.000000}\t{n.Velocity:0.000000}"))));
        string csv = Path.Combine(_dir, "ref.csv");
        NoteCsv.Write(csv, notes);
        Note[] estimate = notes.Where((_, i) => i % 3 != 0).ToArray();
        string est = Path.Combine(_dir, "est.csv");
        NoteCsv.Write(est, estimate);

        (int code, string fromTsv, string stderr) = Cli(tsv, est);
        Assert.True(code == 0, stderr);
        Assert.Equal(Cli(csv, est).Stdout, fromTsv);
        Assert.Equal(TranscriptionEvaluator.Evaluate(NoteCsv.Read(csv), estimate).ToTable(), fromTsv);
    }

    [Fact]
    public void Unknown_missing_and_corrupt_files_exit_with_code_2()
    {
        string midi = TranscriptionTestData.ExampleMidiPath;
        string txt = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(txt, "x");
        Assert.Contains("unknown note file type '.txt'", Cli(midi, txt).Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Cli(midi, Path.Combine(_dir, "nothing.mid")).ExitCode);
        string badMidi = Path.Combine(_dir, "bad.mid");
        File.WriteAllText(badMidi, "not midi");
        (int code, string stdout, string stderr) = Cli(badMidi, midi);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, Cli(midi, midi, "--onset-tolerance", "0").ExitCode);
    }
}
