using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Inference;

public sealed class PosteriorgramTests
{
    [Fact]
    public void Heads_are_read_by_name_and_the_two_constructors_agree()
    {
        float[] onset = Values(3 * 88, 1);
        float[] frame = Values(3 * 88, 2);
        float[] pedal = Values(3, 3);
        var positional = new Posteriorgram(50, 0.5, onset, frame, pedalFrame: pedal);
        var named = new Posteriorgram(50, 0.5, new Dictionary<ModelHead, float[]>
        {
            [ModelHead.Onset] = onset,
            [ModelHead.Frame] = frame,
            [ModelHead.PedalFrame] = pedal,
        });

        foreach (Posteriorgram p in new[] { positional, named })
        {
            Assert.Equal(3, p.FrameCount);
            Assert.True(p.Has(ModelHead.Onset) && p.Has(ModelHead.Frame) && p.Has(ModelHead.PedalFrame));
            Assert.False(p.Has(ModelHead.Offset) || p.Has(ModelHead.Velocity) || p.Has(ModelHead.PedalOnset) || p.Has(ModelHead.PedalOffset));
            Assert.Equal(pedal, p[ModelHead.PedalFrame].ToArray());
            Assert.Equal(p.PedalFrame.ToArray(), p[ModelHead.PedalFrame].ToArray());
            Assert.True(p[ModelHead.Velocity].IsEmpty);
            Assert.False(p.Has((ModelHead)99));
            Assert.Throws<ArgumentOutOfRangeException>(() => p[(ModelHead)99]);
        }
    }

    [Fact]
    public void Wrong_lengths_and_missing_required_heads_are_refused_naming_the_head()
    {
        float[] onset = new float[2 * 88];
        Assert.Equal("velocity", Assert.Throws<ArgumentException>(() => new Posteriorgram(50, 0, onset, onset, velocity: new float[88])).ParamName);
        Assert.Equal("pedalOffset", Assert.Throws<ArgumentException>(() => new Posteriorgram(50, 0, onset, onset, pedalOffset: new float[3])).ParamName);
        Assert.Equal("frame", Assert.Throws<ArgumentNullException>(() => new Posteriorgram(50, 0, onset, null!)).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => new Posteriorgram(50, 0, new Dictionary<ModelHead, float[]> { [ModelHead.Onset] = onset }));
        Assert.Contains("onset and frame", ex.Message, StringComparison.Ordinal);

        // A head given for zero frames is present; an empty array for a posteriorgram with frames is an absent head.
        var empty = new Posteriorgram(50, 0, [], [], offset: []);
        Assert.True(empty.Has(ModelHead.Offset));
        Assert.False(new Posteriorgram(50, 0, onset, onset, offset: []).Has(ModelHead.Offset));
    }

    [Fact]
    public void The_contract_names_every_head_and_its_width()
    {
        Assert.Equal(
            ["onset", "frame", "offset", "velocity", "pedal_onset", "pedal_frame", "pedal_offset"],
            Enum.GetValues<ModelHead>().Select(ModelContract.OutputName));
        Assert.Equal([88, 88, 88, 88, 1, 1, 1], Enum.GetValues<ModelHead>().Select(ModelContract.ValuesPerFrame));
        Assert.Equal(ModelContract.HeadCount, Enum.GetValues<ModelHead>().Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelContract.OutputName((ModelHead)7));
    }

    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
    }
}
