using PianoTranscription.Audio;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Audio;

namespace PianoTranscription.Tests.Cli;

/// <summary><c>piano-transcribe info</c>, run as the built tool.</summary>
public sealed class InfoCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-info-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int ExitCode, string Stdout, string Stderr) Cli(params string[] args) => CliProcess.Run(args);

    [Fact]
    public void Prints_the_format_of_a_wav_file()
    {
        string path = Path.Combine(_dir, "tone.wav");
        AudioClip.FromSamples(Signals.Sine(440, 22050, 33075), 22050).SaveWav(path);
        (int code, string stdout, string stderr) = Cli("info", path);
        Assert.True(code == 0, stderr);
        Assert.Contains("format:      WAV", stdout, StringComparison.Ordinal);
        Assert.Contains("codec:       PCM signed 16-bit", stdout, StringComparison.Ordinal);
        Assert.Contains("sample rate: 22050 Hz", stdout, StringComparison.Ordinal);
        Assert.Contains("channels:    1", stdout, StringComparison.Ordinal);
        Assert.Contains("bit depth:   16 bit", stdout, StringComparison.Ordinal);
        Assert.Contains("duration:    1.500 s (33075 frames)", stdout, StringComparison.Ordinal);
        Assert.Contains($"size:        {44 + (33075 * 2)} bytes", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_file_is_one_line_on_stderr_and_exit_code_2()
    {
        string path = Path.Combine(_dir, "broken.wav");
        File.WriteAllBytes(path, WavBuilder.Simple(2, 1, 8000, 4, new byte[16]));
        (int code, string stdout, string stderr) = Cli("info", path);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("unsupported codec Microsoft ADPCM", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_exit_code_2()
    {
        (int code, _, string stderr) = Cli("info", Path.Combine(_dir, "nothing.wav"));
        Assert.Equal(2, code);
        Assert.Contains("not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_ffmpeg_is_exit_code_2_with_the_fix()
    {
        string path = Path.Combine(_dir, "x.ogg");
        File.WriteAllBytes(path, [.. "OggS"u8, .. new byte[60]]);
        (int code, _, string stderr) = Cli("info", path, "--ffmpeg", Path.Combine(_dir, "no-ffmpeg-here"));
        Assert.Equal(2, code);
        Assert.Contains("install ffmpeg", stderr, StringComparison.Ordinal);
    }

    [ToolFact("ffmpeg")]
    public void Prints_the_format_of_an_mp3()
    {
        string path = Path.Combine(_dir, "tone.mp3");
        ExternalTool.Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2", "-ac", "2", path);
        (int code, string stdout, string stderr) = Cli("info", path);
        Assert.True(code == 0, stderr);
        Assert.Contains("format:      MP3", stdout, StringComparison.Ordinal);
        Assert.Contains("codec:       mp3", stdout, StringComparison.Ordinal);
        Assert.Contains("sample rate: 48000 Hz", stdout, StringComparison.Ordinal);
        Assert.Contains("channels:    2", stdout, StringComparison.Ordinal);
        Assert.Contains("bit depth:   n/a (lossy)", stdout, StringComparison.Ordinal);
        Assert.Contains("duration:    2.0", stdout, StringComparison.Ordinal);
    }
}
