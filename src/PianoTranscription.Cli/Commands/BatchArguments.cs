using System.CommandLine;
using PianoTranscription.Audio;

namespace PianoTranscription.Cli.Commands;

/// <summary>Checks and output paths shared by commands that take many inputs and write outputs per input.</summary>
internal static class BatchArguments
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> (printed as a one-line error) for a missing input, a thread count
    /// below 1, both <c>--out</c> and <c>--out-dir</c>, or <c>--out</c> with several inputs.
    /// </summary>
    public static void Validate(FileInfo[] files, FileInfo? single, DirectoryInfo? dir, int threads)
    {
        if (files.Length == 0)
        {
            throw new ArgumentException("No input file given.");
        }

        if (threads < 1)
        {
            throw new ArgumentException("--threads must be at least 1.");
        }

        if (single is not null && dir is not null)
        {
            throw new ArgumentException("Give either --out or --out-dir, not both.");
        }

        if (single is not null && files.Length > 1)
        {
            throw new ArgumentException("--out takes a single input; use --out-dir for several.");
        }
    }

    /// <summary>
    /// Where an input's output goes: the <c>--out</c> path as given (with <paramref name="renameOut"/>, that path
    /// with <paramref name="extension"/>, for commands writing several formats), else DIR/NAME<paramref name="extension"/>
    /// with DIR the <c>--out-dir</c> or the input's own folder and NAME the input's name without extension.
    /// </summary>
    public static string OutputPath(FileInfo input, string extension, FileInfo? single, DirectoryInfo? dir, bool renameOut = false)
    {
        if (single is not null)
        {
            return renameOut ? Path.ChangeExtension(single.FullName, extension) : single.FullName;
        }

        string folder = dir?.FullName ?? input.DirectoryName ?? ".";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(input.Name) + extension);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> (printed as a one-line error, before any work) when an input is given
    /// twice, when two inputs would write the same output file (<c>in/take.flac in/take.mp3 --out-dir out</c> both make
    /// <c>out/take.mid</c>), or when an output would replace an input.
    /// </summary>
    /// <param name="jobs">Each input with the paths (full) its outputs go to.</param>
    public static void CheckDistinct(IEnumerable<(FileInfo Input, IEnumerable<string> Outputs)> jobs)
    {
        var inputs = new Dictionary<string, FileInfo>(PathComparer);
        var outputs = new Dictionary<string, FileInfo>(PathComparer);
        var all = jobs.Select(j => (j.Input, Outputs: j.Outputs.Select(Path.GetFullPath).ToArray())).ToArray();
        foreach ((FileInfo input, _) in all)
        {
            if (!inputs.TryAdd(input.FullName, input))
            {
                FileInfo first = inputs[input.FullName];
                throw new ArgumentException(Shown(first) == Shown(input)
                    ? $"'{Shown(input)}' is given twice; give each input once."
                    : $"'{Shown(first)}' and '{Shown(input)}' are the same file; give each input once.");
            }
        }

        foreach ((FileInfo input, string[] targets) in all)
        {
            foreach (string target in targets)
            {
                if (inputs.TryGetValue(target, out FileInfo? overwritten))
                {
                    throw new ArgumentException($"the output of '{Shown(input)}' would be {target}, which is the input '{Shown(overwritten)}'; write it elsewhere (-o, --out-dir).");
                }

                if (outputs.TryGetValue(target, out FileInfo? other) && !PathComparer.Equals(other.FullName, input.FullName))
                {
                    throw new ArgumentException($"'{Shown(other)}' and '{Shown(input)}' would both be written to {target}; rename one, or run them with different --out-dir folders.");
                }

                outputs[target] = input;
            }
        }
    }

    /// <summary>The <c>--nan-samples</c> option of the commands that read audio.</summary>
    public static Option<string?> NanSamplesOption() => new("--nan-samples")
    {
        Description = "NaN or infinite samples in a float WAV: error (refuse the file; the default) or zero (read them as silence).",
        HelpName = "error|zero",
    };

    /// <summary>The <c>--nan-samples</c> value: <c>error</c> (also when not given) or <c>zero</c>.</summary>
    public static NonFiniteSampleHandling ParseNanSamples(string? text)
    {
        string value = text?.Trim() ?? "error";
        if (value.Equals("error", StringComparison.OrdinalIgnoreCase))
        {
            return NonFiniteSampleHandling.Throw;
        }

        return value.Equals("zero", StringComparison.OrdinalIgnoreCase)
            ? NonFiniteSampleHandling.ReplaceWithZero
            : throw new ArgumentException($"--nan-samples is '{text}'; use error (refuse the file) or zero (read NaN and infinite samples as silence).");
    }

    /// <summary>An input as the user gave it on the command line.</summary>
    public static string Shown(FileInfo input) => input.ToString();

    /// <summary>How the file system compares paths: case-sensitively on Linux, ignoring case on Windows and macOS.</summary>
    private static StringComparer PathComparer => OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
}
