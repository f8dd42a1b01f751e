using Microsoft.ML;
using Microsoft.ML.Data;
using PianoTranscription.Audio;

namespace PianoTranscription.ML.Tests;

/// <summary>Small classifiers trained with ML.NET's own trainers on <see cref="PianoTransforms.Embed"/>, saved as ML.NET models.</summary>
public sealed class TrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-ml-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_embedding_classifier_told_piano_from_other_sounds_on_held_out_clips_and_survives_save_and_load()
    {
        // Piano: 2 s slices of the example. Other: synthetic organ chords (no decay), noise bursts and hum, seeded.
        var rows = new List<LabelledFile>();
        AudioClip example = TestAudio.ExampleClip;
        for (int i = 0; i < 7; i++)
        {
            rows.Add(Write($"piano{i}.wav", example.Slice(TimeSpan.FromSeconds(2 * i), TimeSpan.FromSeconds(2)), "piano", heldOut: i >= 5));
        }

        for (int i = 0; i < 7; i++)
        {
            rows.Add(Write($"other{i}.wav", Other(i), "other", heldOut: i >= 5));
        }

        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(rows.Where(r => !r.HeldOut));
        IDataView test = ml.Data.LoadFromEnumerable(rows.Where(r => r.HeldOut));
        var features = ml.Transforms.Audio.LoadAudio("Audio", "Path")
            .Append(ml.Transforms.Piano.Embed("Features", "Audio"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"));

        var maxEnt = features.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var lightGbm = features.Append(ml.MulticlassClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options
        {
            MinimumExampleCountPerLeaf = 2,
            NumberOfIterations = 20,
            Seed = 1,
        })).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        foreach ((string name, IEstimator<ITransformer> pipeline) in new[] { ("maxent", maxEnt), ("lightgbm", lightGbm) })
        {
            ITransformer model = pipeline.Fit(train);
            string[] predicted = model.Transform(test).GetColumn<string>("PredictedLabel").ToArray();
            string[] truth = rows.Where(r => r.HeldOut).Select(r => r.Label).ToArray();
            Assert.True(predicted.SequenceEqual(truth), $"{name}: predicted {string.Join(",", predicted)} for {string.Join(",", truth)}");

            string zip = Path.Combine(_dir, name + ".zip");
            ml.Model.Save(model, train.Schema, zip);
            var fresh = new MLContext(seed: 2).RegisterPianoTranscription();
            ITransformer loaded = fresh.Model.Load(zip, out _);
            Assert.Equal(predicted, loaded.Transform(test).GetColumn<string>("PredictedLabel").ToArray());
        }

        // The embedding has its fixed length in the schema, as trainers need.
        IDataView embedded = features.Fit(train).Transform(train);
        Assert.Equal(PianoTransforms.EmbeddingLength, ((VectorDataViewType)embedded.Schema["Features"].Type).Size);
    }

    private LabelledFile Write(string name, AudioClip clip, string label, bool heldOut)
    {
        string path = Path.Combine(_dir, name);
        clip.SaveWav(path);
        return new LabelledFile { Path = path, Label = label, HeldOut = heldOut };
    }

    private static AudioClip Other(int seed)
    {
        const int Rate = 16000;
        var random = new Random(seed);
        float[] x = new float[2 * Rate];
        switch (seed % 3)
        {
            case 0: // an organ-like chord: steady harmonics, no decay
                double[] pitches = [48 + random.Next(12), 55 + random.Next(12), 64 + random.Next(12)];
                for (int i = 0; i < x.Length; i++)
                {
                    double s = 0;
                    foreach (double p in pitches)
                    {
                        double f = 440 * Math.Pow(2, (p - 69) / 12);
                        for (int h = 1; h <= 6 && h * f < Rate / 2; h++) s += Math.Sin(2 * Math.PI * h * f * i / Rate) / h;
                    }

                    x[i] = (float)(0.1 * s);
                }

                break;
            case 1: // noise bursts, like a drum kit
                for (int burst = 0; burst < 8; burst++)
                {
                    int start = burst * Rate / 4;
                    for (int i = 0; i < Rate / 8; i++) x[start + i] = (float)((random.NextDouble() - 0.5) * Math.Exp(-i / 400.0));
                }

                break;
            default: // mains hum with noise
                for (int i = 0; i < x.Length; i++) x[i] = (float)((0.2 * Math.Sin(2 * Math.PI * 50 * i / Rate)) + (0.05 * (random.NextDouble() - 0.5)));
                break;
        }

        return AudioClip.FromSamples(x, Rate);
    }

    private sealed class LabelledFile
    {
        public string Path { get; set; } = "";

        public string Label { get; set; } = "";

        public bool HeldOut { get; set; }
    }
}
