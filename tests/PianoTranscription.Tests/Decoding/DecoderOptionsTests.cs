using PianoTranscription.Decoding;

namespace PianoTranscription.Tests.Decoding;

public class DecoderOptionsTests
{
    [Fact]
    public void Defaults_are_documented_values()
    {
        DecoderOptions o = DecoderOptions.Default;
        Assert.Equal(0.3f, o.OnsetThreshold);
        Assert.Equal(0.3f, o.OffsetThreshold);
        Assert.Equal(0.1f, o.FrameThreshold);
        Assert.Equal(0.05, o.MinInterOnsetInterval);
        Assert.Equal(64, o.DefaultVelocity);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(-0.2f)]
    [InlineData(float.NaN)]
    public void Thresholds_outside_the_open_unit_interval_are_rejected(float value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DecoderOptions.Default with { OnsetThreshold = value });
        Assert.Equal(nameof(DecoderOptions.OnsetThreshold), e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderOptions { PedalFrameThreshold = value });
    }

    [Fact]
    public void Negative_or_infinite_durations_and_bad_velocities_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderOptions { MinNoteDuration = -0.01 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderOptions { MinPedalDuration = double.PositiveInfinity });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderOptions { MinInterOnsetInterval = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderOptions { DefaultVelocity = 0 });
        Assert.Equal(0.0, new DecoderOptions { MinNoteDuration = 0 }.MinNoteDuration);
    }

    [Fact]
    public void With_expressions_change_one_setting()
    {
        DecoderOptions o = DecoderOptions.Default with { OnsetThreshold = 0.4f };
        Assert.Equal(0.4f, o.OnsetThreshold);
        Assert.Equal(DecoderOptions.Default.FrameThreshold, o.FrameThreshold);
        Assert.NotEqual(DecoderOptions.Default, o);
    }
}
