using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PianoTranscription.Fuzz.Engine;

/// <summary>
/// Runs campaigns: instruments a copy of the tool's own output folder (PianoTranscription.dll, with SharpFuzz), starts
/// one worker process per target from that copy (a few at a time), restarts a worker that died (a stack overflow or a
/// hang kills the process; the input it was running is read back from a memory-mapped file and saved as a finding),
/// and sums up executions, speed, coverage and findings per target.
/// </summary>
internal static class Supervisor
{
    /// <summary>The worker's managed heap is capped, so that an input asking for gigabytes fails instead of swapping.</summary>
    private const string HeapHardLimit = "0x40000000";

    public static int Fuzz(string repoRoot, IReadOnlyList<FuzzTarget> targets, long runs, double seconds, int jobs, int seed, bool saveCorpus)
    {
        string instrumented = Instrument(repoRoot);
        var results = new (string Name, Totals Totals)[targets.Count];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, targets.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, i =>
        {
            results[i] = (targets[i].Name, RunTarget(repoRoot, instrumented, targets[i], runs, seconds, seed, saveCorpus));
        });

        string summary = Summarize(targets, results.Select(r => r.Totals).ToArray(), clock.Elapsed);
        Console.WriteLine(summary);
        string file = Path.Combine(FuzzPaths.WorkDir(repoRoot), "summary.md");
        File.WriteAllText(file, summary);
        Console.WriteLine($"summary written to {file}");
        return results.Any(r => r.Totals.Findings.Count > 0) ? 1 : 0;
    }

    private sealed class Totals
    {
        public long Executions { get; set; }

        public double Seconds { get; set; }

        public int Edges { get; set; }

        public int Corpus { get; set; }

        public int Restarts { get; set; }

        public SortedSet<string> Findings { get; } = new(StringComparer.Ordinal);
    }

    private static Totals RunTarget(string repoRoot, string instrumented, FuzzTarget target, long runs, double seconds, int seed, bool saveCorpus)
    {
        var totals = new Totals();
        string work = Path.Combine(FuzzPaths.WorkDir(repoRoot), target.Name);
        if (Directory.Exists(work))
        {
            foreach (string old in Directory.GetFiles(work, "stats-*.json"))
            {
                File.Delete(old);
            }
        }

        Directory.CreateDirectory(work);
        string current = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"ptfuzz-current-{target.Name}-{Environment.ProcessId}");
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; totals.Executions < runs && clock.Elapsed.TotalSeconds < seconds && attempt < 50; attempt++)
        {
            int workerSeed = seed + (attempt * 7919);
            var info = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(instrumented, "PianoTranscription.Fuzz.dll"));
            foreach (string a in new[]
            {
                "worker", target.Name, "--repo", repoRoot, "--runs", (runs - totals.Executions).ToString(CultureInfo.InvariantCulture),
                "--seconds", (seconds - clock.Elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture),
                "--seed", workerSeed.ToString(CultureInfo.InvariantCulture), "--current", current,
            })
            {
                info.ArgumentList.Add(a);
            }

            if (saveCorpus)
            {
                info.ArgumentList.Add("--save-corpus");
            }

            info.Environment["DOTNET_GCHeapHardLimit"] = HeapHardLimit;
            info.Environment["DOTNET_gcServer"] = "0";
            using Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start the worker");
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (stderr)
                    {
                        if (stderr.Length < 16000)
                        {
                            stderr.AppendLine(e.Data);
                        }
                    }
                }
            };
            process.BeginErrorReadLine();
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                Console.WriteLine(line);
            }

            process.WaitForExit();
            string stats = Path.Combine(work, $"stats-{workerSeed}.json");
            bool progressed = File.Exists(stats);
            if (progressed)
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(stats));
                JsonElement r = doc.RootElement;
                totals.Executions += r.GetProperty("executions").GetInt64();
                totals.Seconds += r.GetProperty("seconds").GetDouble();
                totals.Edges = Math.Max(totals.Edges, r.GetProperty("edges").GetInt32());
                totals.Corpus = Math.Max(totals.Corpus, r.GetProperty("corpus").GetInt32());
                foreach (JsonElement f in r.GetProperty("findings").EnumerateArray())
                {
                    totals.Findings.Add(f.GetString()!);
                }
            }

            if (process.ExitCode is 0 or 1)
            {
                break;
            }

            totals.Restarts++;
            if (process.ExitCode == 2 || (!progressed && attempt > 0))
            {
                Console.Error.WriteLine($"[{target.Name}] worker failed: {stderr}");
                break;
            }

            if (process.ExitCode != 3)
            {
                // The process died under an input (stack overflow, fail-fast, native crash): keep that input.
                string? name = SaveDeadInput(repoRoot, target, current, process.ExitCode, stderr.ToString());
                if (name is not null)
                {
                    totals.Findings.Add(name);
                }
            }
        }

        return totals;
    }

    private static string? SaveDeadInput(string repoRoot, FuzzTarget target, string current, int exitCode, string stderr)
    {
        if (!File.Exists(current))
        {
            return null;
        }

        byte[] map = File.ReadAllBytes(current);
        int length = BitConverter.ToInt32(map, 0);
        if (length < 0 || length > map.Length - 4)
        {
            return null;
        }

        byte[] input = map.AsSpan(4, length).ToArray();
        string dir = Path.Combine(FuzzPaths.ToolDir(repoRoot), "findings", target.Name);
        Directory.CreateDirectory(dir);
        string name = $"died-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(input))[..12].ToLowerInvariant()}";
        File.WriteAllBytes(Path.Combine(dir, name + ".bin"), input);
        File.WriteAllText(Path.Combine(dir, name + ".txt"), $"the worker process died with exit code {exitCode}\n{stderr}");
        Console.WriteLine($"[{target.Name}] FINDING {name}: the process died (exit code {exitCode})");
        return name;
    }

    /// <summary>Copies this tool's output folder and instruments its PianoTranscription.dll (once per build).</summary>
    private static string Instrument(string repoRoot)
    {
        string source = AppContext.BaseDirectory;
        string target = Path.Combine(FuzzPaths.WorkDir(repoRoot), "instrumented");
        string library = Path.Combine(source, "PianoTranscription.dll");
        string stamp = Path.Combine(target, ".instrumented-from");
        string identity = $"{new FileInfo(library).Length} {File.GetLastWriteTimeUtc(library):O} {File.GetLastWriteTimeUtc(Path.Combine(source, "PianoTranscription.Fuzz.dll")):O}";
        if (File.Exists(stamp) && File.ReadAllText(stamp) == identity)
        {
            return target;
        }

        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        int types = SharpFuzz.Fuzzer.Instrument(Path.Combine(target, "PianoTranscription.dll"), _ => true, SharpFuzz.Options.Value).Count();
        File.WriteAllText(stamp, identity);
        Console.WriteLine($"instrumented {types} types of PianoTranscription.dll in {target}");
        return target;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is string p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p
        : "dotnet";

    private static string Summarize(IReadOnlyList<FuzzTarget> targets, Totals[] totals, TimeSpan wall)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Fuzz campaign: {targets.Count} targets, {wall.TotalMinutes:F1} min wall, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        sb.AppendLine();
        sb.AppendLine("| target | reader | executions | seconds | exec/s | edges | corpus (before minimising) | worker restarts | findings |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (int i = 0; i < targets.Count; i++)
        {
            Totals t = totals[i];
            string findings = t.Findings.Count == 0 ? "none" : string.Join(", ", t.Findings);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {targets[i].Name} | {targets[i].Reader} | {t.Executions:N0} | {t.Seconds:F0} | {t.Executions / Math.Max(t.Seconds, 1e-9):N0} | {t.Edges} | {t.Corpus} | {t.Restarts} | {findings} |");
        }

        return sb.ToString();
    }
}
