using System.Text.Json.Nodes;
using Microsoft.ML.Transforms;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML.Mapping;

/// <summary>
/// The work of each stage, as static functions of ML.NET rows. Each is registered under a contract name (the
/// factories below), which is what a saved model stores; the settings come from the row's config column.
/// </summary>
internal static class Mappings
{
    public const string LoadAudioContract = "PianoTranscription.LoadAudio.v1";
    public const string FeaturizeContract = "PianoTranscription.Featurize.v1";
    public const string ScoreContract = "PianoTranscription.ScoreAcousticModel.v1";
    public const string DecodeContract = "PianoTranscription.DecodeNotes.v1";
    public const string TranscribeContract = "PianoTranscription.Transcribe.v1";
    public const string EmbedContract = "PianoTranscription.Embed.v1";

    public static void LoadAudio(PathRow input, AudioRow output)
    {
        AudioLoadOptions options = StageConfig.Get(input.Config, c =>
        {
            JsonObject json = StageConfig.Parse(c, "LoadAudio");
            return new AudioLoadOptions
            {
                SampleRate = (int?)json["sampleRate"],
                FfmpegPath = (string?)json["ffmpegPath"] ?? "ffmpeg",
                NonFiniteSamples = Enum.Parse<NonFiniteSampleHandling>((string?)json["nonFiniteSamples"] ?? nameof(NonFiniteSampleHandling.Throw)),
            };
        });
        if (string.IsNullOrEmpty(input.Path))
        {
            throw new ArgumentException("LoadAudio: a row's path is empty.", nameof(input));
        }

        AudioClip clip = AudioClip.Load(input.Path, options);
        output.Samples = clip.Samples.ToArray();
        output.SampleRate = clip.SampleRate;
    }

    public static void Featurize(AudioConfigRow input, FeaturesRow output)
    {
        Featurizer featurizer = StageConfig.Get(input.Config, c => Featurizer.FromJson((string)StageConfig.Parse(c, "Featurize")["featurizer"]!));
        Spectrogram features = featurizer.Compute(ClipAt(input.Samples, input.SampleRate, featurizer.SampleRate, "Featurize"));
        output.Features = features.ToArray();
        output.Frames = features.FrameCount;
        output.Bins = features.BinCount;
    }

    public static void Score(FeaturesConfigRow input, HeadsRow output)
    {
        InferenceSessionPool pool = StageConfig.Get(input.Config, c => ModelRun.From(StageConfig.Parse(c, "ScoreAcousticModel"))).Pool;
        int frames = input.Frames;
        if (frames < 0 || (frames == 0 ? input.Features.Length != 0 : input.Features.Length % frames != 0))
        {
            throw new ArgumentException($"ScoreAcousticModel: the features hold {input.Features.Length} values, not a whole number of {frames} frames.", nameof(input));
        }

        int bins = frames == 0 ? 0 : input.Features.Length / frames;
        IReadOnlyDictionary<string, Tensor> heads = frames == 0
            ? new Dictionary<string, Tensor>()
            : pool.Run(new Dictionary<string, Tensor> { [ModelContract.InputName] = new Tensor(input.Features, 1, frames, bins) });
        float[] Head(ModelHead head) => heads.TryGetValue(ModelContract.OutputName(head), out Tensor? t) ? t.Data.ToArray() : [];
        output.Onset = Head(ModelHead.Onset);
        output.Frame = Head(ModelHead.Frame);
        output.Offset = Head(ModelHead.Offset);
        output.Velocity = Head(ModelHead.Velocity);
        output.PedalOnset = Head(ModelHead.PedalOnset);
        output.PedalFrame = Head(ModelHead.PedalFrame);
        output.PedalOffset = Head(ModelHead.PedalOffset);
    }

    public static void Decode(HeadsConfigRow input, NotesRow output)
    {
        (NoteDecoder decoder, double frameRate, double startTime) = StageConfig.Get(input.Config, c =>
        {
            JsonObject json = StageConfig.Parse(c, "DecodeNotes");
            return Tuple.Create(new NoteDecoder(DecoderOptions.FromJson((string)json["decoder"]!)), (double)json["frameRate"]!, (double)json["startTime"]!);
        }).ToValueTuple();
        var posteriorgram = new Posteriorgram(
            frameRate, startTime, input.Onset, input.Frame, input.Offset, input.Velocity, input.PedalOnset, input.PedalFrame, input.PedalOffset);
        Write(decoder.Decode(posteriorgram), output);
    }

    public static void Transcribe(AudioConfigRow input, NotesRow output)
    {
        PianoTranscriber transcriber = StageConfig.Get(input.Config, c =>
        {
            JsonObject json = StageConfig.Parse(c, "Transcribe");
            PianoTranscriberBuilder builder = PianoTranscriber.CreateBuilder().WithModel(ModelReference.Resolve(json));
            if ((string?)json["decoder"] is { } decoder)
            {
                builder = builder.WithDecoder(DecoderOptions.FromJson(decoder));
            }

            return builder.WithThreads(ModelRun.Threads(json)).Build();
        });
        TranscriptionResult result = transcriber.Transcribe(input.Samples, Rate(input.SampleRate, "Transcribe"));
        Write(result.Notes, result.SustainPedal, output);
    }

    public static void Embed(AudioConfigRow input, EmbeddingRow output)
    {
        (AcousticModel model, InferenceSessionPool pool) = StageConfig.Get(input.Config, c => ModelRun.From(StageConfig.Parse(c, "Embed")));
        output.Embedding = new float[PianoTransforms.EmbeddingLength];
        EmbeddingStatistics.Embed(model, pool, ClipAt(input.Samples, input.SampleRate, model.SampleRate, "Embed"), output.Embedding);
    }

    private static AudioClip ClipAt(float[] samples, int rate, int wanted, string stage)
    {
        AudioClip clip = AudioClip.FromSamples(samples, Rate(rate, stage));
        return clip.SampleRate == wanted ? clip : clip.Resample(wanted);
    }

    private static int Rate(int rate, string stage) =>
        rate > 0 ? rate : throw new ArgumentException($"{stage}: a row's sample rate is {rate}; it must be positive (the LoadAudio stage's \"….SampleRate\" column).");

    private static void Write(DecodedNotes decoded, NotesRow output) => Write(decoded.Notes, decoded.Pedals, output);

    /// <summary>Writes notes and pedal presses that are already sorted (a decoder's or a transcriber's result).</summary>
    private static void Write(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> pedals, NotesRow output)
    {
        output.Pitch = notes.Select(n => n.Pitch).ToArray();
        output.Onset = notes.Select(n => n.Onset).ToArray();
        output.Offset = notes.Select(n => n.Offset).ToArray();
        output.Velocity = notes.Select(n => n.Velocity).ToArray();
        output.Confidence = notes.Select(n => n.Confidence).ToArray();
        output.PedalOnset = pedals.Select(p => p.Onset).ToArray();
        output.PedalOffset = pedals.Select(p => p.Offset).ToArray();
        output.PedalConfidence = pedals.Select(p => p.Confidence).ToArray();
    }
}

#pragma warning disable CA1812 // created by ML.NET's component catalog when a saved model is loaded
[CustomMappingFactoryAttribute(Mappings.LoadAudioContract)]
internal sealed class LoadAudioFactory : CustomMappingFactory<PathRow, AudioRow>
{
    public override Action<PathRow, AudioRow> GetMapping() => Mappings.LoadAudio;
}

[CustomMappingFactoryAttribute(Mappings.FeaturizeContract)]
internal sealed class FeaturizeFactory : CustomMappingFactory<AudioConfigRow, FeaturesRow>
{
    public override Action<AudioConfigRow, FeaturesRow> GetMapping() => Mappings.Featurize;
}

[CustomMappingFactoryAttribute(Mappings.ScoreContract)]
internal sealed class ScoreFactory : CustomMappingFactory<FeaturesConfigRow, HeadsRow>
{
    public override Action<FeaturesConfigRow, HeadsRow> GetMapping() => Mappings.Score;
}

[CustomMappingFactoryAttribute(Mappings.DecodeContract)]
internal sealed class DecodeFactory : CustomMappingFactory<HeadsConfigRow, NotesRow>
{
    public override Action<HeadsConfigRow, NotesRow> GetMapping() => Mappings.Decode;
}

[CustomMappingFactoryAttribute(Mappings.TranscribeContract)]
internal sealed class TranscribeFactory : CustomMappingFactory<AudioConfigRow, NotesRow>
{
    public override Action<AudioConfigRow, NotesRow> GetMapping() => Mappings.Transcribe;
}

[CustomMappingFactoryAttribute(Mappings.EmbedContract)]
internal sealed class EmbedFactory : CustomMappingFactory<AudioConfigRow, EmbeddingRow>
{
    public override Action<AudioConfigRow, EmbeddingRow> GetMapping() => Mappings.Embed;
}
