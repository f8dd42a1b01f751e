using PianoTranscription.Evaluation;

namespace PianoTranscription.Tests.Notation;

public class BeatEvaluatorTests
{
    [Fact]
    public void F_measure_matches_one_to_one_within_the_window()
    {
        double[] reference = [1.0, 2.0, 3.0, 4.0];
        double[] estimated = [1.05, 1.06, 2.2, 3.0, 3.99];
        PrecisionRecallF1 f = BeatEvaluator.FMeasure(reference, estimated);
        Assert.Equal(3, f.Matched); // 1.05 (not also 1.06), 3.0, 3.99; 2.2 is outside 70 ms
        Assert.Equal(2 * 0.6 * 0.75 / 1.35, f.F1, 12);
        Assert.Equal(0, BeatEvaluator.FMeasure([], estimated).F1);
    }

    [Fact]
    public void Trim_drops_beats_before_five_seconds_and_tempo_compares_median_intervals()
    {
        Assert.Equal([5.0, 6.0], BeatEvaluator.Trim([6.0, 4.99, 5.0]));
        double[] r = [0, 0.5, 1.0, 1.5, 2.0];
        Assert.True(BeatEvaluator.TempoAgrees(r, [0, 0.52, 1.04, 1.56]));
        Assert.False(BeatEvaluator.TempoAgrees(r, [0, 1, 2, 3]));
        Assert.Throws<ArgumentException>(() => BeatEvaluator.FMeasure([double.NaN], [1.0]));
    }
}
