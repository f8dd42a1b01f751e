using System.CommandLine;
using System.Globalization;
using PianoTranscription.Audio;
using PianoTranscription.Features;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe features INPUT... [--config features.json] [--out FILE.npy | --out-dir DIR] [--threads N] [--nan-samples error|zero]</c>:
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
        Option<string?> nanSamples = BatchArguments.NanSamplesOption();
        var command = new Command("features", "Compute spectrogram features and write them as float32 .npy (frames × bins).")
        {
            inputs, config, output, outDir, threads, printConfig, nanSamples,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            UnknownOptions.Reject(parse);
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
            NonFiniteSampleHandling nonFinite = BatchArguments.ParseNanSamples(parse.GetValue(nanSamples));

            if (single is null && dir is null)
            {
                throw new ArgumentException("Give --out FILE.npy (one input) or --out-dir DIR.");
            }

            FeatureJob[] jobs = files.Select(f => new FeatureJob(f, BatchArguments.OutputPath(f, ".npy", single, dir))).ToArray();
            BatchArguments.CheckDistinct(jobs.Select(j => (j.Input, (IEnumerable<string>)[j.Target])));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir.FullName);
            }

            var load = AudioLoadOptions.Default with { SampleRate = featurizer.SampleRate, NonFiniteSamples = nonFinite };

            // Many files: one file per thread. One file: all threads inside the featurizer.
            int innerThreads = files.Length == 1 ? threadCount : 1;
            var runner = new BatchRunner<FeatureJob, FeatureFile>(
                jobs,
                threadCount,
                async (job, _, token) =>
                {
                    AudioClip clip = await AudioClip.LoadAsync(job.Input.FullName, load, token).ConfigureAwait(false);
                    Spectrogram spectrogram = featurizer.Compute(clip, new ParallelOptions { MaxDegreeOfParallelism = innerThreads });
                    NpyFile.Write(job.Target, spectrogram);
                    return new FeatureFile(spectrogram.FrameCount, spectrogram.BinCount, HeaderWarnings(job.Input));
                },
                static (job, ex) => CliErrors.ForInput(job.Input, ex),
                static (job, file) => file.Warnings.Select(w => CliErrors.Warning(job.Input, w)));

            // Many files on a terminal: a Spectre.Console progress bar, errors listed when it ends. Otherwise (one
            // file, or output redirected to a file or pipe) one plain line per file as it finishes. From here Ctrl+C
            // stops the batch cleanly: no new file starts, a file being read stops before it writes.
            Termination.Cooperate();
            try
            {
                if (files.Length > 1 && !Console.IsOutputRedirected)
                {
                    BatchCounts counts = await runner.RunWithOneBarAsync(
                        string.Create(CultureInfo.InvariantCulture, $"features ({files.Length} files)"), cancellationToken).ConfigureAwait(false);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{counts.Total - counts.Failed} of {counts.Total} files written to {dir?.FullName ?? single?.FullName}"));
                    return counts.ExitCode;
                }

                BatchCounts plain = await runner.RunPlainAsync(
                    static (job, file, progress) => string.Create(
                        CultureInfo.InvariantCulture,
                        $"[{progress.Succeeded}/{progress.Total}] {job.Input.Name} -> {job.Target} ({file.FrameCount} frames × {file.BinCount} bins)"),
                    cancellationToken).ConfigureAwait(false);
                return plain.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return CliErrors.Cancelled(runner.Counts);
            }
        }));
        return command;
    }

    internal static Featurizer LoadConfig(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"Featurizer configuration '{file.FullName}' does not exist.", file.FullName);
        }

        return Featurizer.FromJson(File.ReadAllText(file.FullName));
    }

    /// <summary>One input and the .npy file its features go to.</summary>
    private sealed record FeatureJob(FileInfo Input, string Target);

    /// <summary>
    /// What a WAV header claims that the file's bytes do not bear out (<see cref="AudioFileInfo.Warnings"/>), read
    /// again from the header: <see cref="AudioClip.LoadAsync(string, AudioLoadOptions, CancellationToken)"/> does not
    /// return it. Only WAV files have such warnings, so other formats are not probed (that would run ffmpeg).
    /// </summary>
    private static IReadOnlyList<string> HeaderWarnings(FileInfo input) =>
        AudioFile.DetectContainer(input.FullName) is AudioContainer.Wav or AudioContainer.Rf64
            ? AudioFile.Probe(input.FullName).Warnings
            : [];

    /// <summary>The shape of the features written, and what the input's header claimed that its bytes do not bear out.</summary>
    private sealed record FeatureFile(int FrameCount, int BinCount, IReadOnlyList<string> Warnings);
}
