using Microsoft.ML;
using PianoTranscription.Audio;
using PianoTranscription.IO;

namespace PianoTranscription.ML.Classification;

/// <summary>
/// A classifier of recordings that you train on your own labelled audio — genres, instruments, players, rooms: give
/// <see cref="Train(string, AudioClassifierOptions?, IProgress{ClassifierTrainingProgress}?, CancellationToken)"/> a
/// folder with one subfolder per label; it cuts every file into clips, measures them (the acoustic model's
/// embedding and/or log-mel statistics), cross-validates an ML.NET multiclass trainer with folds grouped by file,
/// and fits the final model on everything. <see cref="Save(string)"/> writes one file that
/// <see cref="Load(string)"/> reads back; <see cref="Predict(string, CancellationToken)"/> labels a recording and
/// each of its clips.
/// </summary>
/// <remarks>
/// An instance is immutable and thread-safe: any number of threads may call <c>Predict</c> at once (ML.NET's
/// prediction engines, which are not, are pooled inside).
/// </remarks>
/// <example>
/// <code>
/// AudioClassifier classifier = AudioClassifier.Train("instruments");    // instruments/piano/*.wav, instruments/organ/*.wav, …
/// Console.WriteLine(classifier.Metrics);                                  // cross-validated accuracy, confusion matrix
/// classifier.Save("instruments.zip");
/// ClassifierPrediction p = AudioClassifier.Load("instruments.zip").Predict("take.wav");
/// </code>
/// </example>
public sealed class AudioClassifier
{
    private readonly ClassifierInfo _info;
    private readonly MLContext _ml;
    private readonly ClipScorer _scorer;
    private readonly ClipFeaturizer _featurizer;

    internal AudioClassifier(ClassifierInfo info, MLContext ml, ITransformer model)
    {
        _info = info;
        _ml = ml;
        _scorer = new ClipScorer(ml, model, info.Labels.Count, ClipFeaturizer.LengthOf(info.Options.Features));
        _featurizer = new ClipFeaturizer(info.Options.Features, info.Options.ClipSeconds, info.Options.EffectiveHopSeconds, info.Options.SilenceThresholdDb, info.Options.NormalizeLoudness);
    }

    /// <summary>The labels (the label folders' names), in ordinal order: the order of every probability list and of the confusion matrix.</summary>
    public IReadOnlyList<string> Labels => _info.Labels;

    /// <summary>The settings it was trained with (clip length, hop, features, trainer, silence threshold; <see cref="AudioClassifierOptions.CustomTrainer"/> is not kept). Prediction cuts and measures clips the same way.</summary>
    public AudioClassifierOptions Options => _info.Options;

    /// <summary>The trainer's name: a <see cref="ClassifierTrainer"/> value, or <c>custom</c>.</summary>
    public string TrainerName => _info.TrainerName;

    /// <summary>The cross-validated metrics measured during training (kept in the saved file).</summary>
    public ClassifierMetrics Metrics => _info.Metrics;

    /// <summary>How many files the final model was trained on.</summary>
    public int TrainingFiles => _info.TrainingFiles;

    /// <summary>How many non-silent clips the final model was trained on.</summary>
    public int TrainingClips => _info.TrainingClips;

    /// <summary>Files that were left out of training, and why (loose files beside the label folders; unreadable or silent ones with <see cref="AudioClassifierOptions.SkipUnusableFiles"/>).</summary>
    public IReadOnlyList<SkippedFile> SkippedFiles => _info.SkippedFiles;

    /// <summary>
    /// Trains a classifier on a folder with one subfolder per label (the subfolder's name is the label; its audio
    /// files, at any depth, are that label's examples).
    /// </summary>
    /// <param name="folder">The training folder.</param>
    /// <param name="options">Clip length, features, trainer, folds…; null for <see cref="AudioClassifierOptions.Default"/>.</param>
    /// <param name="progress">Receives the stage and steps done (files measured, folds), or null.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <returns>The classifier, trained on every usable file, with its cross-validated <see cref="Metrics"/>.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ClassifierDataException">No or one label folder, a label folder without audio, a label with fewer than two usable files, or (unless skipped) an unreadable or silent file.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static AudioClassifier Train(string folder, AudioClassifierOptions? options = null, IProgress<ClassifierTrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ClassifierTraining.Train(folder, options ?? AudioClassifierOptions.Default, progress, cancellationToken);

    /// <summary>Trains on a background thread; see <see cref="Train(string, AudioClassifierOptions?, IProgress{ClassifierTrainingProgress}?, CancellationToken)"/>.</summary>
    /// <param name="folder">The training folder.</param>
    /// <param name="options">The settings; null for the defaults.</param>
    /// <param name="progress">Receives the stage and steps done, or null.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <returns>The classifier.</returns>
    public static Task<AudioClassifier> TrainAsync(string folder, AudioClassifierOptions? options = null, IProgress<ClassifierTrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Train(folder, options, progress, cancellationToken), cancellationToken);

    /// <summary>Loads a classifier saved by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ClassifierModelException">The file is not a saved classifier, is damaged, is a newer format, or was measured with another acoustic model.</exception>
    public static AudioClassifier Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The classifier '{path}' was not found.", path);
        }

        using FileStream stream = File.OpenRead(path);
        return ClassifierFile.Read(stream, $"'{path}'");
    }

    /// <summary>Loads a classifier saved by <see cref="Save(Stream)"/> from a stream (read from its current position).</summary>
    /// <param name="stream">The stream.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="ClassifierModelException">The bytes are not a saved classifier.</exception>
    public static AudioClassifier Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ClassifierFile.Read(stream, "the stream");
    }

    /// <summary>Writes the classifier as one zip file: the ML.NET model, labels, clip and feature settings, metrics and format version.</summary>
    /// <param name="path">The file to write (replaced if it exists).</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, Save);
    }

    /// <summary>Writes the classifier to a stream (see <see cref="Save(string)"/>).</summary>
    /// <param name="stream">A writable stream; left open.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ClassifierFile.Write(stream, _info, _ml, _scorer.Model);
    }

    /// <summary>Labels a recording: the whole of it (mean probabilities of its non-silent clips) and each clip.</summary>
    /// <param name="path">An audio file in any format <see cref="AudioClip.Load(string)"/> reads.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The prediction.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file cannot be decoded.</exception>
    /// <exception cref="ClassifierDataException">Every clip of the recording is silent.</exception>
    public ClassifierPrediction Predict(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Classify(_featurizer.Load(path, Options.AudioLoadOptions), path, cancellationToken);
    }

    /// <summary>Labels a recording in memory (resampled to 16 kHz when needed); see <see cref="Predict(string, CancellationToken)"/>.</summary>
    /// <param name="clip">The recording.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The prediction.</returns>
    /// <exception cref="ClassifierDataException">Every clip of the recording is silent, or it is empty.</exception>
    public ClassifierPrediction Predict(AudioClip clip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return Classify(_featurizer.AtModelRate(clip), "the clip", cancellationToken);
    }

    /// <summary>Labels a recording on a background thread; see <see cref="Predict(string, CancellationToken)"/>.</summary>
    /// <param name="path">An audio file.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The prediction.</returns>
    public Task<ClassifierPrediction> PredictAsync(string path, CancellationToken cancellationToken = default) =>
        Task.Run(() => Predict(path, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"AudioClassifier({string.Join(", ", Labels)}; {Options.Features}, {TrainerName}; file accuracy {Metrics.FileAccuracy:0.000} cross-validated)");

    private ClassifierPrediction Classify(AudioClip audio, string source, CancellationToken cancellationToken)
    {
        IReadOnlyList<MeasuredClip> clips = _featurizer.Measure(audio, cancellationToken);
        if (clips.Count == 0)
        {
            throw new ClassifierDataException($"{Capitalised(source)} is empty; there is nothing to classify.");
        }

        var segments = new ClassifiedSegment[clips.Count];
        var voiced = new List<float[]>();
        for (int i = 0; i < clips.Count; i++)
        {
            float[] score = _scorer.Score(clips[i].Features);
            segments[i] = new ClassifiedSegment(clips[i].Start, clips[i].End, Labels[ClipScorer.ArgMax(score)], ByLabel(score), clips[i].Silent);
            if (!clips[i].Silent)
            {
                voiced.Add(score);
            }
        }

        if (voiced.Count == 0)
        {
            throw new ClassifierDataException(FormattableString.Invariant(
                $"{Capitalised(source)} is silent (every clip below {Options.SilenceThresholdDb} dBFS); there is nothing to classify."));
        }

        float[] mean = ClipScorer.Mean(voiced, Labels.Count);
        return new ClassifierPrediction(Labels[ClipScorer.ArgMax(mean)], ByLabel(mean), segments);
    }

    private Dictionary<string, float> ByLabel(float[] score)
    {
        var byLabel = new Dictionary<string, float>(Labels.Count, StringComparer.Ordinal);
        for (int i = 0; i < Labels.Count; i++)
        {
            byLabel[Labels[i]] = score[i];
        }

        return byLabel;
    }

    private static string Capitalised(string source) => source.Length > 0 && char.IsLower(source[0]) ? char.ToUpperInvariant(source[0]) + source[1..] : source;
}
