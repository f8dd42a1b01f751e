using System.Text.Json;

namespace PianoTranscription.AnalysisEval;

/// <summary>One 9 s item of training/analysis/render.py's manifest: its split, source and per-second labels.</summary>
internal sealed record Item(string Id, string Split, string Source, string Family, string[] Labels, string[]?[] Seconds, string Wav)
{
    /// <summary>0 solo piano, 1 piano with others, 2 no piano (the order of the model's "piano" output).</summary>
    public static int PianoClass(IReadOnlyCollection<string> labels) =>
        labels.Count == 1 && labels.Contains("piano") ? 0 : labels.Contains("piano") ? 1 : 2;

    /// <summary>Whether the item is of <paramref name="source"/> or a mixture (source "mix", family "A+B+..." or "A piano+B ...") with a stem of it.</summary>
    public bool HasSource(string source) =>
        Source == source || (Source == "mix" && Family.Split('+').Any(part => part == source || part.StartsWith(source + " ", StringComparison.Ordinal)));

    public static IReadOnlyList<Item> Load(string dir)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        return doc.RootElement.GetProperty("items").EnumerateArray().Select(e => new Item(
            e.GetProperty("id").GetString()!,
            e.GetProperty("split").GetString()!,
            e.GetProperty("source").GetString()!,
            e.GetProperty("family").GetString()!,
            e.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray(),
            e.GetProperty("seconds").EnumerateArray().Select(s => s.ValueKind == JsonValueKind.Null ? null : s.EnumerateArray().Select(l => l.GetString()!).ToArray()).ToArray(),
            Path.Combine(dir, "wav", e.GetProperty("id").GetString()! + ".wav"))).ToArray();
    }
}
