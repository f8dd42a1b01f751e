using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PianoTranscription.Decoding;

public sealed partial record DecoderOptions
{
    /// <summary>
    /// Writes the settings as a JSON object (camelCase names, invariant numbers). A model can carry the settings tuned
    /// for it this way (ONNX metadata key <c>pianotranscription.decoder</c>).
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var sb = new StringBuilder();
        sb.Append('{');
        Append(sb, "onsetThreshold", OnsetThreshold, first: true);
        Append(sb, "offsetThreshold", OffsetThreshold);
        Append(sb, "frameThreshold", FrameThreshold);
        Append(sb, "pedalOnsetThreshold", PedalOnsetThreshold);
        Append(sb, "pedalOffsetThreshold", PedalOffsetThreshold);
        Append(sb, "pedalFrameThreshold", PedalFrameThreshold);
        Append(sb, "minNoteDuration", MinNoteDuration);
        Append(sb, "minInterOnsetInterval", MinInterOnsetInterval);
        Append(sb, "minPedalDuration", MinPedalDuration);
        Append(sb, "defaultVelocity", DefaultVelocity);
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>
    /// Reads settings written by <see cref="ToJson"/>. Every property is optional: a missing one keeps its default.
    /// </summary>
    /// <param name="json">A JSON object.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="FormatException">The text is not a JSON object, a property is unknown or not a number.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range (e.g. a threshold outside (0, 1)).</exception>
    public static DecoderOptions FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The decoder settings are not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The decoder settings must be a JSON object.");
            }

            DecoderOptions o = Default;
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number)
                {
                    throw new FormatException($"The decoder setting \"{p.Name}\" must be a number.");
                }

                double v = p.Value.GetDouble();
                o = p.Name switch
                {
                    "onsetThreshold" => o with { OnsetThreshold = (float)v },
                    "offsetThreshold" => o with { OffsetThreshold = (float)v },
                    "frameThreshold" => o with { FrameThreshold = (float)v },
                    "pedalOnsetThreshold" => o with { PedalOnsetThreshold = (float)v },
                    "pedalOffsetThreshold" => o with { PedalOffsetThreshold = (float)v },
                    "pedalFrameThreshold" => o with { PedalFrameThreshold = (float)v },
                    "minNoteDuration" => o with { MinNoteDuration = v },
                    "minInterOnsetInterval" => o with { MinInterOnsetInterval = v },
                    "minPedalDuration" => o with { MinPedalDuration = v },
                    "defaultVelocity" => o with { DefaultVelocity = (int)v },
                    _ => throw new FormatException($"Unknown decoder setting \"{p.Name}\"."),
                };
            }

            return o;
        }
    }

    private static void Append(StringBuilder sb, string name, float value, bool first = false) =>
        AppendRaw(sb, name, value.ToString("R", CultureInfo.InvariantCulture), first);

    private static void Append(StringBuilder sb, string name, double value, bool first = false) =>
        AppendRaw(sb, name, value.ToString("R", CultureInfo.InvariantCulture), first);

    private static void AppendRaw(StringBuilder sb, string name, string value, bool first)
    {
        if (!first)
        {
            sb.Append(',');
        }

        sb.Append('"').Append(name).Append("\":").Append(value);
    }
}
