using System.Globalization;
using PianoTranscription.Fuzz;
using PianoTranscription.Fuzz.Engine;

// PianoTranscription.Fuzz: coverage-guided fuzzing of the readers of untrusted bytes, and the live-path soak.
// Commands (docs/reliability.md has the exact invocations and the latest figures):
//   fuzz [TARGET...|all] [--runs N] [--seconds S] [--jobs J] [--seed N] [--no-save-corpus]
//   replay TARGET [FILE|DIR...]      run inputs without instrumentation, print what each does
//   list                             the targets
//   soak [--hours H] [--seed N] [--sample-seconds S] [--out FILE]
//   worker TARGET ...                (internal: one instrumented campaign process, started by fuzz)
return Cli.Run(args);

/// <summary>The command line.</summary>
internal static class Cli
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine("usage: PianoTranscription.Fuzz fuzz [TARGET...|all] [--runs N] [--seconds S] [--jobs J] [--seed N] [--no-save-corpus]");
            Console.WriteLine("       PianoTranscription.Fuzz replay TARGET [FILE|DIR...]");
            Console.WriteLine("       PianoTranscription.Fuzz list");
            Console.WriteLine("       PianoTranscription.Fuzz soak [--hours H] [--seed N] [--sample-seconds S] [--out FILE]");
            return args.Length == 0 ? 2 : 0;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                bool flag = args[i] is "--no-save-corpus" or "--save-corpus";
                options[args[i]] = flag ? "true" : args[++i];
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        string repo = options.TryGetValue("--repo", out string? r) ? r
            : FuzzPaths.FindRepoRoot(Environment.CurrentDirectory) ?? FuzzPaths.FindRepoRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("run inside the repository (PianoTranscription.sln not found above the current folder)");
        long Long(string name, long fallback) => options.TryGetValue(name, out string? v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
        double Double(string name, double fallback) => options.TryGetValue(name, out string? v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

        switch (args[0])
        {
            case "list":
                foreach (FuzzTarget t in FuzzTargets.All)
                {
                    Console.WriteLine($"{t.Name,-16} {t.Reader}  (max {t.MaxLength} bytes; expects {string.Join(", ", t.Expected.Select(e => e.Name))})");
                }

                return 0;
            case "fuzz":
                {
                    IReadOnlyList<FuzzTarget> targets = positional.Count == 0 || positional.Contains("all")
                        ? FuzzTargets.All
                        : positional.Select(FuzzTargets.Get).ToList();
                    return Supervisor.Fuzz(repo, targets, Long("--runs", 1_000_000), Double("--seconds", 900), (int)Long("--jobs", 2),
                        (int)Long("--seed", 1), !options.ContainsKey("--no-save-corpus"));
                }

            case "worker":
                {
                    // The instrumented library writes to the coverage map from its first instruction on: map it first.
                    using var coverage = new Coverage();
                    var settings = new WorkerSettings(FuzzTargets.Get(positional[0]), repo, Long("--runs", 1_000_000), Double("--seconds", 900),
                        (int)Long("--seed", 1), options.GetValueOrDefault("--current"), options.ContainsKey("--save-corpus"));
                    return new Worker(settings, coverage).Run();
                }

            case "replay":
                return Replay(repo, FuzzTargets.Get(positional[0]), positional.Skip(1).ToList());
            case "soak":
                return Soak.Run(repo, Double("--hours", 2), (int)Long("--seed", 1), Double("--sample-seconds", 60), options.GetValueOrDefault("--out"));
            default:
                Console.Error.WriteLine($"unknown command '{args[0]}'");
                return 2;
        }
    }

    private static int Replay(string repo, FuzzTarget target, List<string> paths)
    {
        if (paths.Count == 0)
        {
            paths = [Path.Combine(FuzzPaths.ToolDir(repo), "corpus", target.Name), Path.Combine(FuzzPaths.ToolDir(repo), "findings", target.Name)];
        }

        int bad = 0;
        foreach (string file in paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]).Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            byte[] input = File.ReadAllBytes(file);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string outcome;
            try
            {
                target.Run(input);
                outcome = "accepted";
            }
            catch (Exception ex) when (target.IsExpected(ex))
            {
                outcome = $"{ex.GetType().Name}: {ex.Message}";
            }
            catch (Exception ex)
            {
                bad++;
                outcome = "UNEXPECTED " + ex;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine($"{Path.GetFileName(file)} ({input.Length} B, {clock.Elapsed.TotalMilliseconds:F1} ms, {allocated >> 10} KiB allocated): {outcome}");
        }

        return bad == 0 ? 0 : 1;
    }
}
