using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;
using PianoTranscription.Notation;

namespace PianoTranscription.Tests.Notation;

public class MetricLevelTests
{
    /// <summary>
    /// Bass on every beat (a chord's root, changing each bar) and louder chords of the same harmony on every
    /// off-beat: the onset curve peaks half-way between the beats.
    /// </summary>
    private static (List<double> Beats, List<Note> Notes) OffBeatChords()
    {
        List<double> beats = RhythmMaterial.Beats(0.5, Enumerable.Repeat(0.6, 79)); // 100 bpm, 20 bars
        int[][] chords = [[0, 4, 7], [9, 12, 16], [5, 9, 12], [7, 11, 14]];
        var notes = new List<Note>();
        for (int i = 0; i + 1 < beats.Count; i++)
        {
            int[] chord = chords[(i / 4) % chords.Length];
            double t = beats[i], half = 0.5 * (beats[i + 1] - beats[i]);
            notes.Add(new Note(36 + chord[0], t, t + half - 0.02, 70));
            foreach (int c in chord)
            {
                notes.Add(new Note(60 + c, t + half, t + (2 * half) - 0.02, 110));
            }
        }

        return (beats, notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList());
    }

    [Fact]
    public void The_beats_score_above_their_off_beats()
    {
        (List<double> beats, List<Note> notes) = OffBeatChords();
        double onBeats = MetricLevel.PhaseScore(MetricLevel.PhaseFeatures(notes, beats));
        double offBeats = MetricLevel.PhaseScore(MetricLevel.PhaseFeatures(notes, MetricLevel.OffBeats(beats)));
        Assert.True(onBeats > offBeats, $"beats {onBeats}, off-beats {offBeats}");

        List<Note> plain = RhythmMaterial.Accompaniment(beats, 4);
        Assert.True(MetricLevel.PhaseScore(MetricLevel.PhaseFeatures(plain, beats)) > MetricLevel.PhaseScore(MetricLevel.PhaseFeatures(plain, MetricLevel.OffBeats(beats))));
    }

    [Fact]
    public void Off_beat_chords_do_not_pull_the_beats_off_the_bass()
    {
        (List<double> beats, List<Note> notes) = OffBeatChords();
        BeatAnalysis a = new BeatTracker().Analyze(notes);
        double f = BeatEvaluator.FMeasure(beats, a.Beats).F1;
        BeatAnalysis withoutCheck = new BeatTracker(BeatTrackerOptions.Default with { ChooseOffBeat = false }).Analyze(notes);
        double before = BeatEvaluator.FMeasure(beats, withoutCheck.Beats).F1;
        Assert.True(before < 0.5, $"without the off-beat check F {before}: the material no longer tests the check");
        Assert.True(f >= 0.95, $"F {f} bpm {a.BeatsPerMinute} first {a.Beats[0]}");
        Assert.InRange(a.BeatsPerMinute, 98, 102);
    }

    [Fact]
    public void The_off_beats_are_half_way_with_one_before_the_first_beat_where_it_fits()
    {
        List<double> off = MetricLevel.OffBeats([1.0, 2.0, 3.0]);
        Assert.Equal([0.5, 1.5, 2.5, 3.5], off);
        List<double> early = MetricLevel.OffBeats([0.2, 1.0]); // half a beat before 0.2 would be negative
        Assert.Equal(2, early.Count);
        Assert.Equal(0.6, early[0], 9);
        Assert.Equal(1.4, early[1], 9);
    }
}
