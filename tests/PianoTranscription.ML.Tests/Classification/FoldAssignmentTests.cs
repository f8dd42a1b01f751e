using PianoTranscription.ML.Classification;

namespace PianoTranscription.ML.Tests.Classification;

/// <summary>The fold assignment behind <see cref="ClassifierMetrics"/>: grouped by file, stratified by label, seeded.</summary>
public sealed class FoldAssignmentTests
{
    [Fact]
    public void Every_file_is_in_one_fold_each_label_spreads_over_the_folds_and_the_seed_decides()
    {
        // Labels with 7, 3 and 2 files into 5 folds.
        TrainingFile[] files = [.. Enumerable.Range(0, 12).Select(i => new TrainingFile(i < 7 ? 0 : i < 10 ? 1 : 2, $"{i}.wav", []))];
        int[] folds = ClassifierTraining.AssignFolds(files, labels: 3, folds: 5, seed: 1);
        Assert.Equal(12, folds.Length);
        Assert.All(folds, f => Assert.InRange(f, 0, 4));
        Assert.Equal(5, folds.Distinct().Count());
        for (int label = 0; label < 3; label++)
        {
            int[] own = files.Select((f, i) => (f, i)).Where(x => x.f.Label == label).Select(x => folds[x.i]).ToArray();
            // As even as it can be: no fold holds two files of a label before every fold holds one.
            Assert.True(own.GroupBy(f => f).Max(g => g.Count()) - (own.Length / 5) <= 1, string.Join(",", own));
        }

        // Every fold leaves each label at least one file to train on.
        for (int fold = 0; fold < 5; fold++)
        {
            Assert.All(Enumerable.Range(0, 3), label => Assert.Contains(files.Where((f, i) => f.Label == label && folds[i] != fold), _ => true));
        }

        Assert.Equal(folds, ClassifierTraining.AssignFolds(files, 3, 5, seed: 1));
        Assert.NotEqual(folds, ClassifierTraining.AssignFolds(files, 3, 5, seed: 2));

        // Never more folds than the largest label has files.
        Assert.Equal(2, ClassifierTraining.AssignFolds(files.Where(f => f.Label == 2).Concat(files.Where(f => f.Label == 1).Take(2)).ToArray(), 3, 5, 1).Distinct().Count());
    }
}
