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
        for (int i = 0; i < JsonSettings.Length; i++)
        {
            (string name, Func<DecoderOptions, string> get, _) = JsonSettings[i];
            sb.Append(i == 0 ? "\"" : ",\"").Append(name).Append("\":").Append(get(this));
        }

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
        catch (ArgumentException ex)
        {
            // A string holding an unpaired surrogate cannot be transcoded to UTF-8 for the parser.
            throw new FormatException($"The decoder settings are not valid JSON text: {ex.Message}", ex);
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
                string name = NameOf(p);
                if (p.Value.ValueKind != JsonValueKind.Number)
                {
                    throw new FormatException($"The decoder setting \"{name}\" must be a number.");
                }

                double v = p.Value.GetDouble();
                o = Array.Find(JsonSettings, x => x.Name == name).Set is { } set
                    ? set(o, v)
                    : throw new FormatException($"Unknown decoder setting \"{name}\".");
            }

            return o;
        }
    }

    /// <summary>A property's name; one escaping an unpaired surrogate (<c>"\ud800"</c>) is not valid JSON text.</summary>
    private static string NameOf(JsonProperty p)
    {
        try
        {
            return p.Name;
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"The decoder settings are not valid JSON text: {ex.Message}", ex);
        }
    }

    // The one list of JSON settings: name (camelCase), writer (invariant round-trip text), reader. ToJson writes them
    // in this order; FromJson accepts any order.
    private static readonly (string Name, Func<DecoderOptions, string> Get, Func<DecoderOptions, double, DecoderOptions> Set)[] JsonSettings =
    [
        ("onsetThreshold", o => F(o.OnsetThreshold), (o, v) => o with { OnsetThreshold = (float)v }),
        ("offsetThreshold", o => F(o.OffsetThreshold), (o, v) => o with { OffsetThreshold = (float)v }),
        ("frameThreshold", o => F(o.FrameThreshold), (o, v) => o with { FrameThreshold = (float)v }),
        ("pedalOnsetThreshold", o => F(o.PedalOnsetThreshold), (o, v) => o with { PedalOnsetThreshold = (float)v }),
        ("pedalOffsetThreshold", o => F(o.PedalOffsetThreshold), (o, v) => o with { PedalOffsetThreshold = (float)v }),
        ("pedalFrameThreshold", o => F(o.PedalFrameThreshold), (o, v) => o with { PedalFrameThreshold = (float)v }),
        ("minNoteDuration", o => D(o.MinNoteDuration), (o, v) => o with { MinNoteDuration = v }),
        ("minInterOnsetInterval", o => D(o.MinInterOnsetInterval), (o, v) => o with { MinInterOnsetInterval = v }),
        ("minPedalDuration", o => D(o.MinPedalDuration), (o, v) => o with { MinPedalDuration = v }),
        ("defaultVelocity", o => F(o.DefaultVelocity), (o, v) => o with { DefaultVelocity = (int)v }),
    ];

    private static string F(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
