using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Notation;
using PianoTranscription.Tests.Audio;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Notation;

public class ScoreBuilderTests
{
    [Fact]
    public void The_bundled_example_becomes_a_four_four_score_at_its_tempo_with_every_note()
    {
        string path = ExampleSampleTests.FindSample("example.mid") ?? throw new FileNotFoundException("samples/example.mid not found");
        MidiPerformance performance = MidiNotes.Read(path);
        var result = new TranscriptionResult(performance.Notes, performance.SustainPedal, TimeSpan.FromSeconds(14.875));
        Score score = result.ToScore(new ScoreOptions { Title = "Example" });

        Assert.Equal(performance.Notes.Count, score.Notes.Count);
        Assert.Equal(480, score.TicksPerQuarterNote);
        Assert.Equal(TimeSignature.FourFour, score.TimeSignature);
        Assert.Equal("Example", score.Title);
        Assert.Equal(result.EstimatedKey?.Key, score.Key);
        double bpm = 60 / PianoTranscription.Evaluation.BeatEvaluator.MedianInterval(score.Beats);
        Assert.InRange(bpm, 96 * 0.96, 96 * 1.04); // make_example.py writes 96 bpm
        foreach (ScoreNote n in score.Notes)
        {
            // Quantised starts map back to within a sixteenth (at 96 bpm, 156 ms) of the performed onset.
            Assert.InRange(score.TempoMap.ToSeconds(n.StartTick) - n.Performed.Onset, -0.08, 0.08);
            Assert.Equal(n.Pitch, n.Performed.Pitch);
            Assert.True(n.DurationTicks >= 1);
        }

        Assert.Contains(score.Notes, n => n.Hand == Hand.Left);
        Assert.Contains(score.Notes, n => n.Hand == Hand.Right);
        Assert.True(score.NotesOf(Hand.Left).Average(n => n.Pitch) < score.NotesOf(Hand.Right).Average(n => n.Pitch));
    }

    [Fact]
    public void No_notes_give_an_empty_score_in_the_requested_meter()
    {
        Score score = ScoreBuilder.Build([], new ScoreOptions { TimeSignature = TimeSignature.SixEight, BeatsPerMinute = 60 });
        Assert.Empty(score.Notes);
        Assert.Equal(TimeSignature.SixEight, score.TimeSignature);
        Assert.Equal(1.0, score.TempoMap.ToSeconds(720), 5); // one dotted quarter per second
        Assert.Empty(new TranscriptionResult([], [], TimeSpan.Zero).ToScore().Notes);
    }

    [Fact]
    public void Unusable_times_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ScoreBuilder.Build([new Note(60, double.NaN, 1, 80)]));
        Assert.Throws<ArgumentException>(() => ScoreBuilder.Build([new Note(60, -1, 1, 80)]));
    }

    [Fact]
    public void Overrides_fix_meter_and_tempo_and_performed_notes_are_kept()
    {
        List<double> beats = RhythmMaterial.Beats(0.5, Enumerable.Repeat(0.6, 31));
        List<Note> notes = RhythmMaterial.Accompaniment(beats, 4);
        Score score = ScoreBuilder.Build(notes, new ScoreOptions { TimeSignature = TimeSignature.ThreeFour, BeatsPerMinute = 100 });
        Assert.Equal(TimeSignature.ThreeFour, score.TimeSignature);
        Assert.Equal(notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch), score.Notes.Select(n => n.Performed).OrderBy(n => n.Onset).ThenBy(n => n.Pitch));
        Assert.All(score.Notes, n => Assert.Equal(0, n.StartTick % 120)); // straight eighths: on the sixteenth grid
    }
}
