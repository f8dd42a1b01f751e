namespace PianoTranscription.Fuzz.Engine;

/// <summary>Where the committed fuzz state (corpus, findings) and the scratch work (instrumented copy, stats) live.</summary>
internal static class FuzzPaths
{
    /// <summary>The repository root: the nearest folder above <paramref name="start"/> holding PianoTranscription.sln.</summary>
    public static string? FindRepoRoot(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PianoTranscription.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>tools/PianoTranscription.Fuzz: corpus/TARGET and findings/TARGET are committed.</summary>
    public static string ToolDir(string repoRoot) => Path.Combine(repoRoot, "tools", "PianoTranscription.Fuzz");

    /// <summary>artifacts/fuzz (git-ignored): the instrumented copy, per-run statistics, the summary.</summary>
    public static string WorkDir(string repoRoot) => Path.Combine(repoRoot, "artifacts", "fuzz");
}
