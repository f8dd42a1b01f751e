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
}
