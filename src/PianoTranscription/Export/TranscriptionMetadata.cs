namespace PianoTranscription.Export;

/// <summary>Optional facts about a transcription stored alongside the notes in JSON output.</summary>
public sealed record TranscriptionMetadata
{
    /// <summary>The audio file the notes were transcribed from, or null.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The audio's duration in seconds, or null.</summary>
    public double? Duration { get; init; }

    /// <summary>The acoustic model's version, or null.</summary>
    public string? ModelVersion { get; init; }
}
