using System.Diagnostics;
using PianoTranscription.Fuzz;

namespace PianoTranscription.Tests.Fuzz;

/// <summary>
/// Replays the committed fuzz state (tools/PianoTranscription.Fuzz/corpus and findings) through the same targets the
/// fuzzer runs (Targets/FuzzTargets.cs, linked here), without instrumentation: every input must be accepted or refused
/// with the reader's documented exception, fast. A finding stays here as a regression test once its bug is fixed.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Corpus_and_findings_raise_only_the_documented_exceptions(string name)
    {
        FuzzTarget target = FuzzTargets.Get(name);
        string[] inputs = Inputs(name);
        Assert.NotEmpty(inputs);
        var failures = new List<string>();
        foreach (string file in inputs)
        {
            byte[] data = File.ReadAllBytes(file);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                target.Run(data);
            }
            catch (Exception ex) when (target.IsExpected(ex))
            {
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(file)}: {ex}");
            }

            // The fuzzer's limit is 1 s; CI machines are slower and shared, so only a gross hang fails here.
            if (clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                failures.Add($"{Path.GetFileName(file)}: took {clock.Elapsed.TotalSeconds:F1} s");
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            if (allocated > 256L << 20)
            {
                failures.Add($"{Path.GetFileName(file)}: allocated {allocated >> 20} MiB");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Every_reader_of_untrusted_bytes_has_a_committed_corpus()
    {
        foreach (FuzzTarget target in FuzzTargets.All)
        {
            string dir = Path.Combine(ToolDir, "corpus", target.Name);
            Assert.True(Directory.Exists(dir) && Directory.GetFiles(dir).Length > 0, $"no corpus for {target.Name} in {dir}");
        }
    }

    [Fact]
    public void The_corpus_stays_small()
    {
        long bytes = Directory.GetFiles(Path.Combine(ToolDir, "corpus"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(bytes, 1, 4L << 20);
    }

    private static string[] Inputs(string target) =>
        new[] { "corpus", "findings" }
            .Select(kind => Path.Combine(ToolDir, kind, target))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Where(f => !f.EndsWith(".txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string ToolDir
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tools", "PianoTranscription.Fuzz");
                if (Directory.Exists(Path.Combine(candidate, "corpus")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("tools/PianoTranscription.Fuzz/corpus not found above the test folder");
        }
    }
}
