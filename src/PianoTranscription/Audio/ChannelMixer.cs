namespace PianoTranscription.Audio;

/// <summary>Averages interleaved channels to mono.</summary>
internal static class ChannelMixer
{
    /// <summary>Writes <c>mono.Length</c> frames: each the mean of its <paramref name="channels"/> interleaved samples.</summary>
    public static void Downmix(ReadOnlySpan<float> interleaved, Span<float> mono, int channels)
    {
        if (channels == 1)
        {
            interleaved[..mono.Length].CopyTo(mono);
            return;
        }

        float scale = 1f / channels;
        for (int i = 0, k = 0; i < mono.Length; i++)
        {
            float sum = 0f;
            for (int c = 0; c < channels; c++, k++)
            {
                sum += interleaved[k];
            }

            mono[i] = sum * scale;
        }
    }
}
