namespace PianoTranscription.Audio;

/// <summary>
/// An immutable clip of mono audio: 32-bit float samples (nominally in [-1, 1]) and a sample rate.
/// </summary>
/// <remarks>
/// Instances never change after construction, so one clip can be shared by any number of threads.
/// Multi-channel sources are down-mixed to mono when they are read.
/// </remarks>
public sealed partial class AudioClip
{
    private readonly float[] _samples;

    private AudioClip(float[] samples, int sampleRate)
    {
        if (sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive.");
        }

        _samples = samples;
        SampleRate = sampleRate;
    }

    /// <summary>The mono samples.</summary>
    public ReadOnlyMemory<float> Samples => _samples;

    /// <summary>The number of samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>The number of samples.</summary>
    public int Length => _samples.Length;

    /// <summary>The duration of the clip.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)_samples.Length / SampleRate);

    /// <summary>Creates a clip from a copy of <paramref name="samples"/>.</summary>
    /// <param name="samples">Mono samples; copied, so the caller may reuse the buffer.</param>
    /// <param name="sampleRate">Samples per second; must be positive.</param>
    /// <returns>The new clip.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is not positive.</exception>
    public static AudioClip FromSamples(ReadOnlySpan<float> samples, int sampleRate) => new(samples.ToArray(), sampleRate);

    /// <summary>Creates a mono clip from interleaved multi-channel samples by averaging the channels (as files are read).</summary>
    /// <param name="interleaved">Frames of <paramref name="channels"/> samples each: L, R, L, R, … for stereo.</param>
    /// <param name="channels">Samples per frame, 1 to 65535 (the most a WAV header can describe).</param>
    /// <param name="sampleRate">Frames per second; must be positive.</param>
    /// <returns>The new clip, one sample per frame.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> or <paramref name="sampleRate"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The number of samples is not a multiple of <paramref name="channels"/>.</exception>
    public static AudioClip FromInterleaved(ReadOnlySpan<float> interleaved, int channels, int sampleRate)
    {
        if (channels is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be between 1 and 65535.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (interleaved.Length % channels != 0)
        {
            throw new ArgumentException($"{interleaved.Length} samples do not make whole frames of {channels} channels.", nameof(interleaved));
        }

        var mono = new float[interleaved.Length / channels];
        ChannelMixer.Downmix(interleaved, mono, channels);
        return new AudioClip(mono, sampleRate);
    }

    /// <summary>Creates a clip that takes ownership of <paramref name="samples"/> without copying; the caller must not change the array afterwards.</summary>
    internal static AudioClip Wrap(float[] samples, int sampleRate) => new(samples, sampleRate);

    /// <summary>Returns the part of the clip between two times (clamped to the clip).</summary>
    /// <param name="start">Start time.</param>
    /// <param name="length">Length of the part.</param>
    /// <returns>A new clip holding a copy of that part.</returns>
    public AudioClip Slice(TimeSpan start, TimeSpan length)
    {
        long from = Math.Clamp((long)Math.Round(start.TotalSeconds * SampleRate), 0, _samples.Length);
        long count = Math.Clamp((long)Math.Round(length.TotalSeconds * SampleRate), 0, _samples.Length - from);
        return new AudioClip(_samples.AsSpan((int)from, (int)count).ToArray(), SampleRate);
    }

    /// <inheritdoc />
    public override string ToString() => $"AudioClip({Duration.TotalSeconds:0.###} s, {SampleRate} Hz, mono)";
}
