using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using PianoTranscription.Transcription;

namespace ArchiveCluster;

/// <summary>
/// One silo: hosts <see cref="FileTranscriptionGrain"/> activations with one shared <see cref="PianoTranscriber"/>.
/// Development clustering: silo 0 is the primary and keeps the membership table in memory; the others join it.
/// </summary>
internal static class SiloHost
{
    public static async Task<int> RunAsync(SiloSettings settings)
    {
        var store = new ArchiveStore(settings.Input, settings.Output);
        var name = new SiloName($"silo-{settings.Id}");
        var own = new IPEndPoint(settings.Address, settings.SiloPort);

        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        // Orleans' log goes to stderr (warnings and up); stdout carries only this sample's lines.
        builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(store).AddSingleton(name).AddSingleton(_ => PianoTranscriber.CreateDefault());
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.Cluster, "piano-archive"));
            silo.ConfigureEndpoints(settings.Address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(settings.Address));
            silo.UseDevelopmentClustering(settings.Primary ?? own);
            // Find a dead silo in seconds, not the default ~half a minute, so the demo (and its test) fail over fast.
            // On a real cluster keep the defaults: short timeouts on busy machines declare live silos dead.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            });
        });

        using IHost host = builder.Build();
        await host.StartAsync();
        Console.WriteLine($"{name.Value} ready: silo {own}, gateway {settings.Address}:{settings.GatewayPort}, store {store.Input} -> {store.Output}");
        await host.WaitForShutdownAsync();   // Ctrl+C or SIGTERM leaves the cluster gracefully
        return 0;
    }
}

/// <summary>The options of <c>ArchiveCluster silo</c>.</summary>
internal sealed record SiloSettings(int Id, IPAddress Address, int SiloPort, int GatewayPort, IPEndPoint? Primary, string Input, string Output, string Cluster);
