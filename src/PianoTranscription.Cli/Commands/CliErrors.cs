using System.Globalization;
using PianoTranscription.Audio;
using PianoTranscription.Inference;
using PianoTranscription.Midi;
using PianoTranscription.ML.Classification;

namespace PianoTranscription.Cli.Commands;

/// <summary>Turns user errors into one-line messages and exit codes, with no stack trace.</summary>
internal static class CliErrors
{
    public const int Ok = 0;
    public const int Failure = 1; // a command-line syntax error (System.CommandLine's own exit code)
    public const int BadInput = 2;

    /// <summary>Runs <paramref name="action"/>, printing expected errors as one line on stderr.</summary>
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            return Report(ex);
        }
    }

    /// <summary>Runs and awaits <paramref name="action"/>, printing expected errors as one line on stderr.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            return Report(ex);
        }
    }

    public static bool IsUserError(Exception ex) => ex is AudioFormatException or ModelFormatException or MidiFormatException
        or ClassifierDataException or ClassifierModelException
        or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException
        or ArgumentException or FormatException or InvalidDataException or System.Text.Json.JsonException;

    /// <summary>
    /// An error's message on one line, with the library's advice for API users (an <c>AudioLoadOptions</c> property, a
    /// featurizer passed in code) replaced by the command-line option that does the same.
    /// </summary>
    public static string Describe(Exception ex)
    {
        string message = ex.Message.ReplaceLineEndings(" ");
        foreach ((string api, string cli) in Remedies)
        {
            message = message.Replace(api, cli, StringComparison.Ordinal);
        }

        return message;
    }

    /// <summary>What the library advises in code, and what the command line offers instead.</summary>
    private static readonly (string Api, string Cli)[] Remedies =
    [
        ("set AudioLoadOptions.NonFiniteSamples = ReplaceWithZero to read it anyway", "give --nan-samples zero to read them as silence"),
        ("pass the featurizer it was trained with explicitly", "give --featurizer FILE.json with the features it was trained with (the format 'features --print-config' prints)"),
    ];

    private static bool IsExpected(Exception ex) => IsUserError(ex) || ex is OperationCanceledException;

    private static int Report(Exception ex)
    {
        if (IsUserError(ex))
        {
            Console.Error.WriteLine($"error: {Describe(ex)}");
            return BadInput;
        }

        Console.Error.WriteLine("cancelled");
        return Termination.ExitCode;
    }

    /// <summary>
    /// The one line of a job that failed: <c>error: INPUT: reason</c>, the input named once, as given on the command
    /// line (the library's messages start with the file's full path; that is dropped).
    /// </summary>
    public static string ForInput(FileInfo input, Exception ex)
    {
        string reason = ex is FileNotFoundException missing && missing.FileName == input.FullName ? "file not found" : Describe(ex);
        foreach (string prefix in new[] { input.FullName, input.ToString() })
        {
            if (reason.StartsWith(prefix + ": ", StringComparison.Ordinal))
            {
                reason = reason[(prefix.Length + 2)..];
                break;
            }
        }

        return $"error: {BatchArguments.Shown(input)}: {reason}";
    }

    /// <summary>The line of a warning about an input: <c>warning: INPUT: sentence</c>.</summary>
    public static string Warning(FileInfo input, string sentence) => $"warning: {BatchArguments.Shown(input)}: {sentence}";

    /// <summary>
    /// Prints the one line of a batch stopped by SIGINT or SIGTERM (the files done, and that the others wrote nothing)
    /// and returns <see cref="Termination.ExitCode"/>.
    /// </summary>
    public static int Cancelled(BatchCounts counts)
    {
        string failed = counts.Failed > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({counts.Failed} failed)") : string.Empty;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cancelled: {counts.Succeeded} of {counts.Total} files done{failed}; the others wrote nothing"));
        return Termination.ExitCode;
    }
}
