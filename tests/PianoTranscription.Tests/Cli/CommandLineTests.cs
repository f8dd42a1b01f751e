using PianoTranscription.Cli.Commands;
using PianoTranscription.Tests.Transcription;

namespace PianoTranscription.Tests.Cli;

/// <summary>What every command does with its command line, run as the built tool.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-cli-line-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Example(string name, double seconds = 1)
    {
        string path = Path.Combine(_dir, name);
        TranscriptionTestData.ExampleClip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(seconds)).SaveWav(path);
        return path;
    }

    [Theory]
    [InlineData("transcribe typo.wav --fromat png", "unknown option '--fromat' (did you mean --format?)")]
    [InlineData("transcribe typo.wav --fromat=png", "unknown option '--fromat' (did you mean --format?)")]
    [InlineData("transcribe typo.wav --nope -o z.mid", "unknown option '--nope'; see '")]
    [InlineData("transcribe typo.wav -threads 1", "unknown option '-threads' (did you mean --threads?)")]
    [InlineData("transcribe --modle m.onnx typo.wav", "unknown option '--modle' (did you mean --model?)")]
    [InlineData("features typo.wav --out-dri out", "unknown option '--out-dri' (did you mean --out-dir?)")]
    [InlineData("features --print-confg", "unknown option '--print-confg' (did you mean --print-config?)")]
    [InlineData("info --nope typo.wav", "unknown option '--nope'; see '")]
    [InlineData("info typo.wav --ffmpge x", "unknown option '--ffmpge' (did you mean --ffmpeg?)")]
    [InlineData("evaluate a.mid b.mid --jsn", "unknown option '--jsn' (did you mean --json?)")]
    public void A_mistyped_option_is_refused_before_any_work(string line, string message)
    {
        Example("typo.wav");
        (int code, string stdout, string stderr) = CliProcess.RunIn(_dir, line.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("error: " + message, Assert.Single(CliProcess.Lines(stderr)), StringComparison.Ordinal);
        Assert.Equal(["typo.wav"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName)); // nothing written
    }

    [Fact]
    public void After_a_double_dash_a_name_starting_with_a_dash_is_an_input()
    {
        Example("-take.wav");
        (int code, _, string stderr) = CliProcess.RunIn(_dir, "transcribe", "--", "-take.wav");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(_dir, "-take.mid")));

        // An option's value may start with a dash; only the inputs are checked.
        (code, _, stderr) = CliProcess.RunIn(_dir, "transcribe", "-o", "-out.csv", "--", "-take.wav");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(_dir, "-out.csv")));
    }

    [Theory]
    [InlineData("transcribe a/take.wav b/take.wav --out-dir out", "'a/take.wav' and 'b/take.wav' would both be written to {dir}/out/take.mid")]
    [InlineData("transcribe in/take.wav in/take.flac", "'in/take.wav' and 'in/take.flac' would both be written to {dir}/in/take.mid")]
    [InlineData("transcribe a/take.wav b/take.wav --out-dir out --format csv,json", "'a/take.wav' and 'b/take.wav' would both be written to {dir}/out/take.csv")]
    [InlineData("transcribe a/take.wav a/take.wav", "'a/take.wav' is given twice; give each input once.")]
    [InlineData("transcribe a/take.wav ./a/../a/take.wav --out-dir out", "'a/take.wav' and './a/../a/take.wav' are the same file")]
    [InlineData("features a/take.wav b/take.wav --out-dir out", "'a/take.wav' and 'b/take.wav' would both be written to {dir}/out/take.npy")]
    [InlineData("features a/take.wav a/take.wav --out-dir out", "'a/take.wav' is given twice")]
    [InlineData("features a/take.wav -o a/take.wav", "the output of 'a/take.wav' would be {dir}/a/take.wav, which is the input 'a/take.wav'")]
    public void Two_inputs_for_one_output_or_one_input_twice_are_refused_before_any_work(string line, string message)
    {
        foreach (string folder in new[] { "a", "b", "in" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, folder));
            Example(Path.Combine(folder, "take.wav"));
        }

        File.WriteAllBytes(Path.Combine(_dir, "in", "take.flac"), [.. "fLaC"u8, .. new byte[60]]); // never read
        string[] before = Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

        (int code, string stdout, string stderr) = CliProcess.RunIn(_dir, line.Split(' '));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("error: " + message.Replace("{dir}", _dir, StringComparison.Ordinal), Assert.Single(CliProcess.Lines(stderr)), StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)); // no output, no folder
    }

    [Theory]
    [InlineData("--fromat", "--format", 1)]
    [InlineData("--format", "--format", 0)]
    [InlineData("-threads", "--threads", 1)]
    [InlineData("--nope", "--out", 3)]
    public void Edit_distance_counts_a_swap_as_one_edit(string a, string b, int distance) =>
        Assert.Equal(distance, UnknownOptions.Distance(a, b));
}
