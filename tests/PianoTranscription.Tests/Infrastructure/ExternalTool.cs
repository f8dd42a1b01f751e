using System.Diagnostics;

namespace PianoTranscription.Tests.Infrastructure;

/// <summary>
/// Finds the outside reference tools some tests compare against (sox, ffmpeg, Debian's python3 with mido/numpy/PIL,
/// MuseScore 3 under xvfb-run, abcMIDI's abc2midi).
/// Locally a missing tool skips the test with a message naming the package; under CI (CI=true) it fails instead,
/// because <c>.ci/run</c> installs every tool.
/// </summary>
internal static class ExternalTool
{
    /// <summary>Debian's interpreter: Debian's Python packages are invisible to a pyenv python3 earlier on PATH.</summary>
    public const string DebianPython = "/usr/bin/python3";

    private static readonly Dictionary<string, bool> Cache = [];

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True if <paramref name="tool"/> runs (for python modules use "python3:module").</summary>
    public static bool IsAvailable(string tool)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(tool, out bool ok))
            {
                ok = Probe(tool);
                Cache[tool] = ok;
            }

            return ok;
        }
    }

    /// <summary>The skip reason for a missing tool, or null when it is there (or under CI, where the test must run and fail).</summary>
    public static string? SkipReason(string[] tools)
    {
        string[] missing = tools.Where(t => !IsAvailable(t)).ToArray();
        if (missing.Length == 0 || IsCi)
        {
            return null;
        }

        return $"needs {string.Join(", ", missing)} (apt-get install {string.Join(' ', missing.Select(PackageOf))}); .ci/run installs it";
    }

    /// <summary>Runs a program to completion and returns its standard output; throws with stderr on failure.</summary>
    public static string Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish in 120 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }

    /// <summary>
    /// Runs MuseScore 3 without a display (under <c>xvfb-run -a</c>, which picks a free X display) and returns its
    /// output; throws with its messages on failure.
    /// </summary>
    public static string RunMuseScore(params string[] arguments) => Run("xvfb-run", ["-a", "mscore3", .. arguments]);

    /// <summary>
    /// The Debian package of a tool: "python3:PIL" is python3-pil, "python3:mir_eval" python3-mir-eval, standard-library
    /// modules python3; mscore3 is musescore3, abc2midi abcmidi, xvfb-run xvfb (with xauth).
    /// </summary>
    private static string PackageOf(string tool)
    {
        if (!tool.StartsWith("python3:", StringComparison.Ordinal))
        {
            return tool switch
            {
                "mscore3" => "musescore3",
                "abc2midi" => "abcmidi",
                "xvfb-run" => "xvfb xauth",
                _ => tool,
            };
        }

        string module = tool["python3:".Length..];
        return module is "json" or "xml" ? "python3" : "python3-" + module.ToLowerInvariant().Replace('_', '-');
    }

    private static bool Probe(string tool)
    {
        try
        {
            if (tool.StartsWith("python3:", StringComparison.Ordinal))
            {
                if (!File.Exists(DebianPython))
                {
                    return false;
                }

                Run(DebianPython, "-c", "import " + tool["python3:".Length..]);
                return true;
            }

            switch (tool)
            {
                case "abc2midi":
                    Run(tool, "-ver"); // it takes any other argument for a file name
                    break;
                case "mscore3":
                    RunMuseScore("--version"); // it needs a display even to print its version
                    break;
                case "xvfb-run":
                    Run(tool, "--help");
                    break;
                default:
                    Run(tool, tool == "ffmpeg" ? "-version" : "--version");
                    break;
            }

            return true;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }
}

/// <summary>A fact that needs outside tools: skipped locally when they are missing, run (and failing) under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        string? reason = ExternalTool.SkipReason(tools);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs outside tools: skipped locally when they are missing, run (and failing) under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools)
    {
        string? reason = ExternalTool.SkipReason(tools);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
