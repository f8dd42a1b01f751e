using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;

namespace PianoTranscription.Tests.Evaluation;

/// <summary>The code sample of docs/evaluation.md, kept compiling and checked.</summary>
public class EvaluationDocsExamplesTests
{
    [Fact]
    public void Evaluation_example()
    {
        Note[] reference = [new Note(60, 0.50, 1.00, 80), new Note(64, 0.50, 1.50, 70), new Note(67, 2.00, 2.20, 60)];
        Note[] estimate = [new Note(60, 0.52, 1.05, 84), new Note(64, 0.49, 1.20, 60)];

        TranscriptionMetrics metrics = TranscriptionEvaluator.Evaluate(reference, estimate);
        Console.WriteLine(metrics.ToTable());
        Console.WriteLine($"note F1 {metrics.Notes.F1:0.000}, with offsets {metrics.NotesWithOffsets.F1:0.000}");

        var strict = EvaluationOptions.Default with { OnsetTolerance = 0.025 };
        IReadOnlyList<NoteMatch> pairs = TranscriptionEvaluator.MatchNotes(reference, estimate, MatchCriteria.Onset, strict);

        PedalMetrics pedal = TranscriptionEvaluator.EvaluatePedal([new PedalInterval(0.3, 1.6)], [new PedalInterval(0.32, 1.5)]);
        Console.WriteLine(pedal.ToTable());

        Assert.Contains("notes (onset)                 1.0000  0.6667  0.8000         2        3        2", metrics.ToTable(), StringComparison.Ordinal);
        Assert.Equal([new NoteMatch(0, 0), new NoteMatch(1, 1)], pairs);
        Assert.Equal(1.0, pedal.OnsetsAndOffsets.F1);
    }
}
