using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using PianoTranscription.Decoding;
using PianoTranscription.ML;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML.Tests;

/// <summary>
/// The code of docs/mlnet.md, compiled and run. Each C# block of the page must appear in this file word for word
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
    public void Every_code_block_of_the_page_is_in_this_file()
    {
        string page = File.ReadAllText(FindUp("docs/mlnet.md"));
        string source = Normalise(File.ReadAllText(FindUp("tests/PianoTranscription.ML.Tests/DocsExamplesTests.cs")));
        MatchCollection blocks = CodeBlock().Matches(page);
        Assert.True(blocks.Count >= 5, $"{blocks.Count} C# blocks in docs/mlnet.md");
        foreach (Match block in blocks)
        {
            foreach (string line in block.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal) && l != "{" && l != "}"))
            {
                Assert.True(source.Contains(line, StringComparison.Ordinal), $"docs/mlnet.md line not in the tested code: {line}");
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
