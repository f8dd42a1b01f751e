using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Tests.Audio;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Cli;

/// <summary><c>piano-transcribe features</c>, run as the built tool and checked against the library.</summary>
public sealed class FeaturesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-features-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Wav(string name, double frequency, int rate, double seconds)
    {
        string path = Path.Combine(_dir, name);
        float[] x = Signals.Sine(frequency, rate, (int)(seconds * rate), amplitude: 0.4);
        float[] y = Signals.Sine(frequency * 2.01, rate, x.Length, amplitude: 0.2);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += y[i];
        }

        AudioClip.FromSamples(x, rate).SaveWav(path);
        return path;
    }

    [Fact]
    public void Output_equals_PianoDefault_on_the_resampled_clip()
    {
        string input = Wav("tone.wav", 440, 44100, 1.3);
        string output = Path.Combine(_dir, "tone.npy");

        (int code, string stdout, string stderr) = CliProcess.Run("features", input, "--out", output);

        Assert.True(code == 0, stderr);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("tone.wav", stdout, StringComparison.Ordinal);
        AudioClip clip = AudioClip.Load(input).Resample(Featurizer.PianoDefault.SampleRate);
        Spectrogram expected = Featurizer.PianoDefault.Compute(clip);
        NpyArray actual = NpyFile.Read(output);
        Assert.Equal(new[] { expected.FrameCount, expected.BinCount }, actual.Shape);
        Assert.Equal(66, expected.FrameCount); // 1.3 s = 20800 samples at 16 kHz, hop 320: floor(20800 / 320) + 1 frames
        Assert.Equal(expected.Values.ToArray(), actual.Values.ToArray());
    }

    [ToolFact("ffmpeg")]
    public void A_flac_input_is_decoded_by_ffmpeg_and_gives_the_same_features()
    {
        string wav = Wav("tone.wav", 523.25, 48000, 0.6);
        string flac = Path.Combine(_dir, "tone.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-i", wav, flac);
        string output = Path.Combine(_dir, "tone.npy");

        (int code, _, string stderr) = CliProcess.Run("features", flac, "--out", output);

        Assert.True(code == 0, stderr);
        Spectrogram expected = Featurizer.PianoDefault.Compute(AudioClip.Load(wav, AudioLoadOptions.Default with { SampleRate = 16000 }));
        Assert.Equal(expected.Values.ToArray(), NpyFile.Read(output).Values.ToArray()); // FLAC is lossless: same samples
    }

    [Fact]
    public void The_config_file_is_honoured()
    {
        Featurizer custom = Featurizer.ForSampleRate(22050).Stft(windowSize: 1024, hop: 256).LogMel(bins: 64, minHz: 40, maxHz: 10000);
        string config = Path.Combine(_dir, "features.json");
        File.WriteAllText(config, custom.ToJson());
        string input = Wav("tone.wav", 330, 44100, 0.8);
        string output = Path.Combine(_dir, "custom.npy");

        (int code, _, string stderr) = CliProcess.Run("features", input, "--config", config, "--out", output);

        Assert.True(code == 0, stderr);
        Spectrogram expected = custom.Compute(AudioClip.Load(input).Resample(22050));
        NpyArray actual = NpyFile.Read(output);
        Assert.Equal(new[] { expected.FrameCount, 64 }, actual.Shape);
        Assert.Equal(expected.Values.ToArray(), actual.Values.ToArray());
    }

    [Fact]
    public void Print_config_prints_the_json_that_is_used()
    {
        string config = Path.Combine(_dir, "features.json");
        Featurizer custom = Featurizer.ForSampleRate(16000).Stft(1024, 160).Mel(80, 0, 8000).Decibels(-80);
        File.WriteAllText(config, custom.ToJson());

        (int code, string stdout, string stderr) = CliProcess.Run("features", "--config", config, "--print-config");
        Assert.True(code == 0, stderr);
        Assert.Equal(custom, Featurizer.FromJson(stdout));

        (code, stdout, _) = CliProcess.Run("features", "--print-config");
        Assert.Equal(0, code);
        Assert.Equal(Featurizer.PianoDefault, Featurizer.FromJson(stdout));
    }

    [Fact]
    public void Out_dir_writes_one_npy_per_input()
    {
        string[] inputs = [Wav("a.wav", 220, 16000, 0.5), Wav("b.wav", 440, 22050, 0.7), Wav("c.wav", 880, 48000, 0.3)];
        string outDir = Path.Combine(_dir, "out", "nested");

        (int code, string stdout, string stderr) = CliProcess.Run(["features", .. inputs, "--out-dir", outDir, "--threads", "2"]);

        Assert.True(code == 0, stderr);
        Assert.Equal(3, CliProcess.Lines(stdout).Length); // output redirected: one plain line per file, no progress bar
        foreach (string input in inputs)
        {
            string npy = Path.Combine(outDir, Path.GetFileNameWithoutExtension(input) + ".npy");
            Spectrogram expected = Featurizer.PianoDefault.Compute(AudioClip.Load(input, AudioLoadOptions.Default with { SampleRate = 16000 }));
            Assert.Equal(expected.Values.ToArray(), NpyFile.Read(npy).Values.ToArray());
        }
    }

    [ToolFact("script")]
    public void On_a_terminal_many_files_show_a_progress_bar()
    {
        // util-linux's script runs the tool on a pseudo-terminal, so Console.IsOutputRedirected is false there.
        string[] inputs = [Wav("a.wav", 220, 16000, 0.3), Wav("b.wav", 440, 16000, 0.3)];
        string outDir = Path.Combine(_dir, "out");
        string dll = Path.Combine(AppContext.BaseDirectory, "piano-transcribe.dll");
        string command = $"dotnet '{dll}' features '{inputs[0]}' '{inputs[1]}' --out-dir '{outDir}'";

        string terminal = ExternalTool.Run("script", "-qec", command, "/dev/null");

        Assert.Contains("features (2 files)", terminal, StringComparison.Ordinal);
        Assert.Contains("100%", terminal, StringComparison.Ordinal);
        Assert.Contains("2 of 2 files written", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("[1/2]", terminal, StringComparison.Ordinal); // no plain lines on a terminal
        Assert.True(File.Exists(Path.Combine(outDir, "a.npy")));
        Assert.True(File.Exists(Path.Combine(outDir, "b.npy")));
    }

    [Fact]
    public void A_bad_input_among_good_ones_is_one_line_and_exit_code_2_and_the_others_are_written()
    {
        string good1 = Wav("good1.wav", 220, 16000, 0.4);
        string good2 = Wav("good2.wav", 440, 16000, 0.4);
        string bad = Path.Combine(_dir, "bad.wav");
        File.WriteAllBytes(bad, WavBuilder.Simple(2, 1, 8000, 4, new byte[16])); // ADPCM: refused by the WAV reader
        string outDir = Path.Combine(_dir, "out");

        (int code, string stdout, string stderr) = CliProcess.Run("features", good1, bad, good2, "--out-dir", outDir);

        Assert.Equal(2, code);
        string line = Assert.Single(CliProcess.Lines(stderr));
        Assert.StartsWith($"error: {bad}: ", line, StringComparison.Ordinal);
        Assert.Contains("unsupported codec Microsoft ADPCM", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", stderr, StringComparison.Ordinal); // no stack trace
        Assert.Equal(2, CliProcess.Lines(stdout).Length);
        Assert.True(File.Exists(Path.Combine(outDir, "good1.npy")));
        Assert.True(File.Exists(Path.Combine(outDir, "good2.npy")));
        Assert.False(File.Exists(Path.Combine(outDir, "bad.npy")));
        Assert.Equal(["good1.npy", "good2.npy"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_bad_single_input_leaves_no_file_and_keeps_an_existing_one()
    {
        string bad = Path.Combine(_dir, "truncated.wav");
        byte[] wav = WavBuilder.Simple(1, 1, 16000, 16, new byte[2000]);
        File.WriteAllBytes(bad, wav[..20]);
        string output = Path.Combine(_dir, "out.npy");

        (int code, string stdout, string stderr) = CliProcess.Run("features", bad, "--out", output);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("truncated", Assert.Single(CliProcess.Lines(stderr)), StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));

        File.WriteAllText(output, "previous");
        (code, _, _) = CliProcess.Run("features", bad, "--out", output);
        Assert.Equal(2, code);
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Equal(["out.npy", "truncated.wav"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("no-output", "Give --out FILE.npy")]
    [InlineData("both-outputs", "either --out or --out-dir")]
    [InlineData("out-with-two-inputs", "--out takes a single input")]
    [InlineData("no-input", "No input file")]
    [InlineData("zero-threads", "--threads must be at least 1")]
    [InlineData("missing-input", "not found")]
    [InlineData("missing-config", "does not exist")]
    [InlineData("bad-config", "Featurizer JSON")]
    public void Usage_errors_are_one_line_and_exit_code_2_and_write_nothing(string situation, string message)
    {
        string input = Wav("in.wav", 440, 16000, 0.2);
        string output = Path.Combine(_dir, "out.npy");
        string badConfig = Path.Combine(_dir, "bad.json");
        File.WriteAllText(badConfig, "{ \"kind\": \"something else\" }");
        string[] args = situation switch
        {
            "no-output" => ["features", input],
            "both-outputs" => ["features", input, "--out", output, "--out-dir", _dir],
            "out-with-two-inputs" => ["features", input, input, "--out", output],
            "no-input" => ["features", "--out", output],
            "zero-threads" => ["features", input, "--out", output, "--threads", "0"],
            "missing-input" => ["features", Path.Combine(_dir, "nothing.wav"), "--out", output],
            "missing-config" => ["features", input, "--out", output, "--config", Path.Combine(_dir, "nothing.json")],
            "bad-config" => ["features", input, "--out", output, "--config", badConfig],
            _ => throw new ArgumentOutOfRangeException(nameof(situation)),
        };

        (int code, string stdout, string stderr) = CliProcess.Run(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        string line = Assert.Single(CliProcess.Lines(stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
