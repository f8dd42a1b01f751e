namespace PianoTranscription.ML.Classification;

/// <summary>What a classifier knows besides its ML.NET model; saved beside it as the manifest.</summary>
internal sealed record ClassifierInfo(
    IReadOnlyList<string> Labels,
    AudioClassifierOptions Options,
    string TrainerName,
    int TrainingFiles,
    int TrainingClips,
    ClassifierMetrics Metrics,
    IReadOnlyList<SkippedFile> SkippedFiles);
