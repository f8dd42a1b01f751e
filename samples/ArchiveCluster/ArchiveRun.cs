using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace ArchiveCluster;

/// <summary>
/// The client: lists the store, asks the grain of each file to transcribe it, a few files at a time, and polls until
/// each is done. A call that fails because a silo died (or its gateway did) is sent again; the grain then comes up on a
/// live silo and the file starts over there.
/// </summary>
internal static class ArchiveRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Consecutive failed calls for one file before the run gives up on it (half a minute and more of an unreachable cluster).</summary>
    private const int MaxFailedCalls = 30;

    public static async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var store = new ArchiveStore(settings.Input, settings.Output);
        IReadOnlyList<string> keys = store.ListKeys();
        Console.WriteLine($"{keys.Count} files in {store.Input}, {settings.Parallel} at a time, gateways {string.Join(", ", settings.Gateways)}");

        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.Cluster, "piano-archive"));
            client.UseStaticClustering(settings.Gateways);
            // Polls are short: a poll that gets no answer (its silo died) times out soon and is sent again.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = settings.CallTimeout);
        });
        using IHost host = builder.Build();
        await host.StartAsync(cancellationToken);
        var cluster = host.Services.GetRequiredService<IClusterClient>();

        var tally = new Tally(keys.Count);
        Guid run = Guid.NewGuid();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallel, CancellationToken = cancellationToken },
            async (key, ct) => tally.Add(key, await TranscribeAsync(cluster.GetGrain<IFileTranscriptionGrain>(key), run, key, tally, ct)));

        int removed = store.RemovePartialWrites();
        Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:0.0} s: {keys.Count} files, {tally.Transcribed} transcribed, {tally.AlreadyDone} already done, " +
            $"{tally.Failed} failed; {tally.Retries} calls retried, {removed} partial writes removed");
        await host.StopAsync(CancellationToken.None);
        return tally.Failed == 0 ? 0 : 1;
    }

    private static async Task<FileStatus> TranscribeAsync(IFileTranscriptionGrain grain, Guid run, string key, Tally tally, CancellationToken cancellationToken)
    {
        string? silo = null;
        int failedInRow = 0;
        while (true)
        {
            FileStatus status;
            try
            {
                status = await grain.EnsureTranscribedAsync(run);
                failedInRow = 0;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && ++failedInRow <= MaxFailedCalls)
            {
                // The silo (or the gateway) that had the call is gone, or membership is still settling: ask again.
                tally.Retried();
                Console.WriteLine($"  {key}: call failed ({e.GetType().Name}), retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The grain itself threw (an unreadable output already in the store, say), or the cluster stayed out of
                // reach: this file fails, the run goes on.
                return new FileStatus(FileState.Failed, silo ?? "?", 0, 0, $"{e.GetType().Name}: {e.Message}");
            }

            if (silo is null && status.State == FileState.Working)
            {
                Console.WriteLine($"  {key}: started on {status.Silo}");
            }
            else if (silo is not null && status.Silo != silo)
            {
                Console.WriteLine($"  {key}: moved from {silo} to {status.Silo}");
            }

            silo = status.Silo;
            if (status.State != FileState.Working)
            {
                return status;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Counts the outcomes and prints one line per finished file.</summary>
    private sealed class Tally(int total)
    {
        private int _done, _transcribed, _alreadyDone, _failed, _retries;

        public int Transcribed => _transcribed;

        public int AlreadyDone => _alreadyDone;

        public int Failed => _failed;

        public int Retries => _retries;

        public void Retried() => Interlocked.Increment(ref _retries);

        public void Add(string key, FileStatus status)
        {
            string what = status.State switch
            {
                FileState.Transcribed => $"{status.Notes} notes ({status.Silo})",
                FileState.AlreadyDone => $"already done, {status.Notes} notes",
                _ => $"FAILED {status.Error}",
            };
            _ = status.State switch
            {
                FileState.Transcribed => Interlocked.Increment(ref _transcribed),
                FileState.AlreadyDone => Interlocked.Increment(ref _alreadyDone),
                _ => Interlocked.Increment(ref _failed),
            };
            Console.WriteLine($"[{Interlocked.Increment(ref _done)}/{total}] {key}: {what}");
        }
    }
}

/// <summary>The options of <c>ArchiveCluster run</c>.</summary>
internal sealed record RunSettings(string Input, string Output, IPEndPoint[] Gateways, int Parallel, TimeSpan CallTimeout, string Cluster);
