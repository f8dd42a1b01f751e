using System.Text.Json.Nodes;
using Microsoft.ML;
using PianoTranscription.Decoding;
using PianoTranscription.Inference;
using PianoTranscription.ML.Mapping;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML;

/// <summary>
/// Piano estimators for ML.NET pipelines, reached as <c>mlContext.Transforms.Piano</c>: score the acoustic model with
/// the library's managed engine, decode its heads into notes (multi-label over the 88 keys), transcribe in one step,
/// or summarise a clip as a fixed-size embedding for ML.NET trainers. Every estimator here can be saved with
/// <c>mlContext.Model.Save</c> and loaded with <c>mlContext.Model.Load</c> in another process.
/// </summary>
/// <remarks>
/// <para>Notes come out as parallel vector columns under one prefix (default <c>"Notes"</c>): <c>Notes.Pitch</c>
/// (Int32, MIDI 21–108), <c>Notes.Onset</c> and <c>Notes.Offset</c> (Double, seconds), <c>Notes.Velocity</c> (Int32,
/// 1–127), <c>Notes.Confidence</c> (Single), and the sustain pedal as <c>Notes.PedalOnset</c>,
/// <c>Notes.PedalOffset</c> (Double) and <c>Notes.PedalConfidence</c> (Single). Read them with
/// <see cref="TranscribedNotes"/> (<c>CreateEnumerable</c>, <c>PredictionEngine</c>) or
/// <see cref="PianoCatalogExtensions.ReadNotes"/>.</para>
/// <para>The acoustic model can also be scored by ML.NET's own <c>ApplyOnnxModel</c> (package
/// Microsoft.ML.OnnxTransformer, which runs ONNX Runtime):
/// <c>ml.Transforms.ApplyOnnxModel(PianoTransforms.HeadColumnNames, ["spectrogram"], AcousticModel.Default.OpenModelStream())</c>
/// writes the same columns as <see cref="ScoreAcousticModel"/>, so <see cref="DecodeNotes"/> follows either.</para>
/// </remarks>
public sealed class PianoTransforms
{
    /// <summary>The length of the <see cref="Embed"/> vector: four statistics of the model's heads for each of the 88 keys.</summary>
    public const int EmbeddingLength = 4 * Posteriorgram.KeyCount;

    private readonly TransformsCatalog _catalog;

    internal PianoTransforms(TransformsCatalog catalog) => _catalog = catalog;

    /// <summary>
    /// The acoustic model's output columns, as <see cref="ScoreAcousticModel"/> and <c>ApplyOnnxModel</c> write them
    /// and <see cref="DecodeNotes"/> reads them: <c>onset</c>, <c>frame</c>, <c>offset</c>, <c>velocity</c>,
    /// <c>pedal_onset</c>, <c>pedal_frame</c>, <c>pedal_offset</c> (flat vectors, frames × 88 or frames).
    /// </summary>
    public static IReadOnlyList<string> HeadColumnNames { get; } = Enum.GetValues<ModelHead>().Select(ModelContract.OutputName).ToArray();

    /// <summary>
    /// Runs the acoustic model on each row's spectrogram in the library's managed engine (no native code) and writes
    /// the seven head columns (<see cref="HeadColumnNames"/>; a head the model lacks is an empty vector).
    /// </summary>
    /// <param name="inputColumnName">The features column, with its <c>{input}.Frames</c> companion (as <see cref="AudioTransforms.Featurize"/> writes them).</param>
    /// <param name="model">The model: the embedded default (null) or one loaded from a file (the saved pipeline stores its path).</param>
    /// <param name="threads">The most threads one row's run uses; null for all processors.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">The model was not loaded from a file, or a column name is invalid.</exception>
    public IEstimator<ITransformer> ScoreAcousticModel(string inputColumnName = "spectrogram", AcousticModel? model = null, int? threads = null)
    {
        Stage.RequireName(inputColumnName, nameof(inputColumnName));
        return Stage.Build(
            _catalog,
            [(Columns.Features, inputColumnName), (Columns.Frames, inputColumnName + AudioTransforms.FramesSuffix)],
            ModelConfig(model, threads, nameof(model)),
            c => c.CustomMapping<FeaturesConfigRow, HeadsRow>(Mappings.Score, Mappings.ScoreContract),
            []);
    }

    /// <summary>
    /// Decodes the seven head columns (<see cref="HeadColumnNames"/>, from <see cref="ScoreAcousticModel"/> or
    /// <c>ApplyOnnxModel</c>) into notes and sustain-pedal presses: the multi-label decision over the 88 keys, with
    /// onset and offset times placed between frames.
    /// </summary>
    /// <param name="outputColumnName">The prefix of the note columns (see the class remarks).</param>
    /// <param name="featuresColumnName">The features column whose <c>{features}.Frames</c> companion gives each row's frame count.</param>
    /// <param name="options">The decoder settings; null for the model's tuned settings.</param>
    /// <param name="model">The model whose frame rate, timing and tuned settings apply; null for the embedded default.</param>
    /// <returns>The estimator.</returns>
    public IEstimator<ITransformer> DecodeNotes(string outputColumnName = "Notes", string featuresColumnName = "spectrogram", DecoderOptions? options = null, AcousticModel? model = null)
    {
        Stage.RequireName(outputColumnName, nameof(outputColumnName));
        Stage.RequireName(featuresColumnName, nameof(featuresColumnName));
        model ??= AcousticModel.Default;
        var config = new JsonObject
        {
            ["decoder"] = (options ?? model.DecoderOptions).ToJson(),
            ["frameRate"] = model.Featurizer.FrameRate,
            ["startTime"] = model.Featurizer.TimeOfFrameZero,
        };
        return Stage.Build(
            _catalog,
            [(Columns.Frames, featuresColumnName + AudioTransforms.FramesSuffix)],
            config,
            c => c.CustomMapping<HeadsConfigRow, NotesRow>(Mappings.Decode, Mappings.DecodeContract),
            NoteOutputs(outputColumnName));
    }

    /// <summary>
    /// Transcribes each row's samples in one step with a <see cref="PianoTranscriber"/> (chunked, resampled as
    /// needed): the same notes as <c>PianoTranscriber.Transcribe</c>, written as the note columns.
    /// </summary>
    /// <param name="outputColumnName">The prefix of the note columns (see the class remarks).</param>
    /// <param name="inputColumnName">The samples column with its <c>{input}.SampleRate</c> companion (as <see cref="AudioTransforms.LoadAudio"/> writes them).</param>
    /// <param name="model">The model: the embedded default (null) or one loaded from a file.</param>
    /// <param name="options">The decoder settings; null for the model's tuned settings.</param>
    /// <param name="threads">The most threads one row uses; null for all processors.</param>
    /// <returns>The estimator.</returns>
    /// <example>
    /// <code>
    /// var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path").Append(ml.Transforms.Piano.Transcribe("Notes", "Audio"));
    /// </code>
    /// </example>
    public IEstimator<ITransformer> Transcribe(string outputColumnName = "Notes", string inputColumnName = "Audio", AcousticModel? model = null, DecoderOptions? options = null, int? threads = null)
    {
        Stage.RequireName(outputColumnName, nameof(outputColumnName));
        Stage.RequireName(inputColumnName, nameof(inputColumnName));
        JsonObject config = ModelConfig(model, threads, nameof(model));
        if (options is not null)
        {
            config["decoder"] = options.ToJson();
        }

        return Stage.Build(
            _catalog,
            [(Columns.Samples, inputColumnName), (Columns.SampleRate, inputColumnName + AudioTransforms.SampleRateSuffix)],
            config,
            c => c.CustomMapping<AudioConfigRow, NotesRow>(Mappings.Transcribe, Mappings.TranscribeContract),
            NoteOutputs(outputColumnName));
    }

    /// <summary>
    /// Summarises each row's samples as a fixed-size vector of <see cref="EmbeddingLength"/> values, ready for ML.NET
    /// trainers (<c>LbfgsMaximumEntropy</c>, <c>LightGbm</c>…): for each of the 88 keys, the mean, maximum and standard
    /// deviation of the model's key-sounding head and the mean of its onset head over the clip (zeros for silence).
    /// </summary>
    /// <param name="outputColumnName">The embedding column (Vector&lt;Single&gt; of <see cref="EmbeddingLength"/>).</param>
    /// <param name="inputColumnName">The samples column with its <c>{input}.SampleRate</c> companion.</param>
    /// <param name="model">The model: the embedded default (null) or one loaded from a file.</param>
    /// <param name="threads">The most threads one row uses; null for all processors.</param>
    /// <returns>The estimator.</returns>
    public IEstimator<ITransformer> Embed(string outputColumnName = "Embedding", string inputColumnName = "Audio", AcousticModel? model = null, int? threads = null)
    {
        Stage.RequireName(outputColumnName, nameof(outputColumnName));
        Stage.RequireName(inputColumnName, nameof(inputColumnName));
        return Stage.Build(
            _catalog,
            [(Columns.Samples, inputColumnName), (Columns.SampleRate, inputColumnName + AudioTransforms.SampleRateSuffix)],
            ModelConfig(model, threads, nameof(model)),
            c => c.CustomMapping<AudioConfigRow, EmbeddingRow>(Mappings.Embed, Mappings.EmbedContract),
            [(outputColumnName, Columns.Embedding)]);
    }

    private static JsonObject ModelConfig(AcousticModel? model, int? threads, string paramName)
    {
        if (threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "At least one thread.");
        }

        return new JsonObject { ["model"] = ModelReference.Of(model, paramName), ["threads"] = threads };
    }

    private static (string User, string Internal)[] NoteOutputs(string prefix) =>
    [
        (prefix + TranscribedNotes.PitchSuffix, Columns.NotePitch),
        (prefix + TranscribedNotes.OnsetSuffix, Columns.NoteOnset),
        (prefix + TranscribedNotes.OffsetSuffix, Columns.NoteOffset),
        (prefix + TranscribedNotes.VelocitySuffix, Columns.NoteVelocity),
        (prefix + TranscribedNotes.ConfidenceSuffix, Columns.NoteConfidence),
        (prefix + TranscribedNotes.PedalOnsetSuffix, Columns.PedalOnset),
        (prefix + TranscribedNotes.PedalOffsetSuffix, Columns.PedalOffset),
        (prefix + TranscribedNotes.PedalConfidenceSuffix, Columns.PedalConfidence),
    ];
}
