using System.Text.Json;
using PianoTranscription.Audio;

namespace PianoTranscription.Tests.Cli;

/// <summary><c>classifier train|predict</c> on tones and noise written here, and its one-line errors.</summary>
public sealed class ClassifierCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-classifier-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_prints_cross_validated_metrics_and_predict_labels_files_and_segments()
    {
        string data = Path.Combine(_dir, "data");
        for (int i = 0; i < 3; i++)
        {
            Write(Path.Combine(data, "tone", $"{i}.wav"), Tone(300 + (150 * i), 2));
            Write(Path.Combine(data, "noise", $"{i}.wav"), Noise(2, i));
        }

        string model = Path.Combine(_dir, "model.zip");
        (int code, string stdout, string stderr) = CliProcess.Run("classifier", "train", data, "-o", model, "--clip-seconds", "1", "--features", "logmel", "--folds", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("file accuracy 1.000", stdout, StringComparison.Ordinal);
        Assert.Contains("confusion (files; row = truth, column = predicted):", stdout, StringComparison.Ordinal);
        Assert.Contains("saved ", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(model));

        (code, stdout, stderr) = CliProcess.Run("classifier", "train", data, "-o", model, "--clip-seconds", "1", "--features", "logmel", "--json");
        Assert.True(code == 0, stderr);
        JsonElement metrics = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(6, metrics.GetProperty("files").GetInt32());
        Assert.Equal(1.0, metrics.GetProperty("fileAccuracy").GetDouble());
        Assert.Equal(["noise", "tone"], metrics.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));

        string tone = Path.Combine(_dir, "tone.wav");
        string noise = Path.Combine(_dir, "noise.wav");
        Write(tone, Tone(700, 3));
        Write(noise, Noise(3, 7));
        string missing = Path.Combine(_dir, "missing.wav");
        (code, stdout, stderr) = CliProcess.Run("classifier", "predict", model, tone, missing, noise, "--json", "--segments");
        Assert.Equal(2, code);
        Assert.Contains("missing.wav", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        JsonElement[] rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["tone", "noise"], rows.Select(r => r.GetProperty("label").GetString()));
        Assert.All(rows, r => Assert.Equal(3, r.GetProperty("segments").GetArrayLength()));
        Assert.Equal(2.0, rows[0].GetProperty("segments")[2].GetProperty("start").GetDouble(), 6);
        Assert.InRange(rows[1].GetProperty("probabilities").GetProperty("noise").GetDouble(), 0.5, 1.0);

        (code, stdout, _) = CliProcess.Run("classifier", "predict", model, tone);
        Assert.Equal(0, code);
        Assert.StartsWith($"{tone}: tone (", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_that_cannot_train_and_a_file_that_is_not_a_classifier_are_one_line_and_exit_code_2()
    {
        string data = Path.Combine(_dir, "data");
        Write(Path.Combine(data, "tone", "a.wav"), Tone(440, 2));
        (int code, _, string stderr) = CliProcess.Run("classifier", "train", data, "-o", Path.Combine(_dir, "m.zip"));
        Assert.Equal(2, code);
        Assert.Contains("one label folder ('tone')", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        string notModel = Path.Combine(_dir, "not-a-model.zip");
        File.WriteAllText(notModel, "hello");
        (code, _, stderr) = CliProcess.Run("classifier", "predict", notModel, Path.Combine(data, "tone", "a.wav"));
        Assert.Equal(2, code);
        Assert.Contains("is not a saved audio classifier", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        (code, _, stderr) = CliProcess.Run("classifier", "train", data, "-o", Path.Combine(_dir, "m.zip"), "--features", "mfcc");
        Assert.Equal(2, code);
        Assert.Contains("--features must be embedding, logmel or both", stderr, StringComparison.Ordinal);
    }

    private static void Write(string path, AudioClip clip)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        clip.SaveWav(path);
    }

    private static AudioClip Tone(double hz, double seconds)
    {
        float[] x = new float[(int)(seconds * 16000)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(0.3 * Math.Sin(2 * Math.PI * hz * i / 16000));
        }

        return AudioClip.FromSamples(x, 16000);
    }

    private static AudioClip Noise(double seconds, int seed)
    {
        var random = new Random(seed);
        float[] x = new float[(int)(seconds * 16000)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(0.3 * (random.NextDouble() - 0.5));
        }

        return AudioClip.FromSamples(x, 16000);
    }
}
