using PianoTranscription.Audio;
using PianoTranscription.Inference;
using PianoTranscription.Midi;

namespace PianoTranscription.Cli.Commands;

/// <summary>Turns user errors into one-line messages and exit codes, with no stack trace.</summary>
internal static class CliErrors
{
    public const int Ok = 0;
    public const int Failure = 1;
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
        or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException
        or ArgumentException or FormatException or InvalidDataException or System.Text.Json.JsonException;

    private static bool IsExpected(Exception ex) => IsUserError(ex) || ex is OperationCanceledException;

    private static int Report(Exception ex)
    {
        if (IsUserError(ex))
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return BadInput;
        }

        Console.Error.WriteLine("cancelled");
        return Failure;
    }
}
