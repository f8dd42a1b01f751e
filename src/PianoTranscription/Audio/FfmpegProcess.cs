using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PianoTranscription.Audio;

/// <summary>
/// One running ffmpeg: started with its output (and optionally its input) redirected, its error report collected
/// (up to 64 KiB), killed when the token is cancelled or when disposed before it exits.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    private const int StderrLimit = 64 * 1024;

    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Task _feed;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _registration;

    private FfmpegProcess(Process process, Stream? input, CancellationToken cancellationToken)
    {
        _process = process;
        _cancellationToken = cancellationToken;
        _stderr = ReadLimitedAsync(process.StandardError);
        _registration = cancellationToken.Register(Kill);
        _feed = input is null ? Task.CompletedTask : FeedAsync(input, process.StandardInput.BaseStream, cancellationToken);
    }

    /// <summary>ffmpeg's standard output.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Starts ffmpeg.</summary>
    /// <param name="source">Names the input in messages (a path or "stream").</param>
    /// <param name="container">The input's container, named in the message when ffmpeg cannot be started.</param>
    /// <param name="ffmpeg">The executable.</param>
    /// <param name="arguments">The command line after the executable.</param>
    /// <param name="cancellationToken">Kills the process when cancelled.</param>
    /// <param name="input">Copied to ffmpeg's standard input (then closed), or <see langword="null"/> for none.</param>
    /// <exception cref="AudioFormatException">ffmpeg could not be started.</exception>
    public static FfmpegProcess Start(string source, AudioContainer container, string ffmpeg, IEnumerable<string> arguments, CancellationToken cancellationToken, Stream? input = null)
    {
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            throw new AudioFormatException(
                $"{source}: the file is {AudioFile.DescribeContainer(container)}, which is decoded with ffmpeg, but ffmpeg could not be started ('{ffmpeg}': {ex.Message}); install ffmpeg (e.g. apt-get install ffmpeg) or convert to WAV",
                ex);
        }

        return new FfmpegProcess(process, input, cancellationToken);
    }

    /// <summary>
    /// Waits for ffmpeg to exit (call it once its output has been read to the end) and for the input copy to end.
    /// </summary>
    /// <returns>The exit code and ffmpeg's error report.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public (int ExitCode, string Errors) WaitForExit()
    {
        _process.WaitForExit();
        _feed.GetAwaiter().GetResult();
        _cancellationToken.ThrowIfCancellationRequested();
        return (_process.ExitCode, _stderr.GetAwaiter().GetResult());
    }

    /// <summary>Throws when the token given to <see cref="Start"/> was cancelled (ffmpeg has then been killed).</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void ThrowIfCancellationRequested() => _cancellationToken.ThrowIfCancellationRequested();

    /// <summary>Kills ffmpeg (and anything it started); nothing happens when it has already exited.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        catch (Win32Exception)
        {
            // exiting right now
        }
    }

    /// <summary>Stops listening to the token, kills ffmpeg if it is still running and releases the process.</summary>
    public void Dispose()
    {
        _registration.Dispose();
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        char[] chunk = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(chunk.AsMemory()).ConfigureAwait(false)) > 0)
        {
            if (text.Length < StderrLimit)
            {
                text.Append(chunk, 0, Math.Min(n, StderrLimit - text.Length));
            }
        }

        return text.ToString();
    }

    /// <summary>Copies the input to ffmpeg's standard input and closes it; ffmpeg stopping early (broken pipe) is not an error here.</summary>
    private static async Task FeedAsync(Stream input, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            await input.CopyToAsync(stdin, 1 << 16, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // ffmpeg exited (error or enough data); its exit code and message tell what happened.
        }
        catch (OperationCanceledException)
        {
            // the caller's token: reported after the process is gone
        }
        finally
        {
            try
            {
                stdin.Dispose();
            }
            catch (IOException)
            {
                // the pipe is already broken
            }
        }
    }
}
