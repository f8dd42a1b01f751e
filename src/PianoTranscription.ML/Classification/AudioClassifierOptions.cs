using Microsoft.ML;
using PianoTranscription.Audio;

namespace PianoTranscription.ML.Classification;

/// <summary>How <see cref="AudioClassifier.Train(string, AudioClassifierOptions?, IProgress{ClassifierTrainingProgress}?, CancellationToken)"/> cuts, measures and learns.</summary>
public sealed record AudioClassifierOptions
{
    /// <summary>The defaults: 3 s clips every 3 s scaled to one level, log-mel statistics, maximum entropy, 5 folds, seed 1.</summary>
    public static AudioClassifierOptions Default { get; } = new();

    /// <summary>The length of each clip in seconds (default 3; 0.5 to 60). A file shorter than this is one clip.</summary>
    public double ClipSeconds { get; init; } = 3;

    /// <summary>Seconds from one clip's start to the next (default null: <see cref="ClipSeconds"/>, clips that touch; smaller overlaps them).</summary>
    public double? HopSeconds { get; init; }

    /// <summary>
    /// What is measured in each clip (default <see cref="ClassifierFeatures.LogMel"/>: on the instrument-family tuning
    /// set of docs/analysis.md it was as accurate as both kinds together, ahead of the embedding alone, at a third of
    /// the time; the embedding is there for tasks where which notes sound matters more than timbre).
    /// </summary>
    public ClassifierFeatures Features { get; init; } = ClassifierFeatures.LogMel;

    /// <summary>The built-in trainer (default <see cref="ClassifierTrainer.MaximumEntropy"/>); ignored when <see cref="CustomTrainer"/> is set.</summary>
    public ClassifierTrainer Trainer { get; init; } = ClassifierTrainer.MaximumEntropy;

    /// <summary>
    /// Any ML.NET multiclass trainer, reading the key column <c>Label</c> and the normalised vector column
    /// <c>Features</c> — for example <c>ml =&gt; ml.MulticlassClassification.Trainers.LightGbm()</c> (package
    /// Microsoft.ML.LightGbm). The trainer's assembly must be present where the saved classifier is loaded.
    /// </summary>
    public Func<MLContext, IEstimator<ITransformer>>? CustomTrainer { get; init; }

    /// <summary>
    /// The number of cross-validation folds (default 5; at least 2). Folds are grouped by file (the clips of one file
    /// are never on both sides) and stratified by label; a label with fewer files than folds is spread over as many
    /// folds as it has files.
    /// </summary>
    public int Folds { get; init; } = 5;

    /// <summary>The seed of the fold assignment and the trainer (default 1): the same data and seed give the same classifier.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Clips whose RMS level is below this many dB relative to full scale are silent (default −60): not trained on,
    /// and not counted in a file's prediction.
    /// </summary>
    public double SilenceThresholdDb { get; init; } = -60;

    /// <summary>
    /// True (default): each clip is scaled to the same RMS level (−20 dBFS) before it is measured, so that the level a
    /// recording was made at does not decide its label. False measures clips as they are.
    /// </summary>
    public bool NormalizeLoudness { get; init; } = true;

    /// <summary>
    /// False (default): an unreadable or silent training file stops training with a <see cref="ClassifierDataException"/>
    /// naming it. True: such files are left out and listed in <see cref="AudioClassifier.SkippedFiles"/>.
    /// </summary>
    public bool SkipUnusableFiles { get; init; }

    /// <summary>How many files are measured at once (default all processors; each runs the acoustic model on one thread).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>How audio files are read (ffmpeg location, NaN handling); the sample rate is always the acoustic model's (16 kHz).</summary>
    public AudioLoadOptions AudioLoadOptions { get; init; } = AudioLoadOptions.Default;

    /// <summary>The hop in seconds that applies: <see cref="HopSeconds"/>, or <see cref="ClipSeconds"/> when unset.</summary>
    public double EffectiveHopSeconds => HopSeconds ?? ClipSeconds;

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the first bad value.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(ClipSeconds) || ClipSeconds < 0.5 || ClipSeconds > 60)
        {
            throw new ArgumentException($"{nameof(ClipSeconds)} must be 0.5 to 60 seconds, not {ClipSeconds}.", nameof(ClipSeconds));
        }

        if (HopSeconds is { } hop && (!double.IsFinite(hop) || hop < 0.1 || hop > 60))
        {
            throw new ArgumentException($"{nameof(HopSeconds)} must be 0.1 to 60 seconds, not {hop}.", nameof(HopSeconds));
        }

        if (!Enum.IsDefined(Features))
        {
            throw new ArgumentException($"{nameof(Features)} {Features} is not one of {string.Join(", ", Enum.GetNames<ClassifierFeatures>())}.", nameof(Features));
        }

        if (!Enum.IsDefined(Trainer))
        {
            throw new ArgumentException($"{nameof(Trainer)} {Trainer} is not one of {string.Join(", ", Enum.GetNames<ClassifierTrainer>())}.", nameof(Trainer));
        }

        if (Folds is < 2 or > 100)
        {
            throw new ArgumentException($"{nameof(Folds)} must be 2 to 100, not {Folds}.", nameof(Folds));
        }

        if (!double.IsFinite(SilenceThresholdDb) || SilenceThresholdDb > 0)
        {
            throw new ArgumentException($"{nameof(SilenceThresholdDb)} must be a finite level at or below 0 dB, not {SilenceThresholdDb}.", nameof(SilenceThresholdDb));
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentException($"{nameof(MaxDegreeOfParallelism)} must be at least 1, not {MaxDegreeOfParallelism}.", nameof(MaxDegreeOfParallelism));
        }

        if (AudioLoadOptions is null)
        {
            throw new ArgumentException($"{nameof(AudioLoadOptions)} must not be null.", nameof(AudioLoadOptions));
        }
    }
}
