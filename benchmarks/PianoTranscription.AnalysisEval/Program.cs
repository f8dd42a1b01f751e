using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.AnalysisEval;
using PianoTranscription.Features;
using PianoTranscription.Transcription;

// Held-out figures of the music-analysis models (docs/analysis.md):
//   dotnet PianoTranscription.AnalysisEval.dll eval --data DIR [--also MODEL.onnx]... [--json FILE] [--no-mlnet] [--split dev]
//                                                    [--exclude-source NAME]...
//     DIR = training/analysis/render.py's output. Scores the embedded model (and each --also model) through PianoDetector and
//     InstrumentRecognizer on the validation (held-out) split - or, with --split dev, on the development split that
//     models are chosen on - then trains ML.NET trainers (LightGbm, LbfgsMaximumEntropy,
//     LightGbm binary per instrument) on pooled log-mel statistics of the training split and scores them the same way.
//     --exclude-source NAME leaves out the scored split's items of that source and every mixture with a stem of it
//     (e.g. TimGM6mb, whose renders were in the behaviour tests that rounds 2-6 chose models with).
//   dotnet PianoTranscription.AnalysisEval.dll cost FILE...
//     Transcription time with and without PianoTranscriberBuilder.WithPianoCheck (alternating, median of 7, one thread).
string command = args.Length > 0 ? args[0] : "";
if (command == "cost")
{
    return Cost(args.Skip(1).ToArray());
}

if (command != "eval" || Arg("--data") is not { } data)
{
    Console.Error.WriteLine("usage: eval --data DIR [--also MODEL.onnx]... [--json FILE] [--no-mlnet] [--split val|dev] [--exclude-source NAME]... | cost FILE...");
    return 2;
}

IReadOnlyList<Item> items = Item.Load(data);
Item[] train = items.Where(i => i.Split == "train").ToArray();
string split = Arg("--split") ?? "val";
if (split is not ("val" or "dev"))
{
    Console.Error.WriteLine($"--split must be val (the held-out split) or dev, not '{split}'");
    return 2;
}

string[] excluded = Values("--exclude-source");
if (excluded.FirstOrDefault(x => !items.Any(i => i.Split == split && i.HasSource(x))) is { } unknown)
{
    Console.Error.WriteLine($"--exclude-source: no {split} item has the source '{unknown}'");
    return 2;
}

Item[] val = items.Where(i => i.Split == split && !excluded.Any(i.HasSource)).ToArray();
Console.WriteLine($"{train.Length} training items, {val.Length} {(split == "val" ? "held-out" : "development")} items (9 s each)"
    + (excluded.Length > 0 ? $"; left out: {items.Count(i => i.Split == split) - val.Length} items of or mixed with {string.Join(", ", excluded)}" : ""));
var results = new Dictionary<string, object>();
if (excluded.Length > 0)
{
    results["excluded_sources"] = excluded;
    results["items"] = val.Length;
}

// 1. The embedded model (and any --also FILE.onnx) through the public API.
var models = new List<(string Key, string Name, AnalysisModel Model)> { ("embedded", "embedded AnalysisModel", AnalysisModel.Default) };
foreach (string path in Values("--also"))
{
    models.Add((Path.GetFileNameWithoutExtension(path), path, AnalysisModel.Load(path)));
}

foreach ((string key, string modelName, AnalysisModel model) in models)
{
    var cnn = new Scores($"{modelName} ({model.Description?.Split(';')[0]}) through PianoDetector + InstrumentRecognizer");
    var detector = new PianoDetector(new PianoDetectorOptions { Model = model });
    var recognizer = new InstrumentRecognizer(new InstrumentRecognizerOptions { Model = model });
    var watch = Stopwatch.StartNew();
    var bySource = new SortedDictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
    foreach (Item item in val)
    {
        AudioClip clip = AudioClip.Load(item.Wav);
        PianoDetection d = detector.Detect(clip);
        string source = $"{Scores.Classes[Item.PianoClass(item.Labels)]}: {item.Source}{(item.Source == "MAPS" ? " " + item.Family : "")}";
        (int right, int total) = bySource.GetValueOrDefault(source);
        bySource[source] = (right + (d.Probabilities is { } sp && (int)sp.MostLikely == Item.PianoClass(item.Labels) ? 1 : 0), total + 1);
        for (int k = 0; k < item.Seconds.Length && k < d.Segments.Count; k++)
        {
            if (item.Seconds[k] is { } labels)
            {
                cnn.AddClip(Item.PianoClass(labels), d.Segments[k].Probabilities is { } p ? (int)p.MostLikely : null);
            }
        }

        cnn.AddFile(Item.PianoClass(item.Labels), d.Probabilities is { } fp ? (int)fp.MostLikely : null);
        InstrumentRecognition r = recognizer.Recognize(clip);
        for (int g = 0; g < r.Segments.Count; g++)
        {
            string[] labels = Enumerable.Range(g * 3, 3).Where(k => k < item.Seconds.Length && item.Seconds[k] is not null)
                .SelectMany(k => item.Seconds[k]!).Distinct().ToArray();
            InstrumentSegment seg = r.Segments[g];
            if (labels.Length == 0 || seg.Probabilities is null)
            {
                continue;
            }

            cnn.AddSegment(labels, Enum.GetValues<Instrument>().Select(i => seg.Probabilities[i]).ToArray(), Enum.GetValues<Instrument>().Select(i => seg.Present.Contains(i)).ToArray());
        }
    }

    Console.WriteLine(cnn.Report());
    Console.WriteLine("  file accuracy by true class and source: " + string.Join("; ", bySource.Select(b => $"{b.Key} {b.Value.Right}/{b.Value.Total}")));
    Console.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s for {val.Length * 9.0 / 60:0.0} min of audio (both types, audio loading included)");
    results[key] = cnn.ToJson();
}

if (args.Contains("--no-mlnet"))
{
    WriteJson();
    return 0;
}

// 2. ML.NET: pooled statistics of the same log-mel features, one row per 1 s clip.
Featurizer featurizer = AnalysisModel.Default.Featurizer;
int frames = AnalysisModel.Default.ClipFrames;
var ml = new MLContext(seed: 14);
List<ClipRow> Rows(IEnumerable<Item> set)
{
    var rows = new List<ClipRow>();
    foreach (Item item in set)
    {
        AudioClip clip = AudioClip.Load(item.Wav);
        Spectrogram s = featurizer.Compute(clip);
        for (int k = 0; k < item.Seconds.Length; k++)
        {
            if (item.Seconds[k] is not { } labels || ((k + 1) * frames) > s.FrameCount)
            {
                continue;
            }

            double level = SilenceThresholds.RmsDb(clip.Samples.Span.Slice(k * 16000, 16000));
            rows.Add(new ClipRow
            {
                Item = item.Id,
                Second = k,
                Silent = SilenceThresholds.Default.Classify(level) != AudioActivity.Sound,
                Features = Pool(s, k * frames, frames),
                Piano = "c" + Item.PianoClass(labels).ToString(CultureInfo.InvariantCulture),
                Labels = labels,
            });
        }
    }

    return rows;
}

var watchRows = Stopwatch.StartNew();
List<ClipRow> trainRows = Rows(train);
List<ClipRow> valRows = Rows(val);
Console.WriteLine($"pooled features: {trainRows.Count} training clips, {valRows.Count} held-out clips ({watchRows.Elapsed.TotalSeconds:0} s)");
IDataView trainView = ml.Data.LoadFromEnumerable(trainRows.Where(r => !r.Silent));
IDataView valView = ml.Data.LoadFromEnumerable(valRows);
var trainers = new (string Name, IEstimator<ITransformer> Trainer)[]
{
    ("ML.NET LightGbm (multiclass) + LightGbm (binary per instrument)", ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
    {
        LabelColumnName = "PianoKey",
        FeatureColumnName = "Features",
        NumberOfThreads = 1, // one thread: on a shared, oversubscribed machine OpenMP barriers cost more than they gain
        Seed = 14,
    })),
    ("ML.NET LbfgsMaximumEntropy + LbfgsLogisticRegression (per instrument)", ml.Transforms.NormalizeMeanVariance("Features").Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
    {
        LabelColumnName = "PianoKey",
        FeatureColumnName = "Features",
        NumberOfThreads = 1,
    }))),
};
foreach ((string name, IEstimator<ITransformer> trainer) in trainers)
{
    var watch = Stopwatch.StartNew();
    bool gbm = name.Contains("LightGbm", StringComparison.Ordinal);
    var withKey = ml.Transforms.Conversion.MapValueToKey("PianoKey", "Piano", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Append(trainer);
    float[][] piano = ml.Data.CreateEnumerable<ScoreRow>(withKey.Fit(trainView).Transform(valView), false).Select(r => r.Score).ToArray();
    var instrumentScores = new float[valRows.Count][];
    for (int v = 0; v < valRows.Count; v++)
    {
        instrumentScores[v] = new float[12];
    }

    Instrument[] all = Enum.GetValues<Instrument>();
    for (int i = 0; i < 12; i++)
    {
        string snake = Scores.Snake(all[i]);
        IDataView labelled = ml.Data.LoadFromEnumerable(trainRows.Where(r => !r.Silent).Select(r => new BinaryRow { Features = r.Features, Label = r.Labels.Contains(snake) }));
        IEstimator<ITransformer> binary = gbm
            ? ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfThreads = 1, Seed = 14 })
            : ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }));
        float[] p = ml.Data.CreateEnumerable<ProbabilityRow>(binary.Fit(labelled).Transform(ml.Data.LoadFromEnumerable(valRows.Select(r => new BinaryRow { Features = r.Features }))), false)
            .Select(r => r.Probability).ToArray();
        for (int v = 0; v < valRows.Count; v++)
        {
            instrumentScores[v][i] = p[v];
        }
    }

    // The same aggregation as the library: silent clips unclassified, file = mean of clip probabilities, segment = mean of its clips.
    var scores = new Scores(name);
    foreach (Item item in val)
    {
        int[] idx = valRows.Select((r, v) => (r, v)).Where(x => x.r.Item == item.Id).Select(x => x.v).ToArray();
        int[] sounding = idx.Where(v => !valRows[v].Silent).ToArray();
        foreach (int v in idx)
        {
            scores.AddClip(Item.PianoClass(valRows[v].Labels), valRows[v].Silent ? null : ArgMax(piano[v]));
        }

        scores.AddFile(Item.PianoClass(item.Labels), sounding.Length == 0 ? null : ArgMax(Enumerable.Range(0, 3).Select(c => sounding.Average(v => piano[v][c])).ToArray()));
        for (int g = 0; g < 3; g++)
        {
            int[] seg = sounding.Where(v => valRows[v].Second / 3 == g).ToArray();
            if (seg.Length == 0)
            {
                continue;
            }

            string[] labels = seg.SelectMany(v => valRows[v].Labels).Distinct().ToArray();
            double[] mean = Enumerable.Range(0, 12).Select(i => seg.Average(v => (double)instrumentScores[v][i])).ToArray();
            scores.AddSegment(labels, mean, mean.Select(m => m >= 0.5).ToArray());
        }
    }

    Console.WriteLine(scores.Report());
    Console.WriteLine($"({watch.Elapsed.TotalSeconds:0.0} s to train and score)");
    results[gbm ? "mlnet_lightgbm" : "mlnet_maxent"] = scores.ToJson();
}

WriteJson();
return 0;

// Every value of an option that may be given more than once (--also, --exclude-source).
string[] Values(string name) => Enumerable.Range(0, Math.Max(0, args.Length - 1)).Where(i => args[i] == name).Select(i => args[i + 1]).ToArray();

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

void WriteJson()
{
    if (Arg("--json") is { } jsonPath)
    {
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
    }
}

static int ArgMax(float[] v) => Array.IndexOf(v, v.Max());

// Per band: mean (less the clip's overall mean, for the CNN's gain invariance) and standard deviation over the clip's
// frames; plus the mean absolute frame-to-frame change per band (how much the sound moves).
static float[] Pool(Spectrogram s, int start, int count)
{
    int bins = s.BinCount;
    var mean = new double[bins];
    var sq = new double[bins];
    var flux = new double[bins];
    for (int f = start; f < start + count; f++)
    {
        ReadOnlySpan<float> x = s.GetFrame(f);
        ReadOnlySpan<float> prev = s.GetFrame(Math.Max(start, f - 1));
        for (int b = 0; b < bins; b++)
        {
            mean[b] += x[b];
            sq[b] += x[b] * (double)x[b];
            flux[b] += Math.Abs(x[b] - prev[b]);
        }
    }

    double overall = mean.Sum() / (bins * count);
    var v = new float[3 * bins];
    for (int b = 0; b < bins; b++)
    {
        double m = mean[b] / count;
        v[b] = (float)(m - overall);
        v[bins + b] = (float)Math.Sqrt(Math.Max(0, (sq[b] / count) - (m * m)));
        v[(2 * bins) + b] = (float)(flux[b] / count);
    }

    return v;
}

static int Cost(string[] files)
{
    PianoTranscriber plain = PianoTranscriber.CreateBuilder().WithThreads(1).Build();
    PianoTranscriber checking = PianoTranscriber.CreateBuilder().WithThreads(1).WithPianoCheck().Build();
    _ = checking.Transcribe(files[0]); // load both models once
    double seconds = files.Sum(f => AudioFile.Probe(f).Duration?.TotalSeconds ?? 0);
    // Alternate the two, 7 runs each, and take each one's median: the shared machine's load changes from run to run.
    var plainRuns = new List<double>();
    var checkRuns = new List<double>();
    for (int r = 0; r < 7; r++)
    {
        foreach ((PianoTranscriber t, List<double> runs) in new[] { (plain, plainRuns), (checking, checkRuns) })
        {
            var w = Stopwatch.StartNew();
            foreach (string f in files)
            {
                _ = t.Transcribe(f);
            }

            runs.Add(w.Elapsed.TotalSeconds);
        }
    }

    double a = plainRuns.Order().ElementAt(3);
    double b = checkRuns.Order().ElementAt(3);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{files.Length} files, {seconds:0.0} s of audio: transcription {a:0.00} s, with WithPianoCheck {b:0.00} s (+{(b / a - 1) * 100:0.0} %)"));
    return 0;
}

internal sealed class ClipRow
{
    public string Item { get; set; } = "";

    public int Second { get; set; }

    public bool Silent { get; set; }

    [VectorType(192)]
    public float[] Features { get; set; } = [];

    /// <summary>"c0" solo piano, "c1" piano with others, "c2" no piano (keys by value, so Score[i] is class i).</summary>
    public string Piano { get; set; } = "";

    [NoColumn]
    public string[] Labels { get; set; } = [];
}

internal sealed class BinaryRow
{
    [VectorType(192)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

internal sealed class ScoreRow
{
    public float[] Score { get; set; } = [];
}

internal sealed class ProbabilityRow
{
    public float Probability { get; set; }
}
