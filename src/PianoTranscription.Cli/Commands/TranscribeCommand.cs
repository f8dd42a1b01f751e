using System.CommandLine;
using System.Globalization;
using PianoTranscription.Audio;
using PianoTranscription.Export;
using PianoTranscription.Notation;
using PianoTranscription.Transcription;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe transcribe INPUT... [-o OUT] [--out-dir DIR] [--format mid,csv,json,svg,png,musicxml,abc] [--quantize] [--time-signature N/D] [--tempo BPM] [--key KEY] [--title T] [--threads N] [--model FILE.onnx [--featurizer FILE.json]] [--nan-samples error|zero]</c>:
/// notes and sustain pedal of piano recordings, written as MIDI (default), CSV, JSON, a piano roll (SVG, PNG) and/or a
/// score (MusicXML, ABC). With <c>--quantize</c> the MIDI is the quantised two-track score and the rolls show its
/// beats, bars and hands.
/// </summary>
internal static class TranscribeCommand
{
    public static Command Create()
    {
        var inputs = new Argument<FileInfo[]>("input")
        {
            Description = "Audio files (WAV read directly; FLAC, MP3, Ogg, M4A... through ffmpeg).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Output file (one input only); its extension picks the format, and must agree with --format when both are given." };
        var outDir = new Option<DirectoryInfo?>("--out-dir") { Description = "Write DIR/NAME.EXT for every input and format (default: next to each input)." };
        var format = new Option<string?>("--format", "-f") { Description = $"Comma-separated output formats: {NoteFormats.WritableNames} (default: mid, or the --out extension's)." };
        var threads = new Option<int>("--threads") { Description = "Threads to use (default: all cores). Several files run in parallel, one per thread.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var model = new Option<FileInfo?>("--model") { Description = "An ONNX acoustic model to use instead of the embedded one." };
        var featurizerFile = new Option<FileInfo?>("--featurizer")
        {
            Description = "With --model: the featurizer configuration JSON the model was trained with (as 'features --print-config' prints), for a model whose metadata does not carry it; it replaces the metadata's.",
            HelpName = "FILE.json",
        };
        Option<string?> nanSamples = BatchArguments.NanSamplesOption();
        var quantize = new Option<bool>("--quantize")
        {
            Description = "Write the score where a format holds one: mid becomes the quantised two-track score (tempo map, bars, key, a track per hand), svg/png show beats, bars and hands. MusicXML and ABC are always scores.",
        };
        var score = new ScoreArguments();
        var command = new Command("transcribe", "Transcribe piano recordings into notes: MIDI, CSV, JSON, a piano roll (SVG, PNG) or a score (MusicXML, ABC).")
        {
            inputs, output, outDir, format, quantize, threads, model, featurizerFile, nanSamples,
        };
        foreach (Option o in score.All)
        {
            command.Options.Add(o);
        }
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            UnknownOptions.Reject(parse);
            FileInfo[] files = parse.GetValue(inputs) ?? [];
            FileInfo? single = parse.GetValue(output);
            DirectoryInfo? dir = parse.GetValue(outDir);
            int threadCount = parse.GetValue(threads);
            BatchArguments.Validate(files, single, dir, threadCount);

            NoteFormat[] formats = OutputFormats.Parse(parse.GetValue(format), single, scores: false);
            bool quantized = parse.GetValue(quantize);
            score.Validate(parse);
            var audio = AudioLoadOptions.Default with { NonFiniteSamples = BatchArguments.ParseNanSamples(parse.GetValue(nanSamples)) };
            FileInfo? modelFile = parse.GetValue(model);
            FileInfo? featuresFile = parse.GetValue(featurizerFile);
            if (featuresFile is not null && modelFile is null)
            {
                throw new ArgumentException("--featurizer goes with --model: the embedded model carries its own featurizer.");
            }

            var jobs = files.Select(f => new Job(f, formats.Select(fmt => new Output(BatchArguments.OutputPath(f, fmt.DefaultExtension, single, dir, renameOut: formats.Length > 1), fmt)).ToArray())).ToArray();
            BatchArguments.CheckDistinct(jobs.Select(j => (j.Input, j.Outputs.Select(o => o.Path))));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir.FullName);
            }

            AcousticModel acoustic = modelFile is null
                ? AcousticModel.Default
                : AcousticModel.Load(modelFile.FullName, featuresFile is null ? null : FeaturesCommand.LoadConfig(featuresFile));

            // One file: all threads inside the transcription. Several: one file per thread, each single-threaded.
            int fileThreads = files.Length == 1 ? 1 : threadCount;
            PianoTranscriber transcriber = PianoTranscriber.CreateBuilder()
                .WithModel(acoustic)
                .WithThreads(files.Length == 1 ? threadCount : 1)
                .WithAudioLoadOptions(audio)
                .Build();
            var runner = new BatchRunner<Job, TranscriptionResult>(
                jobs,
                fileThreads,
                async (job, report, token) =>
                {
                    IProgress<TranscriptionProgress>? progress = report is null ? null : new SyncProgress(p => report(p.Fraction ?? 0));
                    TranscriptionResult result = await transcriber.TranscribeAsync(job.Input.FullName, progress, token).ConfigureAwait(false);
                    Score? built = job.Outputs.Any(o => WritesScore(o.Format, quantized)) ? score.Build(parse, result.ToExport(), job.Input) : null;
                    foreach (Output target in job.Outputs)
                    {
                        if (built is not null && WritesScore(target.Format, quantized))
                        {
                            target.Format.WriteScore(built, target.Path);
                        }
                        else
                        {
                            result.Write(target.Path, target.Format);
                        }
                    }

                    return result;
                },
                static (job, ex) => CliErrors.ForInput(job.Input, ex),
                static (job, result) => result.Warnings.Select(w => CliErrors.Warning(job.Input, w)));

            // From here Ctrl+C stops the batch cleanly: no new file starts, the files in flight stop before they write.
            Termination.Cooperate();
            BatchCounts counts;
            try
            {
                counts = Console.IsOutputRedirected
                    ? await runner.RunPlainAsync(
                        static (job, result, progress) => string.Create(
                            CultureInfo.InvariantCulture,
                            $"[{progress.Finished}/{progress.Total}] {job.Input.Name} -> {string.Join(", ", job.Outputs)} ({result.Notes.Count} notes, {result.SustainPedal.Count} pedal presses, {result.Duration.TotalSeconds:0.0} s)"),
                        cancellationToken).ConfigureAwait(false)
                    : await runner.RunWithBarPerJobAsync(
                        static job => job.Input.Name,
                        static (job, result) => string.Create(CultureInfo.InvariantCulture, $"{job.Input.Name} -> {string.Join(", ", job.Outputs)} ({result.Notes.Count} notes)"),
                        cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return CliErrors.Cancelled(runner.Counts);
            }

            return counts.ExitCode;
        }));
        return command;
    }

    /// <summary>Whether a format is written from the score: MusicXML and ABC always, the others that hold one with --quantize.</summary>
    private static bool WritesScore(NoteFormat format, bool quantize) =>
        format == NoteFormats.MusicXml || format == NoteFormats.Abc || (quantize && format.CanWriteScore);

    private sealed record Output(string Path, NoteFormat Format)
    {
        public override string ToString() => Path;
    }

    private sealed record Job(FileInfo Input, Output[] Outputs);

    private sealed class SyncProgress(Action<TranscriptionProgress> report) : IProgress<TranscriptionProgress>
    {
        public void Report(TranscriptionProgress value) => report(value);
    }
}
