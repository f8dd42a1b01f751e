namespace PianoTranscription.Audio;

/// <summary>Options for <see cref="AudioClip.Load(string, AudioLoadOptions)"/> and <see cref="AudioFile.Probe(string, AudioLoadOptions)"/>.</summary>
/// <remarks>Immutable: build variants with <c>with</c> expressions, e.g. <c>AudioLoadOptions.Default with { SampleRate = 16000 }</c>.</remarks>
public sealed record AudioLoadOptions
{
    /// <summary>The defaults: native sample rate, <c>ffmpeg</c> from PATH, NaN/infinite samples refused.</summary>
    public static AudioLoadOptions Default { get; } = new();

    /// <summary>
    /// The ffmpeg executable used for formats other than WAV: a file name looked up on PATH (the default, <c>ffmpeg</c>)
    /// or a full path.
    /// </summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>
    /// Resample the clip to this rate after decoding (with <see cref="Resampler"/>), or <see langword="null"/> to keep
    /// the file's own rate.
    /// </summary>
    public int? SampleRate { get; init; }

    /// <summary>What to do with NaN or infinite samples in floating-point WAV data.</summary>
    public NonFiniteSampleHandling NonFiniteSamples { get; init; } = NonFiniteSampleHandling.Throw;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(FfmpegPath);
        if (SampleRate is int rate)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate, nameof(SampleRate));
        }
    }
}
