// An ML.NET app: transcribe a folder with a pipeline, save the fitted pipeline, load it again and check it gives
// the same notes, then group the recordings by sound with ML.NET's k-means on the library's audio embedding.
//   dotnet run -- recordings-folder [model.zip]
using Microsoft.ML;
using Microsoft.ML.Data;
using PianoTranscription.Decoding;
using PianoTranscription.ML;

if (args.Length is < 1 or > 2 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: MlNetPipeline AUDIO_FOLDER [MODEL_ZIP]");
    return 2;
}

string folder = args[0];
string zip = args.Length > 1 ? args[1] : "transcribe.zip";

// 1. Transcription as an ML.NET pipeline over every audio file of the folder.
var ml = new MLContext(seed: 1);
IDataView files = ml.Data.LoadAudioFiles(folder);
string[] paths = files.GetColumn<ReadOnlyMemory<char>>("Path").Select(p => Path.GetFileName(p.ToString())).ToArray();
if (paths.Length == 0)
{
    Console.Error.WriteLine($"error: no audio files in '{folder}'");
    return 1;
}

var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path")
    .Append(ml.Transforms.Piano.Transcribe("Notes", "Audio"));
ITransformer model = pipeline.Fit(files);
DecodedNotes[] first = model.Transform(files).ReadNotes().ToArray();
for (int i = 0; i < paths.Length; i++)
{
    Console.WriteLine($"{paths[i]}: {first[i]}");
}

// 2. Save the pipeline, load it in a fresh context (as another process would) and compare.
ml.Model.Save(model, files.Schema, zip);
var other = new MLContext();
ITransformer loaded = other.Model.Load(zip, out _);
DecodedNotes[] again = loaded.Transform(other.Data.LoadAudioFiles(folder)).ReadNotes().ToArray();
bool same = first.Zip(again).All(p => p.First.Notes.SequenceEqual(p.Second.Notes));
Console.WriteLine($"saved {zip}; loaded copy gives {(same ? "the same" : "DIFFERENT")} notes");

// 3. The acoustic model's embedding (352 values per file) as features for ML.NET's own trainers: k-means.
int k = Math.Min(2, paths.Length);
var clustering = ml.Transforms.Audio.LoadAudio("Audio", "Path")
    .Append(ml.Transforms.Piano.Embed("Features", "Audio"))
    .Append(ml.Clustering.Trainers.KMeans("Features", numberOfClusters: k));
IDataView clustered = clustering.Fit(files).Transform(files);
uint[] cluster = clustered.GetColumn<uint>("PredictedLabel").ToArray();
for (int i = 0; i < paths.Length; i++)
{
    Console.WriteLine($"{paths[i]}: cluster {cluster[i]}");
}

return same ? 0 : 1;
