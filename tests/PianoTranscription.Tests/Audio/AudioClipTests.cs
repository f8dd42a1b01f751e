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
}
