namespace PianoTranscription.ML.Classification;

/// <summary>The stages of training an <see cref="AudioClassifier"/>, in order.</summary>
public enum ClassifierTrainingStage
{
    /// <summary>Reading each file, cutting it into clips and measuring their features (the slow part).</summary>
    Measuring,

    /// <summary>Training on all folds but one and scoring the one left out, fold by fold.</summary>
    CrossValidating,

    /// <summary>Training the final model on every file.</summary>
    Training,
}

/// <summary>How far training has got: <paramref name="Done"/> of <paramref name="Total"/> steps of a stage (files, folds, or 1).</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Done">Steps of the stage finished.</param>
/// <param name="Total">Steps in the stage.</param>
public sealed record ClassifierTrainingProgress(ClassifierTrainingStage Stage, int Done, int Total);

/// <summary>A file left out of training (<see cref="AudioClassifierOptions.SkipUnusableFiles"/>), and why.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why it was left out: unreadable (the reader's message), silent, or not inside a label folder.</param>
public sealed record SkippedFile(string Path, string Reason);
