using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PianoTranscription.Features;

/// <content>JSON serialisation of the whole configuration.</content>
public sealed partial class Featurizer
{
    /// <summary>The value of the <c>"kind"</c> field of a featurizer JSON document.</summary>
    public const string JsonKind = "pianotranscription.featurizer";

    /// <summary>The version of the JSON layout written by <see cref="ToJson"/>.</summary>
    public const int JsonVersion = 1;

    /// <summary>
    /// Serialises the whole configuration (indented JSON with <c>"kind"</c> and <c>"version"</c> fields); read it back
    /// with <see cref="FromJson"/>. Only the settings that affect the output are written.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("kind", JsonKind);
            w.WriteNumber("version", JsonVersion);
            w.WriteNumber("sampleRate", SampleRate);

            w.WriteStartObject("stft");
            w.WriteString("window", "hann");
            w.WriteNumber("windowSize", WindowSize);
            w.WriteNumber("hop", HopSize);
            w.WriteBoolean("centered", Centered);
            w.WriteEndObject();

            w.WriteStartObject("filterbank");
            switch (Scale)
            {
                case FrequencyScale.Mel:
                    w.WriteString("type", "mel");
                    w.WriteNumber("bins", MelBins);
                    w.WriteNumber("minHz", MinHz);
                    w.WriteNumber("maxHz", MaxHz);
                    break;
                case FrequencyScale.LogFrequency:
                    w.WriteString("type", "logFrequency");
                    w.WriteNumber("binsPerSemitone", BinsPerSemitone);
                    w.WriteNumber("minHz", MinHz);
                    w.WriteNumber("maxHz", MaxHz);
                    break;
                default:
                    w.WriteString("type", "linear");
                    break;
            }

            w.WriteEndObject();

            w.WriteStartObject("compression");
            switch (Compression)
            {
                case SpectrumCompression.Power:
                    w.WriteString("type", "power");
                    break;
                case SpectrumCompression.Decibels:
                    w.WriteString("type", "decibels");
                    w.WriteNumber("floorDb", FloorDb);
                    break;
                case SpectrumCompression.Log1p:
                    w.WriteString("type", "log1p");
                    w.WriteNumber("scale", Log1pScale);
                    break;
                default:
                    w.WriteString("type", "magnitude");
                    break;
            }

            w.WriteEndObject();

            w.WriteStartObject("normalization");
            switch (Normalization)
            {
                case FeatureNormalization.MeanVariance:
                    w.WriteString("type", "meanVariance");
                    w.WriteStartArray("mean");
                    foreach (float v in _mean)
                    {
                        w.WriteNumberValue(v);
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("std");
                    foreach (float v in _std)
                    {
                        w.WriteNumberValue(v);
                    }

                    w.WriteEndArray();
                    break;
                case FeatureNormalization.PerClipMax:
                    w.WriteString("type", "perClipMax");
                    break;
                default:
                    w.WriteString("type", "none");
                    break;
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a configuration written by <see cref="ToJson"/> (or edited by hand).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The featurizer.</returns>
    /// <exception cref="FormatException">
    /// The text is not JSON, is not a featurizer document (<c>"kind"</c>), has an unsupported <c>"version"</c>, an
    /// unknown or missing field, or an invalid value; the message names the field.
    /// </exception>
    public static Featurizer FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return Parse(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Featurizer JSON is not valid JSON: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Featurizer JSON has an invalid value: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // A name or string escaping an unpaired surrogate ("\ud800") parses, but cannot be read as text.
            throw new FormatException($"Featurizer JSON is not valid JSON text: {ex.Message}", ex);
        }
    }

    private static Featurizer Parse(JsonElement root)
    {
        RequireObject(root, "the document");
        CheckFields(root, "the document", "kind", "version", "sampleRate", "stft", "filterbank", "compression", "normalization");
        string kind = GetString(root, "kind");
        if (kind != JsonKind)
        {
            throw new FormatException($"Featurizer JSON: \"kind\" is \"{kind}\" but must be \"{JsonKind}\".");
        }

        int version = GetInt(root, "version");
        if (version != JsonVersion)
        {
            throw new FormatException($"Featurizer JSON: \"version\" {version} is not supported (this library reads version {JsonVersion}).");
        }

        Featurizer f = ForSampleRate(GetInt(root, "sampleRate"));

        JsonElement stft = GetObject(root, "stft");
        CheckFields(stft, "stft", "window", "windowSize", "hop", "centered");
        if (stft.TryGetProperty("window", out JsonElement window) && !(window.ValueKind == JsonValueKind.String && window.GetString() == "hann"))
        {
            throw new FormatException("Featurizer JSON: \"stft.window\" must be \"hann\" (the only window supported).");
        }

        bool centered = !stft.TryGetProperty("centered", out JsonElement c) || c.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException("Featurizer JSON: \"stft.centered\" must be true or false."),
        };
        f = f.Stft(GetInt(stft, "windowSize", "stft."), GetInt(stft, "hop", "stft."), centered);

        JsonElement bank = GetObject(root, "filterbank");
        string bankType = GetString(bank, "type", "filterbank.");
        switch (bankType)
        {
            case "linear":
                CheckFields(bank, "filterbank", "type");
                f = f.Linear();
                break;
            case "mel":
                CheckFields(bank, "filterbank", "type", "bins", "minHz", "maxHz");
                f = f.Mel(GetInt(bank, "bins", "filterbank."), GetDouble(bank, "minHz", "filterbank."), GetDouble(bank, "maxHz", "filterbank."));
                break;
            case "logFrequency":
                CheckFields(bank, "filterbank", "type", "binsPerSemitone", "minHz", "maxHz");
                f = f.LogFrequency(GetInt(bank, "binsPerSemitone", "filterbank."), GetDouble(bank, "minHz", "filterbank."), GetDouble(bank, "maxHz", "filterbank."));
                break;
            default:
                throw new FormatException($"Featurizer JSON: \"filterbank.type\" \"{bankType}\" is unknown (use linear, mel or logFrequency).");
        }

        JsonElement comp = GetObject(root, "compression");
        string compType = GetString(comp, "type", "compression.");
        switch (compType)
        {
            case "magnitude":
                CheckFields(comp, "compression", "type");
                f = f.Magnitude();
                break;
            case "power":
                CheckFields(comp, "compression", "type");
                f = f.Power();
                break;
            case "decibels":
                CheckFields(comp, "compression", "type", "floorDb");
                f = f.Decibels(GetDouble(comp, "floorDb", "compression."));
                break;
            case "log1p":
                CheckFields(comp, "compression", "type", "scale");
                f = f.Log1p(GetDouble(comp, "scale", "compression."));
                break;
            default:
                throw new FormatException($"Featurizer JSON: \"compression.type\" \"{compType}\" is unknown (use magnitude, power, decibels or log1p).");
        }

        JsonElement norm = GetObject(root, "normalization");
        string normType = GetString(norm, "type", "normalization.");
        switch (normType)
        {
            case "none":
                CheckFields(norm, "normalization", "type");
                break;
            case "perClipMax":
                CheckFields(norm, "normalization", "type");
                f = f.NormalizePerClipMax();
                break;
            case "meanVariance":
                CheckFields(norm, "normalization", "type", "mean", "std");
                f = f.NormalizeMeanVariance(GetFloats(norm, "mean"), GetFloats(norm, "std"));
                break;
            default:
                throw new FormatException($"Featurizer JSON: \"normalization.type\" \"{normType}\" is unknown (use none, perClipMax or meanVariance).");
        }

        return f;
    }

    private static void RequireObject(JsonElement e, string what)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Featurizer JSON: {what} must be an object.");
        }
    }

    private static void CheckFields(JsonElement e, string what, params string[] allowed)
    {
        foreach (JsonProperty p in e.EnumerateObject())
        {
            if (Array.IndexOf(allowed, p.Name) < 0)
            {
                throw new FormatException($"Featurizer JSON: unknown field \"{p.Name}\" in {what} (allowed: {string.Join(", ", allowed)}).");
            }
        }
    }

    private static JsonElement Get(JsonElement e, string name, string prefix)
    {
        if (!e.TryGetProperty(name, out JsonElement value))
        {
            throw new FormatException($"Featurizer JSON: missing field \"{prefix}{name}\".");
        }

        return value;
    }

    private static JsonElement GetObject(JsonElement e, string name)
    {
        JsonElement value = Get(e, name, string.Empty);
        RequireObject(value, $"\"{name}\"");
        return value;
    }

    private static string GetString(JsonElement e, string name, string prefix = "")
    {
        JsonElement value = Get(e, name, prefix);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"Featurizer JSON: \"{prefix}{name}\" must be a string.");
    }

    private static int GetInt(JsonElement e, string name, string prefix = "")
    {
        JsonElement value = Get(e, name, prefix);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i)
            ? i
            : throw new FormatException($"Featurizer JSON: \"{prefix}{name}\" must be an integer.");
    }

    private static double GetDouble(JsonElement e, string name, string prefix)
    {
        JsonElement value = Get(e, name, prefix);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d)
            ? d
            : throw new FormatException($"Featurizer JSON: \"{prefix}{name}\" must be a number.");
    }

    private static float[] GetFloats(JsonElement e, string name)
    {
        JsonElement value = Get(e, name, "normalization.");
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Featurizer JSON: \"normalization.{name}\" must be an array of numbers.");
        }

        var result = new float[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out float v))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Featurizer JSON: \"normalization.{name}[{i}]\" must be a number."));
            }

            result[i++] = v;
        }

        return result;
    }
}
