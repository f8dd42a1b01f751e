using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using PianoTranscription.ML.Classification;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe classifier train DIR -o MODEL.zip</c> trains an <see cref="AudioClassifier"/> on a folder with one
/// subfolder per label and prints its cross-validated metrics; <c>piano-transcribe classifier predict MODEL.zip FILE...</c>
/// labels recordings (and, with <c>--segments</c>, each clip). <c>--json</c> for machines.
/// </summary>
internal static class ClassifierCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create() => new("classifier", "Train your own audio classifier (one subfolder per label) and label recordings with it.")
    {
        Train(),
        Predict(),
    };

    private static Command Train()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The training folder: one subfolder per label, named after it, holding that label's recordings." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the classifier (.zip).", Required = true };
        var clip = new Option<double>("--clip-seconds") { Description = "Clip length in seconds (default 3).", DefaultValueFactory = _ => AudioClassifierOptions.Default.ClipSeconds };
        var hop = new Option<double?>("--hop-seconds") { Description = "Seconds between clip starts (default: the clip length)." };
        var features = new Option<string>("--features") { Description = "logmel (default), embedding or both.", DefaultValueFactory = _ => "logmel" };
        var trainer = new Option<string>("--trainer") { Description = "maxent (default), sdca or lightgbm.", DefaultValueFactory = _ => "maxent" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds, grouped by file (default 5).", DefaultValueFactory = _ => AudioClassifierOptions.Default.Folds };
        var seed = new Option<int>("--seed") { Description = "Seed of the folds and the trainer (default 1).", DefaultValueFactory = _ => 1 };
        var skip = new Option<bool>("--skip-bad-files") { Description = "Leave unreadable or silent files out (listed as warnings) instead of stopping." };
        var threads = new Option<int>("--threads") { Description = "Files measured at once (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print the metrics as one JSON object instead of the table." };
        var command = new Command("train", "Train a classifier on a folder with one subfolder per label; print its cross-validated metrics.")
        {
            folder, output, clip, hop, features, trainer, folds, seed, skip, threads, json,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            UnknownOptions.Reject(parse);
            var options = new AudioClassifierOptions
            {
                ClipSeconds = parse.GetValue(clip),
                HopSeconds = parse.GetValue(hop),
                Features = ParseFeatures(parse.GetValue(features)!),
                Folds = parse.GetValue(folds),
                Seed = parse.GetValue(seed),
                SkipUnusableFiles = parse.GetValue(skip),
                MaxDegreeOfParallelism = parse.GetValue(threads) is var t && t >= 1 ? t : throw new ArgumentException($"--threads must be at least 1, not {t}."),
            };
            options = parse.GetValue(trainer) switch
            {
                "maxent" => options with { Trainer = ClassifierTrainer.MaximumEntropy },
                "sdca" => options with { Trainer = ClassifierTrainer.Sdca },
                "lightgbm" => options with { CustomTrainer = ml => ml.MulticlassClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options { Seed = options.Seed }) },
                var other => throw new ArgumentException($"--trainer must be maxent, sdca or lightgbm, not '{other}'."),
            };
            options.Validate();
            FileInfo target = parse.GetValue(output)!;
            IProgress<ClassifierTrainingProgress>? progress = Console.IsErrorRedirected ? null : new StageProgress();
            AudioClassifier classifier = await AudioClassifier.TrainAsync(parse.GetValue(folder)!.FullName, options, progress, cancellationToken).ConfigureAwait(false);
            foreach (SkippedFile s in classifier.SkippedFiles)
            {
                Console.Error.WriteLine($"warning: {s.Path}: left out: {s.Reason}");
            }

            classifier.Save(target.FullName);
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(classifier.Metrics, Json)
                : classifier.Metrics + Environment.NewLine + string.Create(CultureInfo.InvariantCulture, $"saved {target} ({classifier.TrainingFiles} files, {classifier.TrainingClips} clips, {classifier.Options.Features}, {classifier.TrainerName})"));
            return CliErrors.Ok;
        }));
        return command;
    }

    private static Command Predict()
    {
        var model = new Argument<FileInfo>("model") { Description = "A classifier written by 'classifier train'." };
        var inputs = new Argument<FileInfo[]>("input") { Description = "Audio files to label.", Arity = ArgumentArity.OneOrMore };
        var segments = new Option<bool>("--segments") { Description = "Also give each clip's label (start, end, label, probability)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per input, one per line." };
        var command = new Command("predict", "Label recordings with a trained classifier: the whole file, and with --segments each clip.") { model, inputs, segments, json };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            UnknownOptions.Reject(parse);
            FileInfo modelFile = parse.GetValue(model)!;
            AudioClassifier classifier = AudioClassifier.Load(modelFile.FullName);
            bool withSegments = parse.GetValue(segments);
            bool asJson = parse.GetValue(json);
            int code = CliErrors.Ok;
            foreach (FileInfo file in parse.GetValue(inputs)!)
            {
                try
                {
                    if (!file.Exists)
                    {
                        throw new FileNotFoundException($"{file} was not found.", file.FullName);
                    }

                    ClassifierPrediction p = classifier.Predict(file.FullName);
                    Console.WriteLine(asJson ? JsonLine(file, p, withSegments) : Text(file, p, withSegments));
                }
                catch (Exception ex) when (CliErrors.IsUserError(ex))
                {
                    Console.Error.WriteLine(CliErrors.ForInput(file, ex));
                    code = CliErrors.BadInput;
                }
            }

            return code;
        }));
        return command;
    }

    private static ClassifierFeatures ParseFeatures(string value) => value switch
    {
        "embedding" => ClassifierFeatures.Embedding,
        "logmel" => ClassifierFeatures.LogMel,
        "both" => ClassifierFeatures.EmbeddingAndLogMel,
        _ => throw new ArgumentException($"--features must be embedding, logmel or both, not '{value}'."),
    };

    private static string Text(FileInfo file, ClassifierPrediction p, bool withSegments)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string line = string.Create(c, $"{BatchArguments.Shown(file)}: {p.Label} ({p.Confidence:0.000}); ")
            + string.Join(", ", p.Probabilities.OrderByDescending(kv => kv.Value).Select(kv => string.Create(c, $"{kv.Key} {kv.Value:0.000}")));
        if (!withSegments)
        {
            return line;
        }

        return line + string.Concat(p.Segments.Select(s => string.Create(c,
            $"{Environment.NewLine}  {s.Start,7:0.00}–{s.End:0.00} s  {s.Label} ({s.Probabilities[s.Label]:0.000}){(s.Silent ? " silent" : "")}")));
    }

    private static string JsonLine(FileInfo file, ClassifierPrediction p, bool withSegments)
    {
        var row = new Dictionary<string, object>
        {
            ["file"] = BatchArguments.Shown(file),
            ["label"] = p.Label,
            ["confidence"] = p.Confidence,
            ["probabilities"] = p.Probabilities,
        };
        if (withSegments)
        {
            row["segments"] = p.Segments.Select(s => new Dictionary<string, object>
            {
                ["start"] = s.Start,
                ["end"] = s.End,
                ["label"] = s.Label,
                ["probabilities"] = s.Probabilities,
                ["silent"] = s.Silent,
            }).ToArray();
        }

        return JsonSerializer.Serialize(row, Json);
    }

    /// <summary>Training's stage on one line of a terminal, rewritten in place.</summary>
    private sealed class StageProgress : IProgress<ClassifierTrainingProgress>
    {
        private readonly object _gate = new();

        public void Report(ClassifierTrainingProgress value)
        {
            lock (_gate)
            {
                Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{value.Stage.ToString().ToLowerInvariant()} {value.Done}/{value.Total}   "));
                if (value.Stage == ClassifierTrainingStage.Training && value.Done == value.Total)
                {
                    Console.Error.WriteLine();
                }
            }
        }
    }
}
