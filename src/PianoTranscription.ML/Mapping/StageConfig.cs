using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PianoTranscription.ML.Mapping;

/// <summary>
/// A stage's settings as JSON, carried through the pipeline in a constant text column made by ML.NET's own
/// <c>Expression</c> transform (<c>x =&gt; "base64"</c>), which <c>mlContext.Model.Save</c> persists. This is how a
/// parameterless <c>CustomMappingFactory</c> gets its configuration back in a fresh process. Heavy objects built from
/// a configuration are cached per configuration, so rows do not rebuild them.
/// </summary>
internal static class StageConfig
{
    private static readonly ConcurrentDictionary<(Type, string), Lazy<object>> Cache = new();

    /// <summary>The Expression transform's text for a constant column holding <paramref name="json"/>.</summary>
    public static string Expression(JsonObject json)
    {
        string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString()));
        return "x => \"" + base64 + "\"";
    }

    public static JsonObject Parse(string config, string stage)
    {
        try
        {
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(config))) as JsonObject
                ?? throw new FormatException("not a JSON object");
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new InvalidOperationException(
                $"The {stage} stage's settings column ({Columns.Config}) is not what PianoTranscription.ML wrote ({ex.Message}); was the pipeline edited by hand?", ex);
        }
    }

    /// <summary>The object built from a configuration, built once per configuration and process.</summary>
    public static T Get<T>(string config, Func<string, T> build)
        where T : class =>
        (T)Cache.GetOrAdd((typeof(T), config), key => new Lazy<object>(() => build(key.Item2), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
}
