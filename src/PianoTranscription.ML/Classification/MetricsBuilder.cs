namespace PianoTranscription.ML.Classification;

/// <summary>Collects held-out answers fold by fold and turns them into <see cref="ClassifierMetrics"/>.</summary>
internal sealed class MetricsBuilder(IReadOnlyList<string> labels)
{
    private readonly List<(int Fold, int Truth, int FilePredicted, int[] ClipPredicted)> _files = [];

    /// <summary>Adds one held-out file: its true label, the label of its mean probabilities, and each clip's label.</summary>
    public void Add(int fold, int truth, int filePredicted, int[] clipPredicted) => _files.Add((fold, truth, filePredicted, clipPredicted));

    public ClassifierMetrics Build()
    {
        int n = labels.Count;
        int[][] confusion = Enumerable.Range(0, n).Select(_ => new int[n]).ToArray();
        int[] clipsRight = new int[n], clips = new int[n], files = new int[n];
        foreach (var f in _files)
        {
            confusion[f.Truth][f.FilePredicted]++;
            files[f.Truth]++;
            clips[f.Truth] += f.ClipPredicted.Length;
            clipsRight[f.Truth] += f.ClipPredicted.Count(p => p == f.Truth);
        }

        var perClass = new ClassMetrics[n];
        for (int i = 0; i < n; i++)
        {
            int predicted = confusion.Sum(row => row[i]);
            double precision = predicted == 0 ? 0 : (double)confusion[i][i] / predicted;
            double recall = files[i] == 0 ? 0 : (double)confusion[i][i] / files[i];
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[i] = new ClassMetrics(labels[i], files[i], clips[i], precision, recall, f1);
        }

        int totalFiles = _files.Count;
        int totalClips = clips.Sum();
        int[] present = Enumerable.Range(0, n).Where(i => files[i] > 0).ToArray();
        FoldMetrics[] folds = _files.GroupBy(f => f.Fold).OrderBy(g => g.Key).Select(g => new FoldMetrics(
            g.Key + 1,
            g.Count(),
            g.Sum(f => f.ClipPredicted.Length),
            Share(g.Count(f => f.FilePredicted == f.Truth), g.Count()),
            Share(g.Sum(f => f.ClipPredicted.Count(p => p == f.Truth)), g.Sum(f => f.ClipPredicted.Length)))).ToArray();
        return new ClassifierMetrics(
            labels,
            totalFiles,
            totalClips,
            Share(Enumerable.Range(0, n).Sum(i => confusion[i][i]), totalFiles),
            present.Length == 0 ? 0 : present.Average(i => perClass[i].Recall),
            Share(clipsRight.Sum(), totalClips),
            present.Length == 0 ? 0 : present.Where(i => clips[i] > 0).Select(i => (double)clipsRight[i] / clips[i]).DefaultIfEmpty(0).Average(),
            perClass,
            confusion,
            folds);
    }

    private static double Share(int right, int total) => total == 0 ? 0 : (double)right / total;
}
