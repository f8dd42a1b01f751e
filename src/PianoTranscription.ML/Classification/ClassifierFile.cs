using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;

namespace PianoTranscription.ML.Classification;

/// <summary>
/// The saved classifier: one zip holding <c>classifier.json</c> (format name and version, the acoustic model it was
/// measured with, labels, clip and feature settings, trainer, cross-validated metrics, skipped files) and
/// <c>model.zip</c> (the ML.NET model: normalisation and trainer, as <c>mlContext.Model.Save</c> writes it).
/// </summary>
internal static class ClassifierFile
{
    public const string Format = "PianoTranscription.AudioClassifier";
    public const int Version = 1;
    private const string ManifestEntry = "classifier.json";
    private const string ModelEntry = "model.zip";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(Stream stream, ClassifierInfo info, MLContext ml, ITransformer model)
    {
        var manifest = new Manifest(
            Format,
            Version,
            ClipFeaturizer.ModelVersion,
            info.Labels,
            info.Options.ClipSeconds,
            info.Options.EffectiveHopSeconds,
            info.Options.Features,
            ClipFeaturizer.LengthOf(info.Options.Features),
            info.Options.SilenceThresholdDb,
            info.Options.NormalizeLoudness,
            info.TrainerName,
            info.TrainingFiles,
            info.TrainingClips,
            info.Metrics,
            info.SkippedFiles);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (Stream entry = zip.CreateEntry(ManifestEntry).Open())
        {
            JsonSerializer.Serialize(entry, manifest, Json);
        }

        using var buffer = new MemoryStream();
        DataViewSchema inputSchema = ml.Data.LoadFromEnumerable(Array.Empty<ClipRow>(), ClipRow.Schema(info.Labels.Count, manifest.FeatureLength)).Schema;
        ml.Model.Save(model, inputSchema, buffer);
        using Stream modelEntry = zip.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open();
        buffer.Position = 0;
        buffer.CopyTo(modelEntry);
    }

    public static AudioClassifier Read(Stream stream, string source)
    {
        Manifest manifest;
        MemoryStream modelBytes = new();
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            ZipArchiveEntry manifestEntry = zip.GetEntry(ManifestEntry)
                ?? throw new ClassifierModelException($"{source} is a zip but not a saved audio classifier: it has no {ManifestEntry}.");
            ZipArchiveEntry modelEntry = zip.GetEntry(ModelEntry)
                ?? throw new ClassifierModelException($"{source} is not a complete saved audio classifier: it has no {ModelEntry}.");
            using (Stream s = manifestEntry.Open())
            {
                manifest = JsonSerializer.Deserialize<Manifest>(s, Json) ?? throw new ClassifierModelException($"{source}: {ManifestEntry} is empty.");
            }

            using (Stream s = modelEntry.Open())
            {
                s.CopyTo(modelBytes);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ClassifierModelException($"{source} is not a saved audio classifier (not a readable zip: {ex.Message}).", ex);
        }
        catch (JsonException ex)
        {
            throw new ClassifierModelException($"{source}: {ManifestEntry} is not valid ({ex.Message}).", ex);
        }

        Check(manifest, source);
        var options = AudioClassifierOptions.Default with
        {
            ClipSeconds = manifest.ClipSeconds,
            HopSeconds = manifest.HopSeconds,
            Features = manifest.Features,
            SilenceThresholdDb = manifest.SilenceThresholdDb,
            NormalizeLoudness = manifest.NormalizeLoudness,
        };
        var ml = new MLContext(seed: 1);
        ITransformer model;
        try
        {
            modelBytes.Position = 0;
            model = ml.Model.Load(modelBytes, out _);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException or ArgumentException or IOException)
        {
            throw new ClassifierModelException($"{source}: the ML.NET model inside cannot be loaded ({ex.Message}); was it trained with a trainer whose package this application lacks (LightGbm: Microsoft.ML.LightGbm)?", ex);
        }

        var info = new ClassifierInfo(manifest.Labels, options, manifest.Trainer, manifest.TrainingFiles, manifest.TrainingClips, manifest.Metrics, manifest.SkippedFiles);
        return new AudioClassifier(info, ml, model);
    }

    private static void Check(Manifest m, string source)
    {
        if (m.Format != Format)
        {
            throw new ClassifierModelException($"{source} is not a saved audio classifier (its manifest says '{m.Format}', not '{Format}').");
        }

        if (m.Version > Version)
        {
            throw new ClassifierModelException($"{source} is format version {m.Version} of the audio classifier; this library reads version {Version} (update PianoTranscription.ML).");
        }

        if (m.AcousticModel != ClipFeaturizer.ModelVersion && m.Features != ClassifierFeatures.LogMel)
        {
            throw new ClassifierModelException(
                $"{source} was trained on the embedding of acoustic model {m.AcousticModel}; this library embeds with {ClipFeaturizer.ModelVersion}, whose embedding differs. Train it again.");
        }

        if (m.Labels is null || m.Labels.Count < 2 || m.Metrics is null || m.SkippedFiles is null || !Enum.IsDefined(m.Features)
            || m.FeatureLength != ClipFeaturizer.LengthOf(m.Features))
        {
            throw new ClassifierModelException($"{source}: {ManifestEntry} is incomplete or does not match this library's features (labels, features, feature length, metrics).");
        }

        try
        {
            (AudioClassifierOptions.Default with { ClipSeconds = m.ClipSeconds, HopSeconds = m.HopSeconds, SilenceThresholdDb = m.SilenceThresholdDb }).Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ClassifierModelException($"{source}: {ManifestEntry} has invalid settings ({ex.Message}).", ex);
        }
    }

    private sealed record Manifest(
        string Format,
        int Version,
        string AcousticModel,
        IReadOnlyList<string> Labels,
        double ClipSeconds,
        double HopSeconds,
        ClassifierFeatures Features,
        int FeatureLength,
        double SilenceThresholdDb,
        bool NormalizeLoudness,
        string Trainer,
        int TrainingFiles,
        int TrainingClips,
        ClassifierMetrics Metrics,
        IReadOnlyList<SkippedFile> SkippedFiles);
}
