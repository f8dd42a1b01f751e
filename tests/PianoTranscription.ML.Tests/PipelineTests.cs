using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Inference;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML.Tests;

public sealed class PipelineTests : IDisposable
{
    private readonly string _dir = TestAudio.WriteFolder();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Files => Directory.GetFiles(_dir, "*.wav").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void A_folder_transcribed_by_a_pipeline_gives_the_transcribers_notes()
    {
        var ml = new MLContext(seed: 1);
        IDataView files = ml.Data.LoadAudioFiles(_dir);
        var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path")
            .Append(ml.Transforms.Piano.Transcribe("Notes", "Audio"));
        var model = pipeline.Fit(files);
        DecodedNotes[] rows = model.Transform(files).ReadNotes().ToArray();

        Assert.Equal(3, rows.Length); // notes.txt is not listed
        PianoTranscriber transcriber = PianoTranscriber.CreateDefault();
        for (int i = 0; i < rows.Length; i++)
        {
            TranscriptionResult expected = transcriber.Transcribe(Files[i]);
            Assert.NotEmpty(expected.Notes);
            Assert.Equal(expected.Notes, rows[i].Notes);
            Assert.Equal(expected.SustainPedal, rows[i].Pedals);
        }

        // The schema carries the sample rate beside the samples, and no internal column leaks out.
        DataViewSchema schema = model.GetOutputSchema(files.Schema);
        Assert.NotNull(schema.GetColumnOrNull("Audio.SampleRate"));
        Assert.DoesNotContain(schema, c => c.Name.StartsWith("__pt.", StringComparison.Ordinal));
        Assert.Equal(new[] { 44100, 16000, 22050 }, model.Transform(files).GetColumn<int>("Audio.SampleRate").ToArray());
    }

    [Fact]
    public void The_staged_pipeline_equals_one_pass_of_the_model_over_each_file()
    {
        var ml = new MLContext(seed: 1);
        IDataView files = ml.Data.LoadAudioFiles(_dir);
        var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path")
            .Append(ml.Transforms.Audio.Featurize("spectrogram", inputColumnName: "Audio"))
            .Append(ml.Transforms.Piano.ScoreAcousticModel("spectrogram"))
            .Append(ml.Transforms.Piano.DecodeNotes("Notes", "spectrogram"));
        IDataView scored = pipeline.Fit(files).Transform(files);
        DecodedNotes[] rows = scored.ReadNotes().ToArray();

        int[] frames = scored.GetColumn<int>("spectrogram.Frames").ToArray();
        int[] bins = scored.GetColumn<int>("spectrogram.Bins").ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            DecodedNotes expected = OnePass(AudioClip.Load(Files[i]));
            Assert.Equal(expected.Notes, rows[i].Notes);
            Assert.Equal(AcousticModel.Default.Featurizer.BinCount, bins[i]);
            Assert.InRange(frames[i], 245, 305); // 5–6 s at 50 frames/s
        }

        float[][] onset = scored.GetColumn<float[]>("onset").ToArray();
        Assert.All(onset.Zip(frames), p => Assert.Equal(p.Second * 88, p.First.Length));
    }

    [Fact]
    public void MLNETs_own_ApplyOnnxModel_scores_the_model_and_DecodeNotes_follows_it()
    {
        var ml = new MLContext(seed: 1);
        IDataView files = ml.Data.LoadAudioFiles(_dir);
        using Stream onnx = AcousticModel.Default.OpenModelStream();
        var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path")
            .Append(ml.Transforms.Audio.Featurize("spectrogram", inputColumnName: "Audio"))
            .Append(ml.Transforms.ApplyOnnxModel([.. PianoTransforms.HeadColumnNames], ["spectrogram"], onnx))
            .Append(ml.Transforms.Piano.DecodeNotes("Notes", "spectrogram"));
        DecodedNotes[] rows = pipeline.Fit(files).Transform(files).ReadNotes().ToArray();

        for (int i = 0; i < rows.Length; i++)
        {
            DecodedNotes managed = OnePass(AudioClip.Load(Files[i]));
            Assert.Equal(managed.Notes.Count, rows[i].Notes.Count);
            for (int n = 0; n < managed.Notes.Count; n++)
            {
                Assert.Equal(managed.Notes[n].Pitch, rows[i].Notes[n].Pitch);
                Assert.Equal(managed.Notes[n].Onset, rows[i].Notes[n].Onset, 1e-4);
                Assert.Equal(managed.Notes[n].Offset, rows[i].Notes[n].Offset, 1e-4);
            }
        }
    }

    [Fact]
    public void A_saved_pipeline_loads_in_a_fresh_process_and_gives_identical_notes()
    {
        var ml = new MLContext(seed: 1);
        IDataView files = ml.Data.LoadAudioFiles(_dir);
        var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path", new AudioLoadOptions { SampleRate = 16000 })
            .Append(ml.Transforms.Audio.Featurize("spectrogram", inputColumnName: "Audio"))
            .Append(ml.Transforms.Piano.ScoreAcousticModel("spectrogram", threads: 1))
            .Append(ml.Transforms.Piano.DecodeNotes("Notes", "spectrogram", AcousticModel.Default.DecoderOptions with { OnsetThreshold = 0.35f }))
            .Append(ml.Transforms.Piano.Transcribe("Transcribed", "Audio", options: AcousticModel.Default.DecoderOptions with { OnsetThreshold = 0.35f }));
        var model = pipeline.Fit(files);
        string zip = Path.Combine(_dir, "pipeline.zip");
        ml.Model.Save(model, files.Schema, zip);
        IDataView here = model.Transform(files);
        string[] expected = NoteLines.Of(here.ReadNotes()).ToArray();
        Assert.NotEmpty(expected);

        // The settings travelled: a 0.35 onset threshold gives other notes than the default 0.30.
        Assert.NotEqual(expected, NoteLines.Of(ml.Transforms.Audio.LoadAudio("Audio", "Path", new AudioLoadOptions { SampleRate = 16000 })
            .Append(ml.Transforms.Piano.Transcribe("Notes", "Audio")).Fit(files).Transform(files).ReadNotes()).ToArray());
        Assert.Equal(
            here.ReadNotes().Select(r => r.Notes.Count),
            here.ReadNotes("Transcribed").Select(r => r.Notes.Count));

        string output = Path.Combine(_dir, "loaded.txt");
        (int exit, string stderr) = LoadCheck(zip, output, register: true);
        Assert.True(exit == 0, stderr);
        Assert.Equal(expected, File.ReadAllLines(output));

        // ML.NET stores the mappings' assembly name in the model and loads it itself, so a process that does not call
        // RegisterPianoTranscription gets the same notes.
        (int unregisteredExit, string unregisteredError) = LoadCheck(zip, output + ".unregistered", register: false);
        Assert.True(unregisteredExit == 0, unregisteredError);
        Assert.Equal(expected, File.ReadAllLines(output + ".unregistered"));
    }

    private (int ExitCode, string Stderr) LoadCheck(string zip, string output, bool register)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { typeof(Program).Assembly.Location, "load-check", zip, _dir, output })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PT_LOAD_CHECK_NO_REGISTER"] = register ? "0" : "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(300_000), "the load-check process did not finish");
        return (process.ExitCode, stderr + stdout.Result);
    }

    [Fact]
    public void A_prediction_engine_transcribes_one_file()
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path").Append(ml.Transforms.Piano.Transcribe("Notes", "Audio"));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(Array.Empty<AudioFileInput>()));
        using PredictionEngine<AudioFileInput, TranscribedNotes> engine = ml.Model.CreatePredictionEngine<AudioFileInput, TranscribedNotes>(model);
        TranscribedNotes predicted = engine.Predict(new AudioFileInput { Path = Files[0] });
        Assert.Equal(PianoTranscriber.CreateDefault().Transcribe(Files[0]).Notes, predicted.ToDecodedNotes().Notes);
        Assert.Equal(predicted.Pitch.Length, predicted.Onset.Length);
    }

    [Fact]
    public void Bad_rows_and_bad_settings_fail_naming_the_problem()
    {
        var ml = new MLContext(seed: 1);
        string missing = Path.Combine(_dir, "missing.wav");
        string corrupt = Path.Combine(_dir, "corrupt.wav");
        File.WriteAllBytes(corrupt, [(byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3]);
        var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path").Append(ml.Transforms.Piano.Transcribe("Notes", "Audio"));
        foreach (string path in new[] { missing, corrupt })
        {
            IDataView rows = ml.Data.LoadFromEnumerable(new[] { new AudioFileInput { Path = path } });
            Exception ex = Assert.ThrowsAny<Exception>(() => pipeline.Fit(rows).Transform(rows).ReadNotes().ToArray());
            Assert.Contains(Path.GetFileName(path), Flatten(ex), StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => ml.Transforms.Piano.Transcribe("Notes", "Audio", AcousticModel.Load(AcousticModel.Default.OpenModelStream())));
        Assert.Throws<ArgumentException>(() => ml.Transforms.Audio.LoadAudio("__pt.samples"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Piano.Embed(threads: 0));
        Assert.Throws<DirectoryNotFoundException>(() => ml.Data.LoadAudioFiles(Path.Combine(_dir, "nowhere")));
        IDataView plain = ml.Data.LoadAudioFiles(_dir);
        Assert.Throws<ArgumentOutOfRangeException>(() => plain.ReadNotes().ToArray());
    }

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : ex.Message + " | " + Flatten(ex.InnerException);

    private static DecodedNotes OnePass(AudioClip clip)
    {
        AcousticModel model = AcousticModel.Default;
        var features = model.Featurizer.Compute(clip.SampleRate == model.SampleRate ? clip : clip.Resample(model.SampleRate));
        var o = model.Inference.Run(new Dictionary<string, Tensor> { [ModelContract.InputName] = new Tensor(features.ToArray(), 1, features.FrameCount, features.BinCount) });
        var heads = Enum.GetValues<ModelHead>().ToDictionary(h => h, h => o[ModelContract.OutputName(h)].Data.ToArray());
        return new NoteDecoder(model.DecoderOptions).Decode(new Posteriorgram(features.FrameRate, features.StartTime, heads));
    }
}
