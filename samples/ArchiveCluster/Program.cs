// Transcribes a store of recordings on an Orleans cluster: each silo transcribes the files whose grains it hosts, the
// client feeds the cluster and survives silos dying. See README.md.
//   ArchiveCluster silo --id N --input DIR --output DIR [--port P] [--gateway-port G] [--primary HOST:PORT] [--address IP]
//   ArchiveCluster run --input DIR --output DIR [--gateways HOST:PORT,...] [--parallel N] [--call-timeout SECONDS]
using ArchiveCluster;

const string Usage = """
    usage: ArchiveCluster silo --id N --input DIR --output DIR [--port P] [--gateway-port G] [--primary HOST:PORT] [--address IP] [--cluster NAME]
           ArchiveCluster run --input DIR --output DIR [--gateways HOST:PORT,...] [--parallel N] [--call-timeout SECONDS] [--cluster NAME]
    """;

if (args.Length == 0 || args[0] is not ("silo" or "run"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    var options = Options.Parse(args.AsSpan(1));
    using var cancel = new CancellationTokenSource();
    if (args[0] == "silo")
    {
        int id = options.Int("id", null);
        return await SiloHost.RunAsync(new SiloSettings(
            id,
            options.Address("address", "127.0.0.1"),
            options.Int("port", 11111 + id),
            options.Int("gateway-port", 30000 + id),
            id == 0 && !options.Has("primary") ? null : options.EndPoint("primary", "127.0.0.1:11111"),
            options.Text("input", null),
            options.Text("output", null),
            options.Text("cluster", "archive")));
    }

    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };   // Ctrl+C stops the run cleanly
    return await ArchiveRun.RunAsync(new RunSettings(
        options.Text("input", null),
        options.Text("output", null),
        [.. options.Text("gateways", "127.0.0.1:30000").Split(',').Select(Options.ParseEndPoint)],
        options.Int("parallel", 3, min: 1),
        TimeSpan.FromSeconds(options.Int("call-timeout", 10, min: 1)),
        options.Text("cluster", "archive")), cancel.Token);
}
catch (Exception e) when (e is FormatException or DirectoryNotFoundException or System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
