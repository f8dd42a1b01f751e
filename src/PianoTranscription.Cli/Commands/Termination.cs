using System.Runtime.InteropServices;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM for the tool. Until a command calls <see cref="Cooperate"/>, a signal ends the process at
/// once, as it would without this class (nothing is being written then). After it, the first signal cancels
/// <see cref="Token"/> instead: the batch starts no new file, the files in flight stop before they write, or finish
/// writing (every output goes through an atomic write, so none is half written), and the command exits with
/// <see cref="ExitCode"/>. A second signal ends the process at once.
/// </summary>
internal sealed class Termination : IDisposable
{
    /// <summary>The exit code after SIGINT: 128 + 2, as shells report a process that Ctrl+C stopped.</summary>
    public const int SigIntExitCode = 130;

    /// <summary>The exit code after SIGTERM: 128 + 15.</summary>
    public const int SigTermExitCode = 143;

    private static Termination? s_current;
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration _sigInt;
    private readonly PosixSignalRegistration _sigTerm;
    private volatile bool _cooperating;
    private int _signalExitCode;

    private Termination()
    {
        _sigInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>The exit code of a command stopped by a signal: 130 after SIGINT, 143 after SIGTERM (130 when cancelled otherwise).</summary>
    public static int ExitCode => s_current is { _signalExitCode: > 0 and int code } ? code : SigIntExitCode;

    /// <summary>Cancelled by the first SIGINT or SIGTERM once a command cooperates.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Handles SIGINT and SIGTERM for this process until disposed.</summary>
    public static Termination Register()
    {
        var termination = new Termination();
        s_current = termination;
        return termination;
    }

    /// <summary>
    /// Called by a command that stops cleanly on its cancellation token (and writes atomically): from now on the first
    /// signal cancels the token instead of ending the process. Nothing happens when no <see cref="Termination"/> is
    /// registered (the command run in-process by tests).
    /// </summary>
    public static void Cooperate()
    {
        if (s_current is { } termination)
        {
            termination._cooperating = true;
        }
    }

    public void Dispose()
    {
        _sigInt.Dispose();
        _sigTerm.Dispose();
        _cancel.Dispose();
        if (ReferenceEquals(s_current, this))
        {
            s_current = null;
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        int code = context.Signal == PosixSignal.SIGTERM ? SigTermExitCode : SigIntExitCode;
        if (!_cooperating || Interlocked.CompareExchange(ref _signalExitCode, code, 0) != 0)
        {
            return; // not cancelled: the runtime ends the process, as for any program
        }

        context.Cancel = true;
        _cancel.Cancel();
    }
}
