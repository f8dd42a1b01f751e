using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Samples.Tests;

/// <summary>One ArchiveCluster process (a silo or the client) whose output lines the test can wait for.</summary>
internal sealed class ArchiveClusterProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<string> _errors = [];
    private readonly SemaphoreSlim _newLine = new(0);

    public ArchiveClusterProcess(string name, params string[] args)
    {
        Name = name;
        string dll = Path.Combine(SampleApp.SamplesDirectory, "ArchiveCluster", "bin", "Release", "net10.0", "ArchiveCluster.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built: run samples/build.sh.");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Add(_lines, e.Data);
        _process.ErrorDataReceived += (_, e) => Add(_errors, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>How many lines of standard output there are so far.</summary>
    public int LineCount
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>The last lines of standard error (Orleans' warnings), for failure messages.</summary>
    public string ErrorTail
    {
        get
        {
            lock (_errors)
            {
                return string.Join('\n', _errors.TakeLast(15));
            }
        }
    }

    /// <summary>Waits for a line of standard output, from line <paramref name="from"/> on, that matches; returns its match and index.</summary>
    public async Task<(Match Match, int Line)> WaitForLineAsync(Regex pattern, TimeSpan timeout, int from = 0, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            bool exited = _process.HasExited;
            if (exited)
            {
                _process.WaitForExit();   // every line it wrote is in
            }

            lock (_lines)
            {
                for (int i = from; i < _lines.Count; i++)
                {
                    if (pattern.Match(_lines[i]) is { Success: true } match)
                    {
                        return (match, i);
                    }
                }
            }

            if (exited || clock.Elapsed > timeout)
            {
                Assert.Fail($"{Name}: no line matching '{pattern}' in {clock.Elapsed.TotalSeconds:0} s (exited: {_process.HasExited}).\nstdout:\n{Output}\nstderr:\n{ErrorTail}");
            }

            await _newLine.WaitAsync(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Name} did not exit in {timeout.TotalSeconds:0} s.\nstdout:\n{Output}\nstderr:\n{ErrorTail}");
        }

        _process.WaitForExit();   // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once, as a machine failing would (no graceful leave from the cluster).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _newLine.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        _newLine.Release();
    }
}
