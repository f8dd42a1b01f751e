using System.CommandLine;
using System.Globalization;
using PianoTranscription.Export;
using PianoTranscription.Transcription;
using Spectre.Console;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe transcribe INPUT... [-o OUT] [--out-dir DIR] [--format mid,csv,json,svg,png] [--threads N] [--model FILE.onnx]</c>:
/// notes and sustain pedal of piano recordings, written as MIDI (default), CSV, JSON and/or a piano roll (SVG, PNG).
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
        var command = new Command("transcribe", "Transcribe piano recordings into notes: MIDI, CSV, JSON or a piano roll (SVG, PNG).")
        {
            inputs, output, outDir, format, threads, model,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliErrors.Guard(() =>
        {
            FileInfo[] files = parse.GetValue(inputs) ?? [];
            FileInfo? single = parse.GetValue(output);
            DirectoryInfo? dir = parse.GetValue(outDir);
            int threadCount = parse.GetValue(threads);
            BatchArguments.Validate(files, single, dir, threadCount);

            NoteFormat[] formats = ParseFormats(parse.GetValue(format), single);
            if (dir is not null)
            {
                Directory.CreateDirectory(dir.FullName);
            }

            AcousticModel acoustic = parse.GetValue(model) is { } modelFile ? AcousticModel.Load(modelFile.FullName) : AcousticModel.Default;
            var jobs = files.Select(f => new Job(f, formats.Select(fmt => new Output(Target(f, fmt, formats.Length, single, dir), fmt)).ToArray())).ToArray();

            // One file: all threads inside the transcription. Several: one file per thread, each single-threaded.
            int fileThreads = files.Length == 1 ? 1 : threadCount;
            PianoTranscriber transcriber = PianoTranscriber.CreateBuilder()
                .WithModel(acoustic)
                .WithThreads(files.Length == 1 ? threadCount : 1)
                .Build();
            var run = new Runner(transcriber, jobs, fileThreads, cancellationToken);
            return Console.IsOutputRedirected ? run.Plain() : run.WithProgressBars();
        })));
        return command;
    }

    /// <summary>
    /// The formats to write: --format's list, else the --out name's extension, else MIDI. With --out and a single
    /// format, the name's extension must be that format's; an extension no format has is an error, never MIDI.
    /// </summary>
    private static NoteFormat[] ParseFormats(string? text, FileInfo? single)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (single is null)
            {
                return [NoteFormats.Midi];
            }

            NoteFormat fromName = NoteFormats.FromPath(single.Name) is { CanWrite: true } f
                ? f
                : throw new ArgumentException(
                    $"--out {single.Name}: {(Path.GetExtension(single.Name).Length > 1 ? $"'{Path.GetExtension(single.Name)}' is not an output format's extension" : "the name has no extension")}; name the file {NoteFormats.WritableExtensions}, or give --format.");
            return [fromName];
        }

        var formats = new List<NoteFormat>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            NoteFormat f = NoteFormats.Find(part) is { CanWrite: true } found
                ? found
                : throw new ArgumentException($"Unknown format '{part}'; use {NoteFormats.WritableNames}.");
            if (!formats.Contains(f))
            {
                formats.Add(f);
            }
        }

        if (formats.Count == 0)
        {
            throw new ArgumentException("--format lists no format.");
        }

        if (single is not null && formats.Count == 1 && !formats[0].Matches(single.Name))
        {
            throw new ArgumentException(
                $"--out {single.Name} does not name a {formats[0].Name} file but --format is {formats[0].Name}; name it {Path.GetFileNameWithoutExtension(single.Name)}{formats[0].DefaultExtension} or drop --format.");
        }

        return [.. formats];
    }

    private static string Target(FileInfo input, NoteFormat format, int formatCount, FileInfo? single, DirectoryInfo? dir)
    {
        if (single is not null)
        {
            return formatCount == 1 ? single.FullName : Path.ChangeExtension(single.FullName, format.DefaultExtension);
        }

        string folder = dir?.FullName ?? input.DirectoryName ?? ".";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(input.Name) + format.DefaultExtension);
    }

    private sealed record Output(string Path, NoteFormat Format)
    {
        public override string ToString() => Path;
    }

    private sealed record Job(FileInfo Input, Output[] Outputs);

    private sealed class Runner(PianoTranscriber transcriber, Job[] jobs, int fileThreads, CancellationToken cancellationToken)
    {
        private readonly object _gate = new();
        private int _done;
        private int _failures;

        public int Plain()
        {
            Execute(null, (job, result, error) =>
            {
                lock (_gate)
                {
                    _done++;
                    if (error is not null)
                    {
                        Console.Error.WriteLine($"error: {job.Input.Name}: {error}");
                    }
                    else
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"[{_done}/{jobs.Length}] {job.Input.Name} -> {string.Join(", ", job.Outputs)} ({result!.Notes.Count} notes, {result.SustainPedal.Count} pedal presses, {result.Duration.TotalSeconds:0.0} s)"));
                    }
                }
            });
            return _failures == 0 ? CliErrors.Ok : CliErrors.BadInput;
        }

        public int WithProgressBars()
        {
            var errors = new List<string>();
            var lines = new List<string>();
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var tasks = jobs.ToDictionary(j => j, j => ctx.AddTask(Markup.Escape(j.Input.Name), autoStart: true, maxValue: 1.0));
                    Execute(
                        (job, p) => tasks[job].Value = p.Fraction ?? 0,
                        (job, result, error) =>
                        {
                            lock (_gate)
                            {
                                tasks[job].Value = 1.0;
                                tasks[job].StopTask();
                                if (error is not null)
                                {
                                    tasks[job].Description = Markup.Escape(job.Input.Name) + " [red]failed[/]";
                                    errors.Add($"error: {job.Input.Name}: {error}");
                                }
                                else
                                {
                                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                                        $"{job.Input.Name} -> {string.Join(", ", job.Outputs)} ({result!.Notes.Count} notes)"));
                                }
                            }
                        });
                });
            foreach (string line in lines)
            {
                Console.WriteLine(line);
            }

            foreach (string error in errors)
            {
                Console.Error.WriteLine(error);
            }

            return _failures == 0 ? CliErrors.Ok : CliErrors.BadInput;
        }

        private void Execute(Action<Job, TranscriptionProgress>? onProgress, Action<Job, TranscriptionResult?, string?> onDone)
        {
            // Ctrl+C cancels the token: files not finished are left unwritten (writes are atomic, never partial).
            Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = fileThreads }, job =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    IProgress<TranscriptionProgress>? progress = onProgress is null ? null : new SyncProgress(p => onProgress(job, p));
                    TranscriptionResult result = transcriber.TranscribeAsync(job.Input.FullName, progress, cancellationToken).GetAwaiter().GetResult();
                    foreach (Output target in job.Outputs)
                    {
                        result.Write(target.Path, target.Format);
                    }

                    onDone(job, result, null);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Reported once below.
                }
                catch (Exception ex) when (CliErrors.IsUserError(ex))
                {
                    Interlocked.Increment(ref _failures);
                    onDone(job, null, ex.Message);
                }
            });
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private sealed class SyncProgress(Action<TranscriptionProgress> report) : IProgress<TranscriptionProgress>
    {
        public void Report(TranscriptionProgress value) => report(value);
    }
}
