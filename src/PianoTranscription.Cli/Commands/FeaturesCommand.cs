using System.CommandLine;
using System.Globalization;
using PianoTranscription.Audio;
using PianoTranscription.Features;
using Spectre.Console;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe features INPUT... [--config features.json] [--out FILE.npy | --out-dir DIR] [--threads N]</c>:
/// float32 <c>.npy</c> spectrograms (frames × bins) computed by the library's featurizer. The training pipeline calls
/// this command, so training and inference share one implementation.
/// </summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var inputs = new Argument<FileInfo[]>("input")
        {
            Description = "Audio files (WAV read directly; other formats through ffmpeg). Resampled to the featurizer's rate.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var config = new Option<FileInfo?>("--config") { Description = "Featurizer configuration JSON (default: the piano model's features, Featurizer.PianoDefault)." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Output .npy file (only with a single input)." };
        var outDir = new Option<DirectoryInfo?>("--out-dir") { Description = "Write DIR/NAME.npy for every input (NAME = the input's file name without extension)." };
        var threads = new Option<int>("--threads") { Description = "Threads to use (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var printConfig = new Option<bool>("--print-config") { Description = "Print the featurizer configuration JSON and exit." };
        var command = new Command("features", "Compute spectrogram features and write them as float32 .npy (frames × bins).")
        {
            inputs, config, output, outDir, threads, printConfig,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            Featurizer featurizer = parse.GetValue(config) is { } configFile
                ? LoadConfig(configFile)
                : Featurizer.PianoDefault;
            if (parse.GetValue(printConfig))
            {
                Console.WriteLine(featurizer.ToJson());
                return CliErrors.Ok;
            }

            FileInfo[] files = parse.GetValue(inputs) ?? [];
            FileInfo? single = parse.GetValue(output);
            DirectoryInfo? dir = parse.GetValue(outDir);
            int threadCount = parse.GetValue(threads);
            BatchArguments.Validate(files, single, dir, threadCount);

            if (single is null && dir is null)
            {
                throw new ArgumentException("Give --out FILE.npy (one input) or --out-dir DIR.");
            }

            if (dir is not null)
            {
                Directory.CreateDirectory(dir.FullName);
            }

            var load = AudioLoadOptions.Default with { SampleRate = featurizer.SampleRate };
            var errors = new List<string>();
            int done = 0;
            object gate = new();
            var fileOptions = new ParallelOptions { MaxDegreeOfParallelism = threadCount };

            // Many files on a terminal: a Spectre.Console progress bar, errors listed when it ends. Otherwise (one
            // file, or output redirected to a file or pipe) one plain line per file as it finishes.
            bool showProgress = files.Length > 1 && !Console.IsOutputRedirected;

            // Many files: one file per thread. One file: all threads inside the featurizer.
            int innerThreads = files.Length == 1 ? threadCount : 1;
            void Run(Action<string>? onDone)
            {
                Parallel.ForEach(files, fileOptions, file =>
                {
                    string target = single?.FullName ?? Path.Combine(dir!.FullName, Path.GetFileNameWithoutExtension(file.Name) + ".npy");
                    try
                    {
                        AudioClip clip = AudioClip.Load(file.FullName, load);
                        Spectrogram spectrogram = featurizer.Compute(clip, new ParallelOptions { MaxDegreeOfParallelism = innerThreads });
                        NpyFile.Write(target, spectrogram);
                        string line;
                        lock (gate)
                        {
                            done++;
                            line = string.Create(
                                CultureInfo.InvariantCulture,
                                $"[{done}/{files.Length}] {file.Name} -> {target} ({spectrogram.FrameCount} frames × {spectrogram.BinCount} bins)");
                        }

                        onDone?.Invoke(line);
                    }
                    catch (Exception ex) when (CliErrors.IsUserError(ex))
                    {
                        // Audio errors already start with the file's path; others get the file's name in front.
                        string reason = ex.Message.ReplaceLineEndings(" ");
                        string message = reason.Contains(file.Name, StringComparison.Ordinal) ? $"error: {reason}" : $"error: {file.Name}: {reason}";
                        lock (gate)
                        {
                            errors.Add(message);
                            if (!showProgress)
                            {
                                Console.Error.WriteLine(message);
                            }
                        }

                        onDone?.Invoke(string.Empty);
                    }
                });
            }

            if (showProgress)
            {
                AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(context =>
                    {
                        ProgressTask task = context.AddTask(string.Create(CultureInfo.InvariantCulture, $"features ({files.Length} files)"), maxValue: files.Length);
                        Run(_ => task.Increment(1));
                    });
                foreach (string message in errors)
                {
                    Console.Error.WriteLine(message);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files.Length - errors.Count} of {files.Length} files written to {dir?.FullName ?? single?.FullName}"));
            }
            else
            {
                Run(line =>
                {
                    if (line.Length > 0)
                    {
                        lock (gate)
                        {
                            Console.WriteLine(line);
                        }
                    }
                });
            }

            int failures = errors.Count;
            return failures == 0 ? CliErrors.Ok : CliErrors.BadInput;
        }));
        return command;
    }

    private static Featurizer LoadConfig(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"Featurizer configuration '{file.FullName}' does not exist.", file.FullName);
        }

        return Featurizer.FromJson(File.ReadAllText(file.FullName));
    }
}
