using PianoTranscription.Analysis;

namespace PianoTranscription.Tests.Analysis;

public class KeyScoreTests
{
    [Theory]
    [InlineData("C:maj", "C:maj", 1.0)]
    [InlineData("C:maj", "G:maj", 0.5)]
    [InlineData("A:min", "E:min", 0.5)]
    [InlineData("C:maj", "F:maj", 0.0)]
    [InlineData("C:maj", "A:min", 0.3)]
    [InlineData("A:min", "C:maj", 0.3)]
    [InlineData("C:maj", "C:min", 0.2)]
    [InlineData("C:min", "C:maj", 0.2)]
    [InlineData("C:maj", "E:min", 0.0)]
    [InlineData("C:maj", "D:maj", 0.0)]
    [InlineData("C:maj", "G:min", 0.0)]
    public void MirexWeights(string reference, string estimate, double expected) =>
        Assert.Equal(expected, KeyScore.Weighted(Key.Parse(reference), Key.Parse(estimate)));

    [Fact]
    public void DescendingFifthCountsOnlyWhenAllowed()
    {
        Assert.Equal(0.0, KeyScore.Weighted(Key.Parse("C:maj"), Key.Parse("F:maj")));
        Assert.Equal(0.5, KeyScore.Weighted(Key.Parse("C:maj"), Key.Parse("F:maj"), allowDescendingFifth: true));
    }

    [Fact]
    public void SegmentsAreWeightedByTime()
    {
        KeySegment[] reference = [new(0, 60, Key.Parse("C:maj")), new(60, 100, Key.Parse("A:min"))];
        KeySegment[] estimate = [new(0, 30, Key.Parse("C:maj")), new(30, 60, Key.Parse("G:maj")), new(60, 90, Key.Parse("A:min"))];
        KeyScoreResult r = KeyScore.Compare(reference, estimate);
        Assert.Equal((30 * 1.0 + 30 * 0.5 + 30 * 1.0) / 100, r.Weighted, 12); // 90..100 uncovered scores 0
        Assert.Equal(0.6, r.Accuracy, 12);
        Assert.Equal(100, r.Duration, 12);
        KeyScoreResult global = KeyScore.Compare(reference, Key.Parse("C:maj"));
        Assert.Equal((60 + 40 * 0.3) / 100, global.Weighted, 12);
        Assert.Equal(0.6, global.Accuracy, 12);
        Assert.Equal(default, KeyScore.Compare([], Key.Parse("C:maj")));
    }
}
