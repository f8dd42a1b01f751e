using System.Globalization;
using System.Text;

namespace PianoTranscription.ML.Classification;

/// <summary>
/// Cross-validated quality of an <see cref="AudioClassifier"/>: every file was scored by a model that never saw any
/// clip of it (folds grouped by file, stratified by label). Per-file answers are the mean clip probabilities, as
/// <see cref="AudioClassifier.Predict(string, CancellationToken)"/> gives them.
/// </summary>
/// <param name="Labels">The labels, in the order of <see cref="ConfusionMatrix"/> rows and columns.</param>
/// <param name="Files">Files scored (every training file once).</param>
/// <param name="Clips">Non-silent clips scored.</param>
/// <param name="FileAccuracy">The share of files whose predicted label is right (micro accuracy over files).</param>
/// <param name="FileMacroAccuracy">The mean over labels of each label's file recall.</param>
/// <param name="ClipAccuracy">The share of clips whose own predicted label is right.</param>
/// <param name="ClipMacroAccuracy">The mean over labels of each label's clip recall.</param>
/// <param name="PerClass">Precision, recall and F1 of each label, over files.</param>
/// <param name="ConfusionMatrix">File counts: row = true label, column = predicted label, both in <see cref="Labels"/> order.</param>
/// <param name="Folds">Each fold's own figures.</param>
public sealed record ClassifierMetrics(
    IReadOnlyList<string> Labels,
    int Files,
    int Clips,
    double FileAccuracy,
    double FileMacroAccuracy,
    double ClipAccuracy,
    double ClipMacroAccuracy,
    IReadOnlyList<ClassMetrics> PerClass,
    IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix,
    IReadOnlyList<FoldMetrics> Folds)
{
    /// <summary>The accuracy of always answering the commonest label (over files): what "above chance" is measured against.</summary>
    public double ChanceFileAccuracy => Files == 0 ? 0 : (double)PerClass.Max(c => c.Files) / Files;

    /// <summary>A plain-text report: the headline figures, per-label figures, the confusion matrix and the folds.</summary>
    /// <returns>Lines of text.</returns>
    public override string ToString()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(string.Create(c, $"cross-validated over {Folds.Count} folds (grouped by file): {Files} files, {Clips} clips, {Labels.Count} labels"));
        s.AppendLine(string.Create(c, $"file accuracy {FileAccuracy:0.000} (macro {FileMacroAccuracy:0.000}); clip accuracy {ClipAccuracy:0.000} (macro {ClipMacroAccuracy:0.000}); chance {ChanceFileAccuracy:0.000}"));
        int width = Math.Max(8, Labels.Max(l => l.Length) + 1);
        s.AppendLine(string.Create(c, $"{"label".PadRight(width)} files  clips  precision  recall     F1"));
        foreach (ClassMetrics m in PerClass)
        {
            s.AppendLine(string.Create(c, $"{m.Label.PadRight(width)} {m.Files,5}  {m.Clips,5}  {m.Precision,9:0.000}  {m.Recall,6:0.000}  {m.F1,5:0.000}"));
        }

        s.AppendLine("confusion (files; row = truth, column = predicted):");
        s.AppendLine(string.Concat(Labels.Select(l => " " + Abbreviate(l).PadLeft(6))).Insert(0, new string(' ', width)));
        for (int i = 0; i < Labels.Count; i++)
        {
            s.AppendLine(Labels[i].PadRight(width) + string.Concat(ConfusionMatrix[i].Select(n => " " + n.ToString(c).PadLeft(6))));
        }

        foreach (FoldMetrics f in Folds)
        {
            s.AppendLine(string.Create(c, $"fold {f.Fold}: {f.Files} files, {f.Clips} clips; file accuracy {f.FileAccuracy:0.000}, clip accuracy {f.ClipAccuracy:0.000}"));
        }

        return s.ToString().TrimEnd();
    }

    private static string Abbreviate(string label) => label.Length <= 6 ? label : label[..6];
}

/// <summary>One label's cross-validated figures, over files.</summary>
/// <param name="Label">The label.</param>
/// <param name="Files">Files with this label.</param>
/// <param name="Clips">Their non-silent clips.</param>
/// <param name="Precision">Of the files predicted as this label, the share that are (0 when none is).</param>
/// <param name="Recall">Of this label's files, the share predicted as it.</param>
/// <param name="F1">The harmonic mean of precision and recall (0 when both are 0).</param>
public sealed record ClassMetrics(string Label, int Files, int Clips, double Precision, double Recall, double F1);

/// <summary>One cross-validation fold: the files held out and how the model trained on the rest did on them.</summary>
/// <param name="Fold">The fold's number, from 1.</param>
/// <param name="Files">Files held out.</param>
/// <param name="Clips">Their non-silent clips.</param>
/// <param name="FileAccuracy">The share of held-out files predicted right.</param>
/// <param name="ClipAccuracy">The share of held-out clips predicted right.</param>
public sealed record FoldMetrics(int Fold, int Files, int Clips, double FileAccuracy, double ClipAccuracy);
