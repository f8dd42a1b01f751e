using PianoTranscription.Decoding;

namespace PianoTranscription.Tests.Decoding;

public sealed class DecoderOptionsJsonTests
{
    [Fact]
    public void Json_round_trips_every_setting()
    {
        var o = new DecoderOptions
        {
            OnsetThreshold = 0.35f, OffsetThreshold = 0.25f, FrameThreshold = 0.4f, PedalOnsetThreshold = 0.45f,
            PedalOffsetThreshold = 0.15f, PedalFrameThreshold = 0.6f, MinNoteDuration = 0.031, MinInterOnsetInterval = 0.07,
            MinPedalDuration = 0.09, DefaultVelocity = 80,
        };
        string json = o.ToJson();
        Assert.Equal(o, DecoderOptions.FromJson(json));
        Assert.Contains("\"onsetThreshold\":0.35", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_settings_keep_their_defaults()
    {
        Assert.Equal(DecoderOptions.Default with { FrameThreshold = 0.3f }, DecoderOptions.FromJson("{\"frameThreshold\": 0.3}"));
        Assert.Equal(DecoderOptions.Default, DecoderOptions.FromJson("{}"));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{\"onsetThreshhold\": 0.3}", "Unknown decoder setting \"onsetThreshhold\"")]
    [InlineData("{\"onsetThreshold\": \"0.3\"}", "must be a number")]
    public void Bad_json_is_a_format_error_naming_the_problem(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => DecoderOptions.FromJson(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_values_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DecoderOptions.FromJson("{\"onsetThreshold\": 1.5}"));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecoderOptions.FromJson("{\"minNoteDuration\": -1}"));
    }
}
