using System.Globalization;
using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;

namespace PianoTranscription.Tests.Evaluation;

public class TranscriptionEvaluatorTests
{
    [Fact]
    public void A_perfect_transcription_scores_one_everywhere()
    {
        Note[] notes = [new(60, 0.5, 1.0, 80), new(64, 0.5, 1.5, 70), new(67, 2.0, 2.2, 60)];

        TranscriptionMetrics m = TranscriptionEvaluator.Evaluate(notes, notes.Reverse().ToArray());

        foreach (PrecisionRecallF1 s in new[] { m.Notes, m.NotesWithOffsets, m.NotesWithVelocity, m.NotesWithOffsetsAndVelocity, m.Frames })
        {
            Assert.Equal(1.0, s.Precision);
            Assert.Equal(1.0, s.Recall);
            Assert.Equal(1.0, s.F1);
        }

        Assert.Equal(3, m.Notes.Matched);
        Assert.Equal(50 + 100 + 20, m.Frames.ReferenceCount); // 10 ms grid cells: 0.5 s, 1.0 s and 0.2 s of sounding keys
    }

    [Fact]
    public void Onset_tolerance_is_inclusive_and_pitch_must_be_equal()
    {
        Note[] reference = [new(60, 1.0, 2.0, 80), new(62, 3.0, 4.0, 80)];
        Note[] estimate = [new(60, 1.05, 2.0, 80), new(63, 3.0, 4.0, 80)];

        TranscriptionMetrics m = TranscriptionEvaluator.Evaluate(reference, estimate);

        Assert.Equal(1, m.Notes.Matched);
        Assert.Equal(0.5, m.Notes.Precision);
        Assert.Equal(0, TranscriptionEvaluator.Evaluate(reference, estimate, new EvaluationOptions { OnsetTolerance = 0.04 }).Notes.Matched);
    }

    [Fact]
    public void Many_repeated_notes_are_matched_maximally_without_deep_recursion()
    {
        // 20 000 notes of one key 10 ms apart: every estimate fits ~10 references, the matching must still be perfect.
        var reference = new List<Note>();
        var estimate = new List<Note>();
        for (int i = 0; i < 20_000; i++)
        {
            reference.Add(new Note(60, i * 0.01, i * 0.01 + 0.005, 64));
            estimate.Add(new Note(60, i * 0.01 + 0.049, i * 0.01 + 0.054, 64));
        }

        TranscriptionMetrics m = TranscriptionEvaluator.Evaluate(reference, estimate);

        Assert.Equal(20_000, m.Notes.Matched);
    }

    [Fact]
    public void Empty_inputs_score_zero_like_mir_eval()
    {
        Note[] notes = [new(60, 0.5, 1.0, 80)];
        Assert.Equal(0, TranscriptionEvaluator.Evaluate(notes, []).Notes.F1);
        Assert.Equal(0, TranscriptionEvaluator.Evaluate([], notes).Frames.Precision);
        Assert.Equal(0, TranscriptionEvaluator.Evaluate([], []).Notes.F1);
        Assert.Equal(0, TranscriptionEvaluator.EvaluatePedal([], []).Frames.F1);
    }

    [Fact]
    public void Bad_notes_are_rejected_with_the_list_named()
    {
        Note[] good = [new(60, 0.5, 1.0, 80)];
        var e = Assert.Throws<ArgumentException>(() => TranscriptionEvaluator.Evaluate(good, [new Note(60, double.NaN, 1.0, 80)]));
        Assert.Equal("estimate", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => TranscriptionEvaluator.Evaluate([new Note(200, 0.5, 1.0, 80)], good));
        Assert.Equal("reference", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => TranscriptionEvaluator.Evaluate(null!, good));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationOptions { OnsetTolerance = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationOptions.Default with { FrameHop = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationOptions { VelocityTolerance = -1 });
    }

    [Fact]
    public void The_table_lists_every_metric_in_invariant_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Note[] reference = [new(60, 0.5, 1.0, 80), new(62, 1.5, 2.0, 80), new(64, 2.5, 3.0, 80)];
            TranscriptionMetrics m = TranscriptionEvaluator.Evaluate(reference, reference.Take(2).ToArray());

            string table = m.ToTable();

            Assert.Contains("notes + offset + velocity", table, StringComparison.Ordinal);
            Assert.Contains("1.0000  0.6667  0.8000", table, StringComparison.Ordinal);
            Assert.Equal(6, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Equal(table, m.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Counts_give_mir_eval_scores()
    {
        PrecisionRecallF1 s = PrecisionRecallF1.FromCounts(3, 4, 6);
        Assert.Equal(0.5, s.Precision);
        Assert.Equal(0.75, s.Recall);
        Assert.Equal(0.6, s.F1, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => PrecisionRecallF1.FromCounts(5, 4, 6));
    }

    [Fact]
    public void Least_squares_takes_the_minimum_norm_solution_for_constant_inputs()
    {
        (double slope, double intercept) = TranscriptionEvaluator.LeastSquaresLine([2, 2, 2], [0.1, 0.2, 0.3]);
        Assert.Equal(0.2 * 2 / 5, slope, 12);
        Assert.Equal(0.2 / 5, intercept, 12);

        (slope, intercept) = TranscriptionEvaluator.LeastSquaresLine([1, 2, 3], [3, 5, 7]);
        Assert.Equal(2, slope, 12);
        Assert.Equal(1, intercept, 12);
    }

    [Fact]
    public void Decoded_rendered_targets_score_perfectly()
    {
        Note[] notes = [new(60, 0.5123, 1.0, 80), new(64, 0.52, 1.5, 70), new(60, 1.7, 2.2, 20), new(100, 2.0, 2.6, 127)];
        PianoTranscription.Inference.Posteriorgram p = TargetRenderer.Render(notes, [new PedalInterval(0.3, 1.9)], 150, 50);

        DecodedNotes decoded = new NoteDecoder().Decode(p);
        TranscriptionMetrics m = TranscriptionEvaluator.Evaluate(notes, decoded.Notes);

        Assert.Equal(1.0, m.NotesWithOffsetsAndVelocity.F1);
        Assert.Equal(1.0, TranscriptionEvaluator.EvaluatePedal([new PedalInterval(0.3, 1.9)], decoded.Pedals).OnsetsAndOffsets.F1);
    }
}
