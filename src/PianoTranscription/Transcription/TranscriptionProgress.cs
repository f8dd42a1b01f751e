namespace PianoTranscription.Transcription;

/// <summary>Progress of a transcription, reported through <see cref="IProgress{T}"/>; <see cref="Processed"/> never decreases.</summary>
/// <param name="Processed">How much of the audio has been read and processed.</param>
/// <param name="Total">The audio's duration when known in advance (files and buffers), or null (some streams).</param>
public readonly record struct TranscriptionProgress(TimeSpan Processed, TimeSpan? Total)
{
    /// <summary>The fraction done in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => Total is { } total
        ? total <= TimeSpan.Zero ? 1.0 : Math.Clamp(Processed.TotalSeconds / total.TotalSeconds, 0.0, 1.0)
        : null;
}
