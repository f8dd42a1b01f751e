using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using PianoTranscription.Decoding;
using PianoTranscription.Audio;
using PianoTranscription.ML;
using PianoTranscription.ML.Classification;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML.Tests;

/// <summary>
/// The code of docs/mlnet.md (and of the classifier section of docs/analysis.md), compiled and run. Each C# block of the page must appear in this file word for word
/// (<see cref="Every_code_block_of_the_page_is_in_this_file"/>), so the page cannot drift from code that works.
/// </summary>
public sealed partial class DocsExamplesTests : IDisposable
{
    private readonly string folder = TestAudio.WriteFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string zip => Path.Combine(folder, "transcribe.zip");

    [Fact]
    public void Transcribe_a_folder_and_save_the_pipeline()
    {
        var ml = new MLContext();
        IDataView files = ml.Data.LoadAudioFiles(folder);
        var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path")
            .Append(ml.Transforms.Piano.Transcribe("Notes", "Audio"));
        ITransformer model = pipeline.Fit(files);
        foreach (DecodedNotes notes in model.Transform(files).ReadNotes())
        {
            Console.WriteLine($"{notes.Notes.Count} notes, {notes.Pedals.Count} pedal presses");
        }

        ml.Model.Save(model, files.Schema, zip);

        Assert.True(File.Exists(zip));
        Assert.All(model.Transform(files).ReadNotes(), n => Assert.NotEmpty(n.Notes));
        Load_it_elsewhere();
    }

    private void Load_it_elsewhere()
    {
        var ml = new MLContext().RegisterPianoTranscription();
        ITransformer model = ml.Model.Load(zip, out DataViewSchema inputSchema);
        IDataView notes = model.Transform(ml.Data.LoadAudioFiles(folder));

        Assert.Equal("Path", Assert.Single(inputSchema).Name);
        Assert.Equal(3, notes.ReadNotes().Count());
    }

    [Fact]
    public void Stage_by_stage_with_the_managed_engine_or_onnx_runtime()
    {
        var ml = new MLContext();
        IDataView files = ml.Data.LoadAudioFiles(folder);
        var features = ml.Transforms.Audio.LoadAudio("Audio", "Path")
            .Append(ml.Transforms.Audio.Featurize("spectrogram", inputColumnName: "Audio"));

        // The CNN scored by the library's managed engine (no native code) ...
        var managed = features
            .Append(ml.Transforms.Piano.ScoreAcousticModel("spectrogram"))
            .Append(ml.Transforms.Piano.DecodeNotes("Notes", "spectrogram"));

        // ... or by ML.NET's own ONNX scorer (packages Microsoft.ML.OnnxTransformer and Microsoft.ML.OnnxRuntime).
        var onnxRuntime = features
            .Append(ml.Transforms.ApplyOnnxModel([.. PianoTransforms.HeadColumnNames], ["spectrogram"], AcousticModel.Default.OpenModelStream()))
            .Append(ml.Transforms.Piano.DecodeNotes("Notes", "spectrogram"));

        IDataView a = managed.Fit(files).Transform(files);
        IDataView b = onnxRuntime.Fit(files).Transform(files);
        Assert.Equal(a.ReadNotes().Select(n => n.Notes.Count), b.ReadNotes().Select(n => n.Notes.Count));
        Assert.Equal(a.GetColumn<int>("spectrogram.Frames"), b.GetColumn<int>("spectrogram.Frames"));
    }

    [Fact]
    public void One_file_with_a_prediction_engine()
    {
        var ml = new MLContext();
        string path = TestAudio.ExamplePath;
        var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path").Append(ml.Transforms.Piano.Transcribe("Notes", "Audio"));
        ITransformer model = pipeline.Fit(ml.Data.LoadFromEnumerable(Array.Empty<AudioFileInput>()));
        using var engine = ml.Model.CreatePredictionEngine<AudioFileInput, TranscribedNotes>(model);
        TranscribedNotes result = engine.Predict(new AudioFileInput { Path = path });
        Console.WriteLine($"{result.Pitch.Length} notes; first at {result.Onset[0]:0.000} s");

        Assert.Equal(PianoTranscriber.CreateDefault().Transcribe(path).Notes, result.ToDecodedNotes().Notes);
    }

    [Fact]
    public void Train_a_classifier_on_the_embedding()
    {
        var ml = new MLContext(seed: 1);
        string[] paths = Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal).ToArray();
        IDataView labelled = ml.Data.LoadFromEnumerable(paths.Select((p, i) => new LabelledAudio { Path = p, Label = i == 0 ? "first" : "rest" }));
        var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path")
            .Append(ml.Transforms.Piano.Embed("Features", "Audio"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        ITransformer classifier = pipeline.Fit(labelled);
        ml.Model.Save(classifier, labelled.Schema, Path.Combine(folder, "classifier.zip"));

        Assert.Equal(3, classifier.Transform(labelled).GetColumn<string>("PredictedLabel").Count());
    }

    [Fact]
    public void Train_your_own_classifier()
    {
        // Piano: slices of the example; hum: a 50 Hz tone with noise, seeded (labels are the subfolders' names).
        string trainingFolder = Path.Combine(folder, "training");
        for (int i = 0; i < 3; i++)
        {
            Directory.CreateDirectory(Path.Combine(trainingFolder, "piano"));
            Directory.CreateDirectory(Path.Combine(trainingFolder, "hum"));
            TestAudio.ExampleClip.Slice(TimeSpan.FromSeconds(4 * i), TimeSpan.FromSeconds(4)).SaveWav(Path.Combine(trainingFolder, "piano", $"{i}.wav"));
            Hum(4, i).SaveWav(Path.Combine(trainingFolder, "hum", $"{i}.wav"));
        }

        string modelPath = Path.Combine(folder, "classifier.zip");
        string recording = Path.Combine(folder, "a.wav");

        AudioClassifier classifier = AudioClassifier.Train(trainingFolder);     // trainingFolder/piano/*.wav, trainingFolder/hum/*.wav, …
        Console.WriteLine(classifier.Metrics);                                   // cross-validated: accuracy, per label, confusion matrix, folds
        classifier.Save(modelPath);

        AudioClassifier loaded = AudioClassifier.Load(modelPath);
        ClassifierPrediction prediction = loaded.Predict(recording);
        Console.WriteLine($"{prediction.Label} ({prediction.Confidence:0.00})");
        foreach (ClassifiedSegment segment in prediction.Segments)
        {
            Console.WriteLine($"{segment.Start:0.0}-{segment.End:0.0} s: {segment.Label}");
        }

        Assert.Equal(1.0, classifier.Metrics.FileAccuracy);
        Assert.Equal("piano", prediction.Label);
        Assert.Single(prediction.Segments); // a.wav is 5 s: one whole 3 s clip
    }

    [Fact]
    public void The_classifier_section_of_docs_analysis_is_in_this_file()
    {
        string page = File.ReadAllText(FindUp("docs/analysis.md"));
        int start = page.IndexOf("## Train your own classifier", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/analysis.md has no section \"## Train your own classifier\"");
        AssertBlocksAreHere(page[start..], "docs/analysis.md", minimum: 1);
    }

    private static AudioClip Hum(double seconds, int seed)
    {
        var random = new Random(seed);
        float[] x = new float[(int)(seconds * 16000)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((0.2 * Math.Sin(2 * Math.PI * 50 * i / 16000)) + (0.05 * (random.NextDouble() - 0.5)));
        }

        return AudioClip.FromSamples(x, 16000);
    }

    [Fact]
    public void Every_code_block_of_the_page_is_in_this_file() => AssertBlocksAreHere(File.ReadAllText(FindUp("docs/mlnet.md")), "docs/mlnet.md", minimum: 5);

    private static void AssertBlocksAreHere(string page, string name, int minimum)
    {
        string source = Normalise(File.ReadAllText(FindUp("tests/PianoTranscription.ML.Tests/DocsExamplesTests.cs")));
        MatchCollection blocks = CodeBlock().Matches(page);
        Assert.True(blocks.Count >= minimum, $"{blocks.Count} C# blocks in {name}");
        foreach (Match block in blocks)
        {
            foreach (string line in block.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal) && l != "{" && l != "}"))
            {
                Assert.True(source.Contains(line, StringComparison.Ordinal), $"{name} line not in the tested code: {line}");
            }
        }
    }

    private static string Normalise(string text) => string.Join('\n', text.Split('\n').Select(l => l.Trim()));

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, relative);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    private sealed class LabelledAudio
    {
        public string Path { get; set; } = "";

        public string Label { get; set; } = "";
    }
}
