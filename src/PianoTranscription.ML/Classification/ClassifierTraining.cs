using Microsoft.ML;
using PianoTranscription.Audio;

namespace PianoTranscription.ML.Classification;

/// <summary>
/// Training: read the labelled folder, measure every file's clips, cross-validate with folds grouped by file and
/// stratified by label, then fit the final model on everything.
/// </summary>
internal static class ClassifierTraining
{
    public static AudioClassifier Train(string folder, AudioClassifierOptions options, IProgress<ClassifierTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        LabelledFolder data = LabelledFolder.Read(folder);
        var skipped = data.LooseFiles.Select(f => new SkippedFile(f, "not inside a label folder (only subfolders name labels)")).ToList();
        var featurizer = new ClipFeaturizer(options.Features, options.ClipSeconds, options.EffectiveHopSeconds, options.SilenceThresholdDb, options.NormalizeLoudness);

        // Measuring: the slow part, files in parallel.
        var measured = new (IReadOnlyList<MeasuredClip>? Clips, Exception? Error)[data.Files.Count];
        int done = 0;
        progress?.Report(new ClassifierTrainingProgress(ClassifierTrainingStage.Measuring, 0, data.Files.Count));
        Parallel.For(0, data.Files.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken }, i =>
        {
            try
            {
                measured[i] = (featurizer.Measure(featurizer.Load(data.Files[i].Path, options.AudioLoadOptions), cancellationToken), null);
            }
            catch (Exception ex) when (ex is AudioFormatException or IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException)
            {
                measured[i] = (null, ex);
            }

            progress?.Report(new ClassifierTrainingProgress(ClassifierTrainingStage.Measuring, Interlocked.Increment(ref done), data.Files.Count));
        });

        var files = new List<TrainingFile>();
        for (int i = 0; i < data.Files.Count; i++)
        {
            (int label, string path) = data.Files[i];
            string? problem = measured[i].Error is { } error
                ? $"cannot be read ({error.Message.ReplaceLineEndings(" ")})"
                : measured[i].Clips!.All(c => c.Silent) ? FormattableString.Invariant($"is silent (every clip below {options.SilenceThresholdDb} dBFS)") : null;
            if (problem is null)
            {
                files.Add(new TrainingFile(label, path, measured[i].Clips!.Where(c => !c.Silent).Select(c => c.Features).ToArray()));
            }
            else if (options.SkipUnusableFiles)
            {
                skipped.Add(new SkippedFile(path, problem));
            }
            else
            {
                throw measured[i].Error is { } inner
                    ? new ClassifierDataException($"The training file '{path}' {problem}; fix or remove it, or set SkipUnusableFiles to leave such files out.", inner)
                    : new ClassifierDataException($"The training file '{path}' {problem}; remove it, or set SkipUnusableFiles to leave such files out.");
            }
        }

        for (int label = 0; label < data.Labels.Count; label++)
        {
            int count = files.Count(f => f.Label == label);
            if (count < 2)
            {
                throw new ClassifierDataException(
                    $"The label '{data.Labels[label]}' has {count} usable file{(count == 1 ? "" : "s")}; every label needs at least two, so that cross-validation can hold one out while training on another.");
            }
        }

        int[] folds = AssignFolds(files, data.Labels.Count, options.Folds, options.Seed);
        int foldCount = folds.Max() + 1;
        int length = featurizer.Length;
        int labels = data.Labels.Count;
        var ml = new MLContext(seed: options.Seed);
        var metrics = new MetricsBuilder(data.Labels);
        for (int fold = 0; fold < foldCount; fold++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ClassifierTrainingProgress(ClassifierTrainingStage.CrossValidating, fold, foldCount));
            ITransformer model = ClipModel.Fit(ml, options, Rows(files.Where((_, i) => folds[i] != fold)), labels, length);
            var scorer = new ClipScorer(ml, model, labels, length);
            foreach (TrainingFile file in files.Where((_, i) => folds[i] == fold))
            {
                float[][] scores = file.Clips.Select(scorer.Score).ToArray();
                metrics.Add(fold, file.Label, ClipScorer.ArgMax(ClipScorer.Mean(scores, labels)), scores.Select(s => ClipScorer.ArgMax(s)).ToArray());
            }
        }

        progress?.Report(new ClassifierTrainingProgress(ClassifierTrainingStage.CrossValidating, foldCount, foldCount));
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new ClassifierTrainingProgress(ClassifierTrainingStage.Training, 0, 1));
        ITransformer final = ClipModel.Fit(ml, options, Rows(files), labels, length);
        progress?.Report(new ClassifierTrainingProgress(ClassifierTrainingStage.Training, 1, 1));
        var info = new ClassifierInfo(
            data.Labels,
            options with { CustomTrainer = null },
            ClipModel.TrainerName(options),
            files.Count,
            files.Sum(f => f.Clips.Length),
            metrics.Build(),
            skipped);
        return new AudioClassifier(info, ml, final);
    }

    /// <summary>
    /// Folds grouped by file and stratified by label: each label's files, shuffled by the seed, are dealt round the
    /// folds, each label starting where the last one stopped so the folds stay even. Never more folds than the
    /// largest label has files.
    /// </summary>
    internal static int[] AssignFolds(IReadOnlyList<TrainingFile> files, int labels, int folds, int seed)
    {
        int count = Math.Min(folds, Enumerable.Range(0, labels).Max(l => files.Count(f => f.Label == l)));
        var random = new Random(seed);
        int[] assigned = new int[files.Count];
        int next = 0;
        for (int label = 0; label < labels; label++)
        {
            int[] members = Enumerable.Range(0, files.Count).Where(i => files[i].Label == label).ToArray();
            random.Shuffle(members);
            foreach (int i in members)
            {
                assigned[i] = next;
                next = (next + 1) % count;
            }
        }

        return assigned;
    }

    private static IEnumerable<ClipRow> Rows(IEnumerable<TrainingFile> files) =>
        files.SelectMany(f => f.Clips.Select(c => new ClipRow { Label = (uint)f.Label, Features = c }));
}

/// <summary>A usable training file: its label's index and its non-silent clips' features.</summary>
internal sealed record TrainingFile(int Label, string Path, float[][] Clips);
