using System.Text.Json.Nodes;
using Microsoft.ML;
using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.ML.Mapping;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML;

/// <summary>
/// Audio estimators for ML.NET pipelines, reached as <c>mlContext.Transforms.Audio</c>: read audio files into sample
/// columns and turn samples into the library's spectrogram features. Every estimator here can be saved with
/// <c>mlContext.Model.Save</c> and loaded with <c>mlContext.Model.Load</c> in another process.
/// </summary>
/// <example>
/// <code>
/// var pipeline = ml.Transforms.Audio.LoadAudio("Audio", "Path")
///     .Append(ml.Transforms.Audio.Featurize("spectrogram", inputColumnName: "Audio"));
/// </code>
/// </example>
public sealed class AudioTransforms
{
    /// <summary>The suffix of the companion column holding a row's sample rate (for example <c>Audio.SampleRate</c>).</summary>
    public const string SampleRateSuffix = ".SampleRate";

    /// <summary>The suffix of the companion column holding a row's number of frames (for example <c>spectrogram.Frames</c>).</summary>
    public const string FramesSuffix = ".Frames";

    /// <summary>The suffix of the companion column holding the bins per frame (for example <c>spectrogram.Bins</c>).</summary>
    public const string BinsSuffix = ".Bins";

    private readonly TransformsCatalog _catalog;

    internal AudioTransforms(TransformsCatalog catalog) => _catalog = catalog;

    /// <summary>
    /// Reads the audio file named in each row (WAV by the library's reader; FLAC, MP3, Ogg, M4A… through ffmpeg) into
    /// a variable-length vector of mono samples, plus the companion column <c>{output}.SampleRate</c> (Int32).
    /// </summary>
    /// <param name="outputColumnName">The samples column (Vector&lt;Single&gt; of any length).</param>
    /// <param name="inputColumnName">The text column holding file paths.</param>
    /// <param name="options">How files are read (target sample rate, ffmpeg location, NaN handling); null for the defaults (each file at its own rate).</param>
    /// <returns>The estimator.</returns>
    /// <remarks>A missing or corrupt file fails the row with the library's <c>FileNotFoundException</c> or <see cref="AudioFormatException"/>, naming the file.</remarks>
    public IEstimator<ITransformer> LoadAudio(string outputColumnName = "Audio", string inputColumnName = "Path", AudioLoadOptions? options = null)
    {
        Stage.RequireName(outputColumnName, nameof(outputColumnName));
        Stage.RequireName(inputColumnName, nameof(inputColumnName));
        options ??= AudioLoadOptions.Default;
        var config = new JsonObject
        {
            ["sampleRate"] = options.SampleRate,
            ["ffmpegPath"] = options.FfmpegPath,
            ["nonFiniteSamples"] = options.NonFiniteSamples.ToString(),
        };
        return Stage.Build(
            _catalog,
            [(Columns.Path, inputColumnName)],
            config,
            c => c.CustomMapping<PathRow, AudioRow>(Mappings.LoadAudio, Mappings.LoadAudioContract),
            [(outputColumnName, Columns.Samples), (outputColumnName + SampleRateSuffix, Columns.SampleRate)]);
    }

    /// <summary>
    /// Computes spectrogram features of each row's samples (resampled to the featurizer's rate when needed): a flat,
    /// frame-major vector of frames × bins, plus companion columns <c>{output}.Frames</c> and <c>{output}.Bins</c> (Int32).
    /// Name the column <c>"spectrogram"</c> to feed the acoustic model, whose input it is.
    /// </summary>
    /// <param name="outputColumnName">The features column (Vector&lt;Single&gt; of any length).</param>
    /// <param name="featurizer">The featurizer; null for the default model's (<see cref="AcousticModel.Default"/>.Featurizer).</param>
    /// <param name="inputColumnName">The samples column; its <c>{input}.SampleRate</c> companion column must exist (as <see cref="LoadAudio"/> writes it).</param>
    /// <returns>The estimator.</returns>
    public IEstimator<ITransformer> Featurize(string outputColumnName = "spectrogram", Featurizer? featurizer = null, string inputColumnName = "Audio")
    {
        Stage.RequireName(outputColumnName, nameof(outputColumnName));
        Stage.RequireName(inputColumnName, nameof(inputColumnName));
        featurizer ??= AcousticModel.Default.Featurizer;
        return Stage.Build(
            _catalog,
            [(Columns.Samples, inputColumnName), (Columns.SampleRate, inputColumnName + SampleRateSuffix)],
            new JsonObject { ["featurizer"] = featurizer.ToJson() },
            c => c.CustomMapping<AudioConfigRow, FeaturesRow>(Mappings.Featurize, Mappings.FeaturizeContract),
            [(outputColumnName, Columns.Features), (outputColumnName + FramesSuffix, Columns.Frames), (outputColumnName + BinsSuffix, Columns.Bins)]);
    }
}
