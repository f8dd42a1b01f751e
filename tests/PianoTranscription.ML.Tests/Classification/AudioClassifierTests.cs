using System.IO.Compression;
using Microsoft.ML;
using PianoTranscription.Audio;
using PianoTranscription.ML.Classification;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.ML.Tests.Classification;

/// <summary>
/// <see cref="AudioClassifier"/> end to end on instrument families rendered here by FluidSynth, and its refusals of
/// data that cannot train and files that are not classifiers.
/// </summary>
public sealed class AudioClassifierTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-classifier-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ToolFact("fluidsynth")]
    public void Instrument_families_rendered_here_are_told_apart_cross_validated_and_on_held_out_renders_after_save_and_load()
    {
        Assert.True(File.Exists(InstrumentRenders.SoundFont), $"needs {InstrumentRenders.SoundFont} (apt-get install fluid-soundfont-gm)");
        string train = Path.Combine(_dir, "train");
        string heldOut = Path.Combine(_dir, "held-out");
        InstrumentRenders.Render(train, files: 4, seconds: 4, seed: 1);
        InstrumentRenders.Render(heldOut, files: 1, seconds: 4, seed: 2);

        var stages = new List<ClassifierTrainingProgress>();
        AudioClassifier classifier = AudioClassifier.Train(
            train, new AudioClassifierOptions { ClipSeconds = 2, Folds = 4, Features = ClassifierFeatures.EmbeddingAndLogMel }, new SynchronousProgress<ClassifierTrainingProgress>(stages.Add));

        string[] labels = InstrumentRenders.Families.Select(f => f.Label).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(labels, classifier.Labels);
        ClassifierMetrics m = classifier.Metrics;
        Assert.Equal(20, m.Files);
        // The non-silent whole 2 s clips of each render: the two of its 4 s of notes, and some of the instrument's release.
        Assert.InRange(m.Clips, 40, Directory.EnumerateFiles(train, "*.wav", SearchOption.AllDirectories).Sum(f => (int)(AudioClip.Load(f).Duration.TotalSeconds / 2)));
        Assert.Equal(4, m.Folds.Count);
        Assert.Equal(m.Files, m.Folds.Sum(f => f.Files));
        Assert.Equal(m.Files, m.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal(0.2, m.ChanceFileAccuracy, 6);
        Assert.True(m.FileAccuracy >= 0.7, m.ToString()); // chance is 0.2
        Assert.Contains(stages, s => s.Stage == ClassifierTrainingStage.Measuring && s.Done == 20);
        Assert.Equal(new ClassifierTrainingProgress(ClassifierTrainingStage.Training, 1, 1), stages[^1]);

        string zip = Path.Combine(_dir, "instruments.zip");
        classifier.Save(zip);
        AudioClassifier loaded = AudioClassifier.Load(zip);
        Assert.Equal(classifier.Labels, loaded.Labels);
        Assert.Equal(m.FileAccuracy, loaded.Metrics.FileAccuracy);
        Assert.Equal(m.ConfusionMatrix.Select(r => r.ToArray()), loaded.Metrics.ConfusionMatrix.Select(r => r.ToArray()));
        Assert.Equal(2, loaded.Options.ClipSeconds);
        Assert.Equal(ClassifierFeatures.EmbeddingAndLogMel, loaded.Options.Features);

        string[] files = labels.Select(l => Path.Combine(heldOut, l, "00.wav")).ToArray();
        ClassifierPrediction[] before = files.Select(f => classifier.Predict(f)).ToArray();
        ClassifierPrediction[] after = files.Select(f => loaded.Predict(f)).ToArray();
        int right = 0;
        for (int i = 0; i < files.Length; i++)
        {
            Assert.Equal(before[i].Label, after[i].Label);
            foreach (string label in labels)
            {
                Assert.Equal(before[i].Probabilities[label], after[i].Probabilities[label], 5);
            }

            Assert.Equal(1.0, after[i].Probabilities.Values.Sum(), 4);
            Assert.Equal((int)(AudioClip.Load(files[i]).Duration.TotalSeconds / 2), after[i].Segments.Count);
            Assert.Equal((0.0, 2.0), (after[i].Segments[0].Start, after[i].Segments[0].End));
            Assert.Equal((2.0, 4.0), (after[i].Segments[1].Start, after[i].Segments[1].End));
            right += after[i].Label == labels[i] ? 1 : 0;
        }

        Assert.True(right >= 4, string.Join(", ", after.Select((p, i) => $"{labels[i]} -> {p}")));

        // Thread-safe: the same answers from many threads at once, from the file or from a clip in memory.
        ClassifierPrediction[] parallel = new ClassifierPrediction[files.Length * 4];
        Parallel.For(0, parallel.Length, i => parallel[i] = i % 2 == 0 ? loaded.Predict(files[i % files.Length]) : loaded.Predict(AudioClip.Load(files[i % files.Length])));
        for (int i = 0; i < parallel.Length; i++)
        {
            Assert.Equal(after[i % files.Length].Probabilities[labels[0]], parallel[i].Probabilities[labels[0]], 5);
        }
    }

    [Fact]
    public void A_folder_that_cannot_train_is_refused_naming_the_problem()
    {
        string root = Path.Combine(_dir, "data");
        Directory.CreateDirectory(root);
        Assert.Contains("no label folders", Assert.Throws<ClassifierDataException>(() => AudioClassifier.Train(root)).Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => AudioClassifier.Train(Path.Combine(_dir, "missing")));

        WriteTone(Path.Combine(root, "tone", "a.wav"), 440, seed: 1);
        Assert.Contains("one label folder ('tone')", Assert.Throws<ClassifierDataException>(() => AudioClassifier.Train(root)).Message, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.Combine(root, "noise"));
        Assert.Contains("noise' holds no audio files", Assert.Throws<ClassifierDataException>(() => AudioClassifier.Train(root)).Message, StringComparison.Ordinal);

        WriteNoise(Path.Combine(root, "noise", "a.wav"), seed: 1);
        WriteNoise(Path.Combine(root, "noise", "b.wav"), seed: 2);
        var fast = new AudioClassifierOptions { ClipSeconds = 1, Features = ClassifierFeatures.LogMel };
        string message = Assert.Throws<ClassifierDataException>(() => AudioClassifier.Train(root, fast)).Message;
        Assert.Contains("label 'tone' has 1 usable file;", message, StringComparison.Ordinal);

        // A silent file: refused by name, or left out and listed when asked.
        string silent = Path.Combine(root, "tone", "silent.wav");
        AudioClip.FromSamples(new float[16000], 16000).SaveWav(silent);
        message = Assert.Throws<ClassifierDataException>(() => AudioClassifier.Train(root, fast)).Message;
        Assert.Contains($"'{silent}' is silent", message, StringComparison.Ordinal);
        Assert.Contains("label 'tone' has 1 usable file", Assert.Throws<ClassifierDataException>(() => AudioClassifier.Train(root, fast with { SkipUnusableFiles = true })).Message, StringComparison.Ordinal);

        // An unreadable file: the same.
        string broken = Path.Combine(root, "tone", "broken.wav");
        File.WriteAllText(broken, "not a wav file");
        WriteTone(Path.Combine(root, "tone", "b.wav"), 523, seed: 2);
        ClassifierDataException unreadable = Assert.Throws<ClassifierDataException>(() => AudioClassifier.Train(root, fast));
        Assert.Contains($"'{broken}' cannot be read", unreadable.Message, StringComparison.Ordinal);
        Assert.IsType<AudioFormatException>(unreadable.InnerException);

        File.Copy(Path.Combine(root, "noise", "a.wav"), Path.Combine(root, "loose.wav"));
        AudioClassifier trained = AudioClassifier.Train(root, fast with { SkipUnusableFiles = true });
        Assert.Equal(["broken.wav", "loose.wav", "silent.wav"], trained.SkippedFiles.Select(s => Path.GetFileName(s.Path)).Order(StringComparer.Ordinal));
        Assert.Equal(4, trained.TrainingFiles);
        Assert.True(trained.Metrics.FileAccuracy == 1.0, trained.Metrics.ToString() + string.Join("; ", trained.Metrics.Folds)); // a tone from noise, by their spectra

        // Predicting silence is refused too; a tone in memory is a tone.
        Assert.Contains("is silent", Assert.Throws<ClassifierDataException>(() => trained.Predict(silent)).Message, StringComparison.Ordinal);
        Assert.Equal("tone", trained.Predict(Tone(660, 3, seed: 5)).Label);
    }

    [Fact]
    public void A_file_that_is_not_a_classifier_is_refused_with_a_typed_exception()
    {
        Assert.Throws<FileNotFoundException>(() => AudioClassifier.Load(Path.Combine(_dir, "none.zip")));

        string text = Path.Combine(_dir, "text.zip");
        File.WriteAllText(text, "hello");
        Assert.Contains("not a saved audio classifier", Assert.Throws<ClassifierModelException>(() => AudioClassifier.Load(text)).Message, StringComparison.Ordinal);

        string other = Path.Combine(_dir, "other.zip");
        using (ZipArchive zip = ZipFile.Open(other, ZipArchiveMode.Create))
        {
            zip.CreateEntry("readme.txt");
        }

        Assert.Contains("has no classifier.json", Assert.Throws<ClassifierModelException>(() => AudioClassifier.Load(other)).Message, StringComparison.Ordinal);

        // A real classifier with its ML.NET model damaged, or its manifest from the future.
        AudioClassifier classifier = TrainToneNoise(new AudioClassifierOptions { ClipSeconds = 1, Features = ClassifierFeatures.LogMel });
        using var saved = new MemoryStream();
        classifier.Save(saved);
        Assert.Throws<ClassifierModelException>(() => AudioClassifier.Load(Rewrite(saved, "model.zip", _ => [1, 2, 3])));
        Assert.Contains("format version 99", Assert.Throws<ClassifierModelException>(() => AudioClassifier.Load(
            Rewrite(saved, "classifier.json", b => System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(b).Replace("\"version\": 1", "\"version\": 99", StringComparison.Ordinal))))).Message, StringComparison.Ordinal);
        Assert.Equal(classifier.Labels, AudioClassifier.Load(new MemoryStream(saved.ToArray())).Labels);
    }

    [Fact]
    public void Any_ml_net_trainer_can_be_plugged_in_and_survives_save_and_load_in_a_fresh_context()
    {
        var options = new AudioClassifierOptions
        {
            ClipSeconds = 1,
            Features = ClassifierFeatures.LogMel,
            CustomTrainer = ml => ml.MulticlassClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options
            {
                MinimumExampleCountPerLeaf = 2,
                NumberOfIterations = 10,
                Seed = 1,
            }),
        };
        AudioClassifier classifier = TrainToneNoise(options);
        Assert.Equal("custom", classifier.TrainerName);
        Assert.Null(classifier.Options.CustomTrainer);
        string zip = Path.Combine(_dir, "lightgbm.zip");
        classifier.Save(zip);
        AudioClip noise = Noise(3, seed: 9);
        ClassifierPrediction p = AudioClassifier.Load(zip).Predict(noise);
        Assert.Equal("noise", p.Label);
        Assert.Equal(3, p.Segments.Count);
        Assert.Equal(classifier.Predict(noise).Probabilities["noise"], p.Probabilities["noise"], 5);

        // The built-in SDCA trainer too.
        Assert.Equal("Sdca", TrainToneNoise(options with { CustomTrainer = null, Trainer = ClassifierTrainer.Sdca }).TrainerName);
        Assert.Throws<ArgumentException>(() => AudioClassifier.Train(_dir, options with { ClipSeconds = 0.1 }));
    }

    private AudioClassifier TrainToneNoise(AudioClassifierOptions options)
    {
        string root = Path.Combine(_dir, "tone-noise");
        if (!Directory.Exists(root))
        {
            for (int i = 0; i < 3; i++)
            {
                WriteTone(Path.Combine(root, "tone", $"{i}.wav"), 300 + (150 * i), seed: i);
                WriteNoise(Path.Combine(root, "noise", $"{i}.wav"), seed: i);
            }
        }

        return AudioClassifier.Train(root, options);
    }

    private static Stream Rewrite(MemoryStream saved, string entry, Func<byte[], byte[]> change)
    {
        var copy = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(saved.ToArray()), ZipArchiveMode.Read))
        using (var target = new ZipArchive(copy, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (ZipArchiveEntry e in source.Entries)
            {
                using var bytes = new MemoryStream();
                using (Stream s = e.Open())
                {
                    s.CopyTo(bytes);
                }

                using Stream t = target.CreateEntry(e.FullName).Open();
                t.Write(e.FullName == entry ? change(bytes.ToArray()) : bytes.ToArray());
            }
        }

        copy.Position = 0;
        return copy;
    }

    private static void WriteTone(string path, double hz, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Tone(hz, 2, seed).SaveWav(path);
    }

    private static void WriteNoise(string path, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Noise(2, seed).SaveWav(path);
    }

    private static AudioClip Tone(double hz, double seconds, int seed)
    {
        var random = new Random(seed);
        float[] x = new float[(int)(seconds * 16000)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((0.3 * Math.Sin(2 * Math.PI * hz * i / 16000)) + (0.001 * (random.NextDouble() - 0.5)));
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

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> posts to the thread pool, too late for assertions).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly object _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
