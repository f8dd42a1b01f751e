using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;
using PianoTranscription.Notation;

namespace PianoTranscription.Tests.Notation;

public class BeatTrackerTests
{
    private static double F(IReadOnlyList<double> reference, BeatAnalysis a) => BeatEvaluator.FMeasure(reference, a.Beats).F1;

    [Fact]
    public void Steady_four_four_finds_the_beats_the_tempo_and_the_downbeats()
    {
        List<double> beats = RhythmMaterial.Beats(0.5, Enumerable.Repeat(0.6, 63)); // 100 bpm, 16 bars
        BeatAnalysis a = new BeatTracker().Analyze(RhythmMaterial.Accompaniment(beats, 4));
        Assert.True(F(beats, a) >= 0.97, $"F {F(beats, a)} bpm {a.BeatsPerMinute} {a.TimeSignature} first {a.Beats[0]} last {a.Beats[^1]}");
        Assert.InRange(a.BeatsPerMinute, 98, 102);
        Assert.Equal(TimeSignature.FourFour, a.TimeSignature);
        double downF = BeatEvaluator.FMeasure(beats.Where((_, i) => i % 4 == 0).ToArray(), a.Downbeats).F1;
        Assert.True(downF >= 0.95, $"downbeat F {downF}");
    }

    [Fact]
    public void A_tempo_change_is_followed()
    {
        // 16 bars at 90 bpm, then 16 at 115 bpm.
        List<double> beats = RhythmMaterial.Beats(0.3, Enumerable.Repeat(60 / 90.0, 64).Concat(Enumerable.Repeat(60 / 115.0, 63)));
        BeatAnalysis a = new BeatTracker().Analyze(RhythmMaterial.Accompaniment(beats, 4));
        Assert.True(F(beats, a) >= 0.9, $"F {F(beats, a)} bpm {a.BeatsPerMinute} {a.TimeSignature} first {a.Beats[0]} last {a.Beats[^1]}");
        double[] early = a.Beats.Where(b => b > 5 && b < 35).ToArray(), late = a.Beats.Where(b => b > 50).ToArray();
        Assert.InRange(60 / BeatEvaluator.MedianInterval(early), 87, 93);
        Assert.InRange(60 / BeatEvaluator.MedianInterval(late), 111, 119);
    }

    [Fact]
    public void Three_four_is_told_from_four_four()
    {
        // A 100 bpm waltz, 20 bars. (At 120 bpm with only eighths over it the tracker takes half the tempo: see
        // docs/notation.md, octave errors.)
        List<double> beats = RhythmMaterial.Beats(0.2, Enumerable.Repeat(0.6, 59));
        BeatAnalysis a = new BeatTracker().Analyze(RhythmMaterial.Accompaniment(beats, 3));
        Assert.Equal(TimeSignature.ThreeFour, a.TimeSignature);
        Assert.True(F(beats, a) >= 0.95, $"F {F(beats, a)} bpm {a.BeatsPerMinute} {a.TimeSignature} first {a.Beats[0]} last {a.Beats[^1]}");
        Assert.Equal(0, a.FirstDownbeat);
    }

    [Fact]
    public void Six_eight_is_found_from_eighths_in_threes()
    {
        // Dotted-quarter beats at 70 bpm, two per bar, each divided in three eighths.
        List<double> beats = RhythmMaterial.Beats(0.4, Enumerable.Repeat(60 / 70.0, 47));
        BeatAnalysis a = new BeatTracker().Analyze(RhythmMaterial.Accompaniment(beats, 2, division: 3));
        Assert.Equal(TimeSignature.SixEight, a.TimeSignature);
        Assert.True(F(beats, a) >= 0.95, $"F {F(beats, a)} bpm {a.BeatsPerMinute} {a.TimeSignature} first {a.Beats[0]} last {a.Beats[^1]}");
    }

    [Fact]
    public void A_pickup_beat_is_reported_before_the_first_downbeat()
    {
        List<double> beats = RhythmMaterial.Beats(0.6, Enumerable.Repeat(0.6, 64));
        List<Note> notes = RhythmMaterial.Accompaniment(beats, 4, firstDownbeat: 1); // one melody beat, then bars
        BeatAnalysis a = new BeatTracker().Analyze(notes);
        Assert.True(F(beats, a) >= 0.95, $"F {F(beats, a)} bpm {a.BeatsPerMinute} {a.TimeSignature} first {a.Beats[0]} last {a.Beats[^1]}");
        double firstDownbeat = a.Downbeats[0];
        int index = a.Beats.ToList().IndexOf(firstDownbeat);
        Assert.Equal(1.2, firstDownbeat, 0.05);
        Assert.Equal(index, a.FirstDownbeat);
    }

    [Fact]
    public void A_fixed_tempo_and_meter_are_kept()
    {
        List<double> beats = RhythmMaterial.Beats(0.5, Enumerable.Repeat(0.6, 63));
        var tracker = new BeatTracker(BeatTrackerOptions.Default with { TimeSignature = TimeSignature.ThreeFour, BeatsPerMinute = 100 });
        BeatAnalysis a = tracker.Analyze(RhythmMaterial.Accompaniment(beats, 4));
        Assert.Equal(TimeSignature.ThreeFour, a.TimeSignature);
        Assert.InRange(a.BeatsPerMinute, 98, 102);
    }

    [Fact]
    public void Bad_times_and_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new BeatTracker().Analyze([new Note(60, double.NaN, 1, 80)]));
        Assert.Throws<ArgumentException>(() => new BeatTracker().Analyze([new Note(60, 2, 1, 80)]));
        Assert.Throws<ArgumentException>(() => new BeatTracker(BeatTrackerOptions.Default with { MinBeatsPerMinute = 0 }));
        Assert.Throws<ArgumentException>(() => new BeatAnalysis([1.0, 0.5], TimeSignature.FourFour, 0));
    }

    [Fact]
    public void Too_few_notes_give_a_steady_grid()
    {
        BeatAnalysis a = new BeatTracker().Analyze([new Note(60, 1, 3, 80)]);
        Assert.Equal(1, a.Beats[0]);
        Assert.True(a.Beats[^1] >= 3);
        Assert.Equal(BeatTrackerOptions.Default.PriorBeatsPerMinute, a.BeatsPerMinute, 6);
    }
}
