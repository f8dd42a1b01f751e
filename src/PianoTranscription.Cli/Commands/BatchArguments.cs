namespace PianoTranscription.Cli.Commands;

/// <summary>Checks shared by commands that take many inputs and write one output per input.</summary>
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
}
