using System.Globalization;
using System.Text;
using PianoTranscription.Analysis;

namespace PianoTranscription.AnalysisEval;

/// <summary>
/// The held-out figures of one method, gathered clip by clip and file by file: 3-class confusion tables (clips, files),
/// instrument top-1 errors on solo 3 s segments and per-instrument presence counts on all 3 s segments.
/// </summary>
internal sealed class Scores(string name)
{
    public static readonly string[] Classes = ["solo piano", "piano+others", "no piano"];

    public string Name { get; } = name;

    public int[,] ClipConfusion { get; } = new int[3, 4]; // 4th column: the method said silence

    public int[,] FileConfusion { get; } = new int[3, 4];

    public int SoloSegments { get; private set; }

    public int SoloErrors { get; private set; }

    public int[] TruePositive { get; } = new int[12];

    public int[] FalsePositive { get; } = new int[12];

    public int[] FalseNegative { get; } = new int[12];

    public void AddClip(int truth, int? predicted) => ClipConfusion[truth, predicted ?? 3]++;

    public void AddFile(int truth, int? predicted) => FileConfusion[truth, predicted ?? 3]++;

    /// <summary>One 3 s segment: its labels, the method's probabilities (by Instrument) and the present set.</summary>
    public void AddSegment(IReadOnlyCollection<string> labels, double[] probabilities, bool[] present)
    {
        string[] names = Enum.GetValues<Instrument>().Select(Snake).ToArray();
        for (int i = 0; i < 12; i++)
        {
            bool truth = labels.Contains(names[i]);
            if (present[i] && truth)
            {
                TruePositive[i]++;
            }
            else if (present[i])
            {
                FalsePositive[i]++;
            }
            else if (truth)
            {
                FalseNegative[i]++;
            }
        }

        if (labels.Count == 1 && names.Contains(labels.First()))
        {
            SoloSegments++;
            int best = Array.IndexOf(probabilities, probabilities.Max());
            SoloErrors += names[best] == labels.First() ? 0 : 1;
        }
    }

    public static double Accuracy(int[,] m) => Enumerable.Range(0, 3).Sum(i => m[i, i]) / (double)Math.Max(1, Total(m));

    public double F(int i) => 2.0 * TruePositive[i] / Math.Max(1, (2 * TruePositive[i]) + FalsePositive[i] + FalseNegative[i]);

    public double MeanF => Enumerable.Range(0, 12).Average(F);

    public double Top1Error => SoloErrors / (double)Math.Max(1, SoloSegments);

    public static string Snake(Instrument i) => string.Concat(i.ToString().Select((c, k) => k > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public string Report()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"== {Name}");
        s.AppendLine(c, $"clip accuracy {Accuracy(ClipConfusion):0.000} ({Total(ClipConfusion)} clips), file accuracy {Accuracy(FileConfusion):0.000} ({Total(FileConfusion)} files)");
        s.AppendLine(Table("clips", ClipConfusion));
        s.AppendLine(Table("files", FileConfusion));
        s.AppendLine(c, $"instrument top-1 error on solo 3 s segments {Top1Error:0.000} ({SoloErrors} of {SoloSegments}); mean F {MeanF:0.000}");
        s.AppendLine("  " + string.Join(", ", Enum.GetValues<Instrument>().Select((inst, i) => string.Create(c, $"{inst} {F(i):0.00}"))));
        return s.ToString();
    }

    public Dictionary<string, object> ToJson() => new()
    {
        ["clip_accuracy"] = Accuracy(ClipConfusion),
        ["file_accuracy"] = Accuracy(FileConfusion),
        ["clip_confusion"] = Rows(ClipConfusion),
        ["file_confusion"] = Rows(FileConfusion),
        ["instrument_top1_error"] = Top1Error,
        ["solo_segments"] = SoloSegments,
        ["mean_f"] = MeanF,
        ["instrument_f"] = Enum.GetValues<Instrument>().Select((inst, i) => (inst, i)).ToDictionary(x => Snake(x.inst), x => F(x.i)),
    };

    private static int Total(int[,] m) => m.Cast<int>().Sum();

    private static int[][] Rows(int[,] m) => Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 4).Select(j => m[i, j]).ToArray()).ToArray();

    private static string Table(string what, int[,] m)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"  {what}: truth \\ predicted | {string.Join(" | ", Classes)} | silence");
        for (int i = 0; i < 3; i++)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  {Classes[i],-14} | {string.Join(" | ", Enumerable.Range(0, 4).Select(j => m[i, j].ToString(CultureInfo.InvariantCulture)))}");
        }

        return s.ToString().TrimEnd();
    }
}
