using PianoTranscription.Cli.Commands;

namespace PianoTranscription.Tests.Cli;

[Collection(ConsoleTestGroup.Name)]
public sealed class BatchRunnerTests
{
    private static async Task<(T Value, string Stdout, string Stderr)> Capture<T>(Func<Task<T>> run)
    {
        TextWriter oldOut = Console.Out;
        TextWriter oldErr = Console.Error;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            T value = await run();
            return (value, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Fact]
    public async Task Jobs_run_at_most_n_at_once_and_a_user_error_fails_only_its_job()
    {
        int running = 0;
        int most = 0;
        var runner = new BatchRunner<int, int>(
            [1, 2, 3, 4, 5, 6],
            maxParallelism: 2,
            async (job, progress, cancellationToken) =>
            {
                Assert.Null(progress);
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                await Task.Delay(20, cancellationToken);
                Interlocked.Decrement(ref running);
                return job % 3 == 0 ? throw new FormatException("bad job") : job * 10;
            },
            static (job, ex) => $"error: job {job}: {ex.Message}");

        (BatchCounts counts, string stdout, string stderr) = await Capture(() =>
            runner.RunPlainAsync(static (job, result, c) => $"[{c.Finished}/{c.Total}] {job} -> {result}", CancellationToken.None));

        Assert.Equal(new BatchCounts(6, 6, 4), counts);
        Assert.Equal(2, counts.Failed);
        Assert.Equal(CliErrors.BadInput, counts.ExitCode);
        Assert.InRange(most, 1, 2);
        Assert.Equal(["error: job 3: bad job", "error: job 6: bad job"], CliProcess.Lines(stderr).Order(StringComparer.Ordinal));
        string[] lines = CliProcess.Lines(stdout);
        Assert.Equal(4, lines.Length);
        Assert.Contains("] 5 -> 50", stdout, StringComparison.Ordinal);
        Assert.Equal(CliErrors.Ok, new BatchCounts(3, 3, 3).ExitCode);
    }

    [Fact]
    public async Task A_cancelled_batch_skips_the_jobs_not_started_and_throws()
    {
        using var cts = new CancellationTokenSource();
        var started = new List<int>();
        var runner = new BatchRunner<int, int>(
            [1, 2, 3, 4],
            maxParallelism: 1,
            (job, _, _) =>
            {
                started.Add(job);
                if (job == 2)
                {
                    cts.Cancel();
                }

                return ValueTask.FromResult(job);
            },
            static (job, ex) => $"error: {job}: {ex.Message}");

        Task<(int, string, string)> run = Capture(async () =>
        {
            await runner.RunPlainAsync(static (job, _, _) => job.ToString(System.Globalization.CultureInfo.InvariantCulture), cts.Token);
            return 0;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal([1, 2], started);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
