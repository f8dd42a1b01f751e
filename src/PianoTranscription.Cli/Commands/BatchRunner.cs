using Spectre.Console;

namespace PianoTranscription.Cli.Commands;

/// <summary>How far a batch has got, as counted when a job finishes.</summary>
/// <param name="Total">The number of jobs.</param>
/// <param name="Finished">The jobs finished so far, failed or not (jobs skipped after a cancellation are not).</param>
/// <param name="Succeeded">The jobs finished without an error so far.</param>
internal readonly record struct BatchCounts(int Total, int Finished, int Succeeded)
{
    /// <summary>The jobs that failed with a user error.</summary>
    public int Failed => Finished - Succeeded;

    /// <summary><see cref="CliErrors.Ok"/> when no job failed, else <see cref="CliErrors.BadInput"/>.</summary>
    public int ExitCode => Failed == 0 ? CliErrors.Ok : CliErrors.BadInput;
}

/// <summary>
/// Runs the jobs of a batch command (one per input file: <c>features</c>, <c>transcribe</c>) at most
/// <c>maxParallelism</c> at once, asynchronously (<see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>).
/// A user error (<see cref="CliErrors.IsUserError"/>) fails its job only: it becomes a one-line message and the batch
/// goes on. The three ways to show the batch: a plain line per job as it finishes, a progress bar per job, or one bar
/// for the whole batch. One run per runner.
/// </summary>
/// <typeparam name="TJob">A job: an input file and where its output goes.</typeparam>
/// <typeparam name="TResult">What a job that succeeded reports.</typeparam>
/// <param name="jobs">The jobs, in the order their progress bars are shown.</param>
/// <param name="maxParallelism">The most jobs running at once.</param>
/// <param name="work">Does a job: its input, a progress reporter (a fraction in [0, 1]; null when nothing shows it) and the cancellation token.</param>
/// <param name="failureMessage">The one-line message (<c>error: …</c>) for a job that failed with a user error.</param>
/// <param name="warnings">
/// The lines (<c>warning: …</c>) for a job that succeeded but has something to say, printed on stderr after its line
/// (after the bars when bars are shown); none when null. They do not change the exit code.
/// </param>
internal sealed class BatchRunner<TJob, TResult>(
    IReadOnlyList<TJob> jobs,
    int maxParallelism,
    Func<TJob, Action<double>?, CancellationToken, ValueTask<TResult>> work,
    Func<TJob, Exception, string> failureMessage,
    Func<TJob, TResult, IEnumerable<string>>? warnings = null)
{
    private readonly object _gate = new();
    private int _started;
    private int _finished;
    private int _succeeded;

    /// <summary>
    /// Runs the batch printing one line per job as it finishes (output redirected, or a single file): the job's line
    /// on stdout, or its error on stderr.
    /// </summary>
    /// <param name="line">The line for a job that succeeded, given the counts that include it.</param>
    /// <param name="cancellationToken">Stops the batch: jobs not started are skipped, and the run throws.</param>
    /// <returns>The final counts.</returns>
    public Task<BatchCounts> RunPlainAsync(Func<TJob, TResult, BatchCounts, string> line, CancellationToken cancellationToken) =>
        ExecuteAsync(
            progressFor: null,
            (index, result, error, counts) =>
            {
                if (error is not null)
                {
                    Console.Error.WriteLine(error);
                }
                else
                {
                    Console.WriteLine(line(jobs[index], result!, counts));
                    foreach (string warning in WarningsOf(index, result!))
                    {
                        Console.Error.WriteLine(warning);
                    }
                }
            },
            cancellationToken);

    /// <summary>
    /// Runs the batch under one progress bar per job (named by <paramref name="name"/>, marked failed on an error);
    /// once all are done (or the batch is cancelled), prints the lines of the jobs that succeeded, then the warnings and the errors.
    /// </summary>
    /// <param name="name">A job's name on its bar (plain text).</param>
    /// <param name="line">The line for a job that succeeded.</param>
    /// <param name="cancellationToken">Stops the batch: jobs not started are skipped, and the run throws.</param>
    /// <returns>The final counts.</returns>
    public async Task<BatchCounts> RunWithBarPerJobAsync(Func<TJob, string> name, Func<TJob, TResult, string> line, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var lines = new List<string>();
        var notes = new List<string>();
        BatchCounts counts = default;
        try
        {
            await NewProgress().StartAsync(async context =>
            {
                ProgressTask[] tasks = jobs.Select(job => context.AddTask(Markup.Escape(name(job)), autoStart: true, maxValue: 1.0)).ToArray();
                counts = await ExecuteAsync(
                    index => fraction => tasks[index].Value = fraction,
                    (index, result, error, _) =>
                    {
                        ProgressTask task = tasks[index];
                        task.Value = 1.0;
                        task.StopTask();
                        if (error is not null)
                        {
                            task.Description = Markup.Escape(name(jobs[index])) + " [red]failed[/]";
                            errors.Add(error);
                        }
                        else
                        {
                            lines.Add(line(jobs[index], result!));
                            notes.AddRange(WarningsOf(index, result!));
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            Print(lines, notes, errors);
        }

        return counts;
    }

    /// <summary>
    /// Runs the batch under one progress bar that counts finished jobs; prints the warnings and errors once all are done (or the
    /// batch is cancelled).
    /// </summary>
    /// <param name="description">The bar's description (Spectre markup).</param>
    /// <param name="cancellationToken">Stops the batch: jobs not started are skipped, and the run throws.</param>
    /// <returns>The final counts.</returns>
    public async Task<BatchCounts> RunWithOneBarAsync(string description, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var notes = new List<string>();
        BatchCounts counts = default;
        try
        {
            await NewProgress().StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(description, maxValue: jobs.Count);
                counts = await ExecuteAsync(
                    progressFor: null,
                    (index, result, error, _) =>
                    {
                        if (error is not null)
                        {
                            errors.Add(error);
                        }
                        else
                        {
                            notes.AddRange(WarningsOf(index, result!));
                        }

                        task.Increment(1);
                    },
                    cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            Print([], notes, errors);
        }

        return counts;
    }

    /// <summary>The counts so far: after a cancellation, the jobs that finished before the batch stopped.</summary>
    public BatchCounts Counts
    {
        get
        {
            lock (_gate)
            {
                return CountsLocked();
            }
        }
    }

    private static void Print(List<string> lines, List<string> notes, List<string> errors)
    {
        foreach (string text in lines)
        {
            Console.WriteLine(text);
        }

        foreach (string note in notes)
        {
            Console.Error.WriteLine(note);
        }

        foreach (string error in errors)
        {
            Console.Error.WriteLine(error);
        }
    }

    private IEnumerable<string> WarningsOf(int index, TResult result) => warnings?.Invoke(jobs[index], result) ?? [];

    private static Progress NewProgress() => AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn());

    /// <summary>
    /// Runs every job; <paramref name="onDone"/> gets each finished job's index, result or error message, and the
    /// counts that include it, under a lock (one call at a time).
    /// </summary>
    private async Task<BatchCounts> ExecuteAsync(
        Func<int, Action<double>>? progressFor,
        Action<int, TResult?, string?, BatchCounts> onDone,
        CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A batch runner runs once.");
        }

        // Ctrl+C cancels the token: jobs not started are skipped, and a job's own writes are atomic, never partial.
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Count), options, async (index, _) =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            TJob job = jobs[index];
            TResult result;
            try
            {
                result = await work(job, progressFor?.Invoke(index), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && (ex is OperationCanceledException || CliErrors.IsUserError(ex)))
            {
                // Reported once, by the caller. A user error here is the cancellation seen from below (an ffmpeg
                // decoder that the same Ctrl+C ended), not a bad file.
                return;
            }
            catch (Exception ex) when (CliErrors.IsUserError(ex))
            {
                string message = failureMessage(job, ex);
                lock (_gate)
                {
                    _finished++;
                    onDone(index, default, message, CountsLocked());
                }

                return;
            }

            lock (_gate)
            {
                _finished++;
                _succeeded++;
                onDone(index, result, null, CountsLocked());
            }
        }).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Counts;
    }

    private BatchCounts CountsLocked() => new(jobs.Count, _finished, _succeeded);
}
