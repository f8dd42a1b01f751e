using System.Diagnostics;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PianoTranscription.Fuzz.Engine;

/// <summary>Settings of one fuzzing process.</summary>
internal sealed record WorkerSettings(FuzzTarget Target, string RepoRoot, long Runs, double Seconds, int Seed, string? CurrentInputFile, bool SaveCorpus)
{
    /// <summary>An execution slower than this is a finding ("no hang over 1 s").</summary>
    public TimeSpan SlowLimit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An execution still running after this is a hang: it is saved and the process exits (the supervisor restarts it).</summary>
    public TimeSpan HangLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An execution that allocates more than this (in total) is a finding ("no allocation over 256 MB").</summary>
    public long AllocationLimit { get; init; } = 256L << 20;
}

/// <summary>
/// The in-process, libFuzzer-style loop over one target: run an input with the coverage map cleared, keep it when it
/// reaches a new edge or hit-count bucket, mutate a kept input, repeat. Every exception other than the documented
/// ones, every execution over the time or allocation limit is saved under <c>findings/TARGET/</c>.
/// </summary>
internal sealed class Worker
{
    private readonly WorkerSettings _s;
    private readonly Coverage _coverage;
    private readonly List<Entry> _corpus = [];
    private readonly HashSet<string> _corpusHashes = [];
    private readonly Dictionary<string, string> _findings = [];
    private readonly Mutator _mutator;
    private readonly string _findingsDir;
    private readonly string _corpusDir;
    private readonly string _statsFile;
    private readonly MemoryMappedFile? _currentMap;
    private readonly MemoryMappedViewAccessor? _current;
    private long _execs;
    private long _execStart;
    private byte[] _running = [];

    public Worker(WorkerSettings settings, Coverage coverage)
    {
        _s = settings;
        _coverage = coverage;
        var tokens = settings.Target.Tokens.Select(t => Encoding.Latin1.GetBytes(t)).ToList();
        _mutator = new Mutator(settings.Seed, settings.Target.MaxLength, tokens);
        string tool = FuzzPaths.ToolDir(settings.RepoRoot);
        _findingsDir = Path.Combine(tool, "findings", settings.Target.Name);
        _corpusDir = Path.Combine(tool, "corpus", settings.Target.Name);
        _statsFile = Path.Combine(FuzzPaths.WorkDir(settings.RepoRoot), settings.Target.Name, $"stats-{settings.Seed}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(_statsFile)!);
        if (settings.CurrentInputFile is string cur)
        {
            _currentMap = MemoryMappedFile.CreateFromFile(cur, FileMode.OpenOrCreate, null, 4L + settings.Target.MaxLength + 8);
            _current = _currentMap.CreateViewAccessor();
        }
    }

    private sealed record Entry(byte[] Data, int[] Edges);

    /// <summary>Runs the campaign; returns the process exit code (0, or 1 when findings were saved).</summary>
    public int Run()
    {
        var watchdog = new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" };
        watchdog.Start();
        var clock = Stopwatch.StartNew();
        foreach (byte[] seed in InitialInputs())
        {
            Execute(seed);
        }

        if (!_coverage.AnyHit() && _coverage.Edges == 0)
        {
            Console.Error.WriteLine("No coverage recorded: PianoTranscription.dll is not instrumented (run the fuzz command, not worker, or instrument first).");
            return 2;
        }

        Console.WriteLine($"[{_s.Target.Name}] {_corpus.Count} initial inputs, {_coverage.Edges} edges");
        double nextReport = 10;
        while (_execs < _s.Runs && clock.Elapsed.TotalSeconds < _s.Seconds)
        {
            byte[] parent = Pick();
            byte[] other = _corpus[_mutator.Random.Next(_corpus.Count)].Data;
            Execute(_mutator.Mutate(parent, other));
            if ((_execs & 255) == 0 && clock.Elapsed.TotalSeconds >= nextReport)
            {
                nextReport += 10;
                Report(clock.Elapsed, final: false);
            }
        }

        Report(clock.Elapsed, final: true);
        if (_s.SaveCorpus)
        {
            SaveMinimizedCorpus();
        }

        return _findings.Count > 0 ? 1 : 0;
    }

    private IEnumerable<byte[]> InitialInputs()
    {
        foreach (byte[] seed in Seeds.For(_s.Target.Name, _s.RepoRoot))
        {
            yield return seed;
        }

        foreach (string dir in new[] { _corpusDir, _findingsDir, Path.Combine(FuzzPaths.WorkDir(_s.RepoRoot), _s.Target.Name, "queue") })
        {
            if (Directory.Exists(dir))
            {
                foreach (string file in Directory.GetFiles(dir).Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                {
                    yield return File.ReadAllBytes(file);
                }
            }
        }
    }

    private byte[] Pick()
    {
        // Mostly recent, small discoveries; sometimes anything.
        int n = _corpus.Count;
        int i = _mutator.Random.Next(4) == 0 ? _mutator.Random.Next(n) : n - 1 - (int)(Math.Pow(_mutator.Random.NextDouble(), 3) * n);
        return _corpus[Math.Clamp(i, 0, n - 1)].Data;
    }

    private void Execute(byte[] input)
    {
        if (input.Length > _s.Target.MaxLength)
        {
            input = input[.._s.Target.MaxLength];
        }

        if (_current is not null)
        {
            _current.Write(0, input.Length);
            _current.WriteArray(4, input, 0, input.Length);
        }

        _running = input;
        _coverage.Reset();
        Exception? error = null;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        Volatile.Write(ref _execStart, start);
        try
        {
            _s.Target.Run(input);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Volatile.Write(ref _execStart, 0);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        _execs++;
        if (_coverage.MergeNew())
        {
            AddToCorpus(input);
        }

        if (error is not null && !_s.Target.IsExpected(error))
        {
            Save("crash", input, Signature(error), error.ToString());
        }

        if (elapsed > _s.SlowLimit)
        {
            Save("slow", input, "slow", $"took {elapsed.TotalMilliseconds:F0} ms (limit {_s.SlowLimit.TotalMilliseconds:F0} ms); {error?.GetType().Name ?? "no exception"}");
        }

        if (allocated > _s.AllocationLimit)
        {
            Save("alloc", input, "alloc", $"allocated {allocated >> 20} MiB (limit {_s.AllocationLimit >> 20} MiB); {error?.GetType().Name ?? "no exception"}");
        }
    }

    private void AddToCorpus(byte[] input)
    {
        string hash = Convert.ToHexString(SHA256.HashData(input))[..16];
        if (!_corpusHashes.Add(hash))
        {
            return;
        }

        _corpus.Add(new Entry(input, _coverage.HitEdges()));
    }

    private void Save(string kind, byte[] input, string signature, string details)
    {
        if (_findings.ContainsKey(kind + signature))
        {
            return;
        }

        Directory.CreateDirectory(_findingsDir);
        string name = $"{kind}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(signature)))[..12].ToLowerInvariant()}";
        _findings[kind + signature] = name;
        File.WriteAllBytes(Path.Combine(_findingsDir, name + ".bin"), input);
        File.WriteAllText(Path.Combine(_findingsDir, name + ".txt"), details.Length > 8000 ? details[..8000] : details);
        Console.WriteLine($"[{_s.Target.Name}] FINDING {name}: {details.Split('\n')[0]}");
    }

    /// <summary>Exception type and the first library frames: one finding per distinct bug, not per input.</summary>
    private static string Signature(Exception ex)
    {
        var frames = new StackTrace(ex, false).GetFrames()
            .Select(f => f.GetMethod())
            .Where(m => m?.DeclaringType?.Namespace?.StartsWith("PianoTranscription", StringComparison.Ordinal) == true
                && m.DeclaringType.Namespace != "PianoTranscription.Fuzz")
            .Take(3)
            .Select(m => m!.DeclaringType!.Name + "." + m.Name);
        return ex.GetType().FullName + "@" + string.Join("<", frames);
    }

    private void Watch()
    {
        while (true)
        {
            Thread.Sleep(100);
            long start = Volatile.Read(ref _execStart);
            if (start != 0 && Stopwatch.GetElapsedTime(start) > _s.HangLimit)
            {
                Save("hang", _running, "hang", $"still running after {_s.HangLimit.TotalSeconds:F0} s");
                Console.Out.Flush();
                Environment.Exit(3);
            }
        }
    }

    private void Report(TimeSpan elapsed, bool final)
    {
        double rate = _execs / Math.Max(elapsed.TotalSeconds, 1e-9);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{_s.Target.Name}] {(final ? "done" : "    ")} #{_execs} in {elapsed.TotalSeconds:F0} s ({rate:F0} exec/s), {_coverage.Edges} edges, corpus {_corpus.Count}, findings {_findings.Count}"));
        var stats = new
        {
            target = _s.Target.Name,
            seed = _s.Seed,
            executions = _execs,
            seconds = Math.Round(elapsed.TotalSeconds, 1),
            execPerSecond = Math.Round(rate),
            edges = _coverage.Edges,
            corpus = _corpus.Count,
            findings = _findings.Values.Order(StringComparer.Ordinal).ToArray(),
            final,
        };
        File.WriteAllText(_statsFile, JsonSerializer.Serialize(stats));
    }

    /// <summary>
    /// Keeps, for every edge, the smallest input that reaches it (AFL's cmin rule), and writes that set as the
    /// committed corpus: small, and still covering everything the campaign reached.
    /// </summary>
    private void SaveMinimizedCorpus()
    {
        var best = new Dictionary<int, Entry>();
        foreach (Entry e in _corpus.OrderBy(e => e.Data.Length))
        {
            foreach (int edge in e.Edges)
            {
                best.TryAdd(edge, e);
            }
        }

        var keep = best.Values.Distinct().OrderBy(e => e.Data.Length).ToList();
        Directory.CreateDirectory(_corpusDir);
        foreach (string old in Directory.GetFiles(_corpusDir))
        {
            File.Delete(old);
        }

        foreach (Entry e in keep)
        {
            File.WriteAllBytes(Path.Combine(_corpusDir, Convert.ToHexString(SHA256.HashData(e.Data))[..16].ToLowerInvariant()), e.Data);
        }

        Console.WriteLine($"[{_s.Target.Name}] corpus minimised: {_corpus.Count} -> {keep.Count} inputs, {keep.Sum(e => e.Data.Length)} bytes");
    }
}
