using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using PianoTranscription.Audio;
using PianoTranscription.Midi;
using PianoTranscription.Transcription;

namespace Samples.Tests;

/// <summary>
/// A three-silo Orleans cluster on this machine transcribes a store of recordings while the test kills one silo in the
/// middle of a file; the run still ends with every file transcribed, and written, exactly once.
/// </summary>
public sealed partial class ArchiveClusterTests(ITestOutputHelper log) : IDisposable
{
    private const int Files = 12;
    private readonly List<ArchiveClusterProcess> _processes = [];
    private readonly List<string> _folders = [];

    [Fact]
    public async Task A_silo_killed_mid_file_still_leaves_every_file_transcribed_exactly_once()
    {
        string input = Folder(), output = Folder();
        string[] keys = WriteStore(input);
        int[] ports = [.. Enumerable.Range(0, 6).Select(_ => WebAppTests.FreePort())];
        string cluster = "test-" + Guid.NewGuid().ToString("N")[..8];
        string Gateway(int silo) => $"127.0.0.1:{ports[3 + silo]}";

        // The primary first (it keeps the membership table), then two silos that join it.
        ArchiveClusterProcess StartSilo(int id) => Start($"silo-{id}", "silo", "--id", $"{id}", "--port", $"{ports[id]}", "--gateway-port", $"{ports[3 + id]}",
            "--primary", $"127.0.0.1:{ports[0]}", "--input", input, "--output", output, "--cluster", cluster);
        ArchiveClusterProcess[] silos = [StartSilo(0), null!, null!];
        await silos[0].WaitForLineAsync(ReadyLine(), TimeSpan.FromSeconds(90));
        (silos[1], silos[2]) = (StartSilo(1), StartSilo(2));
        await silos[1].WaitForLineAsync(ReadyLine(), TimeSpan.FromSeconds(90));
        await silos[2].WaitForLineAsync(ReadyLine(), TimeSpan.FromSeconds(90));

        ArchiveClusterProcess client = Start("client", "run", "--input", input, "--output", output, "--parallel", "3", "--cluster", cluster, "--call-timeout", "5",
            "--gateways", string.Join(',', Enumerable.Range(0, 3).Select(Gateway)));

        // Once a file is committed, kill the next non-primary silo that starts one: it dies holding that file.
        await client.WaitForLineAsync(FinishedLine(), TimeSpan.FromSeconds(120));
        (ArchiveClusterProcess victim, string lost) = await NextStartAsync(silos[1..], TimeSpan.FromSeconds(120));
        victim.Kill();

        int code = await client.WaitForExitAsync(TimeSpan.FromSeconds(150));
        string text = client.Output;
        Assert.True(code == 0, $"client exited {code}:\n{text}\n{client.ErrorTail}");
        // A file whose grain was dropped with the dead silo's directory after its commit counts as already done.
        Match summary = Assert.Single(SummaryLine().Matches(text));
        Assert.Equal(Files, int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture));
        // The client noticed: its call for the lost file failed or the file's grain answered from another silo.
        Assert.Matches($@"{Regex.Escape(lost)}: (call failed|moved from {victim.Name} to silo-)", text);

        // Exactly once: one ledger line per file, the lost file committed by a silo that lived, nothing half written.
        IReadOnlyList<(string Key, string Silo, int Notes)> ledger = ReadLedger(output);
        Assert.Equal(keys, ledger.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.NotEqual(victim.Name, Assert.Single(ledger, c => c.Key == lost).Silo);
        Assert.Empty(Directory.GetFiles(Path.Combine(output, ".partial")));
        Assert.Equal(keys.Select(k => Path.ChangeExtension(k, ".mid")).Append("commits.log").Order(StringComparer.Ordinal),
            Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal));

        // What was written is what the library finds in each recording.
        PianoTranscriber transcriber = PianoTranscriber.CreateDefault();
        foreach (string key in keys)
        {
            int expected = (await transcriber.TranscribeAsync(Path.Combine(input, key))).Notes.Count;
            Assert.Equal(expected, MidiNotes.Read(Path.Combine(output, Path.ChangeExtension(key, ".mid"))).Notes.Count);
            Assert.Equal(expected, Assert.Single(ledger, c => c.Key == key).Notes);
        }

        // A second run over the same store (one silo still dead, its gateway too) finds everything done and writes nothing.
        ArchiveClusterProcess again = Start("client-2", "run", "--input", input, "--output", output, "--cluster", cluster,
            "--gateways", string.Join(',', Enumerable.Range(0, 3).Select(Gateway)));
        Assert.True(await again.WaitForExitAsync(TimeSpan.FromSeconds(90)) == 0, again.Output);
        Assert.Contains($"{Files} files, 0 transcribed, {Files} already done, 0 failed", again.Output, StringComparison.Ordinal);
        Assert.Equal(ledger, ReadLedger(output));
    }

    public void Dispose()
    {
        foreach (ArchiveClusterProcess p in _processes)
        {
            log.WriteLine($"--- {p.Name}\n{p.Output}");
            p.Dispose();
        }

        foreach (string folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>12 short recordings (3 s windows of the example, some in a subfolder); returns their keys, sorted.</summary>
    private static string[] WriteStore(string input)
    {
        AudioClip example = AudioClip.Load(SampleApp.ExampleWav);
        var keys = new List<string>();
        for (int i = 0; i < Files; i++)
        {
            string key = (i % 3 == 2 ? "box-2/" : "") + $"take-{i:00}.wav";
            string path = Path.Combine(input, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            example.Slice(TimeSpan.FromSeconds(0.4 + i * 0.9), TimeSpan.FromSeconds(3)).SaveWav(path);
            keys.Add(key);
        }

        return [.. keys.Order(StringComparer.Ordinal)];
    }

    private static IReadOnlyList<(string Key, string Silo, int Notes)> ReadLedger(string output) =>
        [.. File.ReadAllLines(Path.Combine(output, "commits.log")).Select(l => l.Split('\t'))
            .Select(f => (f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture)))];

    /// <summary>The first of the silos to print that it starts a file from now on, and that file.</summary>
    private static async Task<(ArchiveClusterProcess Silo, string File)> NextStartAsync(ArchiveClusterProcess[] silos, TimeSpan timeout)
    {
        int[] from = [.. silos.Select(s => s.LineCount)];
        using var found = new CancellationTokenSource();
        Task<(Match Match, int Line)>[] waits = [.. silos.Select((s, i) => s.WaitForLineAsync(StartLine(), timeout, from[i], found.Token))];
        Task<(Match Match, int Line)> first = await Task.WhenAny(waits);
        await found.CancelAsync();   // stop the other waits
        int index = Array.IndexOf(waits, first);
        return (silos[index], (await first).Match.Groups[1].Value);
    }

    private string Folder()
    {
        string folder = SampleApp.TempDirectory();
        _folders.Add(folder);
        return folder;
    }

    private ArchiveClusterProcess Start(string name, params string[] args)
    {
        var process = new ArchiveClusterProcess(name, args);
        _processes.Add(process);
        return process;
    }

    [GeneratedRegex(@"^silo-\d+ ready: ")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^\[\d+/\d+\] ")]
    private static partial Regex FinishedLine();

    [GeneratedRegex(@" 12 files, (\d+) transcribed, (\d+) already done, 0 failed;")]   // 12: Files
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"^silo-\d+: transcribing (.+)$")]
    private static partial Regex StartLine();
}
