using PianoTranscription.Audio;

namespace PianoTranscription.Tests.Audio;

public class AudioClipTests
{
    [Fact]
    public void FromSamples_copies_the_buffer_and_reports_duration()
    {
        float[] buffer = new float[16000];
        buffer[0] = 0.5f;
        AudioClip clip = AudioClip.FromSamples(buffer, 16000);
        buffer[0] = 0f;

        Assert.Equal(0.5f, clip.Samples.Span[0]);
        Assert.Equal(TimeSpan.FromSeconds(1), clip.Duration);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-44100)]
    public void A_non_positive_sample_rate_is_rejected(int rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioClip.FromSamples(new float[4], rate));
    }

    [Fact]
    public void Slice_is_clamped_to_the_clip()
    {
        AudioClip clip = AudioClip.FromSamples(Enumerable.Range(0, 100).Select(i => (float)i).ToArray(), 100);
        AudioClip part = clip.Slice(TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1));
        Assert.Equal(10, part.Length);
        Assert.Equal(90f, part.Samples.Span[0]);
    }

    [Fact]
    public void FromInterleaved_averages_the_channels()
    {
        AudioClip clip = AudioClip.FromInterleaved([0.5f, -0.5f, 1f, 0f, 0.25f, 0.75f], channels: 2, sampleRate: 8000);
        Assert.Equal(new[] { 0f, 0.5f, 0.5f }, clip.Samples.ToArray());
        Assert.Equal(new[] { 0.5f, 1f }, AudioClip.FromInterleaved([0.5f, 1f], 1, 8000).Samples.ToArray());
        Assert.Equal(new[] { 2f }, AudioClip.FromInterleaved([1f, 2f, 3f], 3, 8000).Samples.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(1_000_000_000)]
    public void FromInterleaved_refuses_impossible_channel_counts(int channels)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => AudioClip.FromInterleaved(new float[6], channels, 8000));
        Assert.Equal("channels", ex.ParamName);
    }

    [Fact]
    public void FromInterleaved_refuses_partial_frames_and_bad_rates()
    {
        Assert.Throws<ArgumentException>(() => AudioClip.FromInterleaved(new float[5], 2, 8000));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioClip.FromInterleaved(new float[4], 2, 0));
    }
}
