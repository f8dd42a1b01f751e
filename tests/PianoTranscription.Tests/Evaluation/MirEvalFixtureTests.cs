using System.Text.Json;
using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;

namespace PianoTranscription.Tests.Evaluation;

/// <summary>
/// Compares the evaluator with mir_eval's numbers stored by <c>tools/eval/make_fixtures.py</c> (no Python needed here).
/// </summary>
public class MirEvalFixtureTests
{
    private const double Exact = 1e-9;

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation");

    public static TheoryData<string> NoteCases() => Cases("notes_");

    public static TheoryData<string> PedalCases() => Cases("pedal_");

    private static TheoryData<string> Cases(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Folder, prefix + "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static JsonElement Load(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file))).RootElement;

    private static List<Note> Notes(JsonElement list) => list.EnumerateArray()
        .Select(n => new Note(n[2].GetInt32(), n[0].GetDouble(), n[1].GetDouble(), n[3].GetInt32()))
        .ToList();

    private static List<PedalInterval> Pedals(JsonElement list) => list.EnumerateArray()
        .Select(n => new PedalInterval(n[0].GetDouble(), n[1].GetDouble()))
        .ToList();

    private static EvaluationOptions Options(JsonElement o) => new()
    {
        OnsetTolerance = o.GetProperty("onset_tolerance").GetDouble(),
        OffsetRatio = o.GetProperty("offset_ratio").GetDouble(),
        OffsetMinTolerance = o.GetProperty("offset_min_tolerance").GetDouble(),
        VelocityTolerance = o.GetProperty("velocity_tolerance").GetDouble(),
        FrameHop = o.GetProperty("frame_hop").GetDouble(),
    };

    private static void AssertScores(JsonElement expected, PrecisionRecallF1 actual, string what)
    {
        Assert.True(Math.Abs(expected[0].GetDouble() - actual.Precision) < Exact, $"{what} precision {actual.Precision}, mir_eval {expected[0].GetDouble()}");
        Assert.True(Math.Abs(expected[1].GetDouble() - actual.Recall) < Exact, $"{what} recall {actual.Recall}, mir_eval {expected[1].GetDouble()}");
        Assert.True(Math.Abs(expected[2].GetDouble() - actual.F1) < Exact, $"{what} F1 {actual.F1}, mir_eval {expected[2].GetDouble()}");
        Assert.Equal(expected[3].GetInt32(), actual.Matched);
        if (expected.GetArrayLength() > 4)
        {
            Assert.Equal(expected[4].GetInt32(), actual.ReferenceCount);
            Assert.Equal(expected[5].GetInt32(), actual.EstimateCount);
        }
    }

    private static void AssertMatching(JsonElement expected, IReadOnlyList<NoteMatch> actual)
    {
        var pairs = expected.EnumerateArray().Select(p => new NoteMatch(p[0].GetInt32(), p[1].GetInt32())).ToList();
        Assert.Equal(pairs, actual);
    }

    [Theory]
    [MemberData(nameof(NoteCases))]
    public void Note_and_frame_scores_equal_mir_eval(string file)
    {
        JsonElement doc = Load(file);
        List<Note> reference = Notes(doc.GetProperty("reference"));
        List<Note> estimate = Notes(doc.GetProperty("estimate"));
        EvaluationOptions options = Options(doc.GetProperty("options"));
        JsonElement expected = doc.GetProperty("expected");

        TranscriptionMetrics m = TranscriptionEvaluator.Evaluate(reference, estimate, options);

        AssertScores(expected.GetProperty("notes"), m.Notes, "notes");
        AssertScores(expected.GetProperty("notes_offsets"), m.NotesWithOffsets, "notes+offsets");
        AssertScores(expected.GetProperty("notes_velocity"), m.NotesWithVelocity, "notes+velocity");
        AssertScores(expected.GetProperty("notes_offsets_velocity"), m.NotesWithOffsetsAndVelocity, "notes+offsets+velocity");
        AssertScores(expected.GetProperty("frames"), m.Frames, "frames");
    }

    [Theory]
    [MemberData(nameof(NoteCases))]
    public void Matched_pairs_are_the_ones_mir_eval_finds(string file)
    {
        JsonElement doc = Load(file);
        JsonElement expected = doc.GetProperty("expected");
        if (!expected.TryGetProperty("matching_onset", out JsonElement onsetPairs))
        {
            return; // an empty side: mir_eval returns before matching
        }

        List<Note> reference = Notes(doc.GetProperty("reference"));
        List<Note> estimate = Notes(doc.GetProperty("estimate"));
        EvaluationOptions options = Options(doc.GetProperty("options"));

        AssertMatching(onsetPairs, TranscriptionEvaluator.MatchNotes(reference, estimate, MatchCriteria.Onset, options));
        AssertMatching(expected.GetProperty("matching_velocity"), TranscriptionEvaluator.MatchNotes(reference, estimate, MatchCriteria.OnsetAndVelocity, options));
    }

    [Theory]
    [MemberData(nameof(PedalCases))]
    public void Pedal_scores_equal_mir_eval(string file)
    {
        JsonElement doc = Load(file);
        JsonElement expected = doc.GetProperty("expected");

        PedalMetrics m = TranscriptionEvaluator.EvaluatePedal(Pedals(doc.GetProperty("reference")), Pedals(doc.GetProperty("estimate")), Options(doc.GetProperty("options")));

        AssertScores(expected.GetProperty("notes"), m.Onsets, "pedal onsets");
        AssertScores(expected.GetProperty("notes_offsets"), m.OnsetsAndOffsets, "pedal onsets+offsets");
        AssertScores(expected.GetProperty("frames"), m.Frames, "pedal frames");
    }

    [Fact]
    public void All_fixture_files_are_present()
    {
        Assert.True(NoteCases().Count >= 10);
        Assert.True(PedalCases().Count >= 2);
    }
}
