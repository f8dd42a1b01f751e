using System.Text;
using System.Text.Json;
using PianoTranscription.Decoding;
using PianoTranscription.IO;

namespace PianoTranscription.Export;

/// <summary>
/// Notes, pedal and metadata as JSON (UTF-8). The schema (version 1; see <c>docs/output.md</c>):
/// <code>
/// {
///   "format": "pianotranscription.notes", "version": 1,
///   "metadata": { "sourceFile": "take1.wav", "duration": 12.5, "modelVersion": "1.0.0" },
///   "notes": [ { "pitch": 60, "onset": 0.5, "offset": 1.25, "velocity": 80, "confidence": 0.93 } ],
///   "sustainPedal": [ { "onset": 0.0, "offset": 2.0, "confidence": 1 } ]
/// }
/// </code>
/// Times are seconds, written with full double precision so that a round trip is exact; "metadata" and each of its
/// fields are optional; readers ignore properties they do not know.
/// </summary>
public static class NoteJson
{
    /// <summary>The value of the "format" property.</summary>
    public const string FormatName = "pianotranscription.notes";

    /// <summary>The schema version this library writes and reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Writes notes, pedal and metadata as JSON, atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="metadata">Optional metadata.</param>
    /// <param name="indented">True (default) for one property per line; false for compact output.</param>
    public static void Write(string path, IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, TranscriptionMetadata? metadata = null, bool indented = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(sustainPedal);
        AtomicFile.Write(path, stream => Write(stream, notes, sustainPedal, metadata, indented));
    }

    /// <summary>Writes notes, pedal and metadata as UTF-8 JSON to a stream (left open).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="metadata">Optional metadata.</param>
    /// <param name="indented">True (default) for one property per line; false for compact output.</param>
    public static void Write(Stream stream, IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, TranscriptionMetadata? metadata = null, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(sustainPedal);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        json.WriteStartObject();
        json.WriteString("format", FormatName);
        json.WriteNumber("version", SchemaVersion);
        if (metadata is not null)
        {
            json.WriteStartObject("metadata");
            if (metadata.SourceFile is not null)
            {
                json.WriteString("sourceFile", metadata.SourceFile);
            }

            if (metadata.Duration is double duration)
            {
                WriteFinite(json, "duration", duration, "metadata", -1);
            }

            if (metadata.ModelVersion is not null)
            {
                json.WriteString("modelVersion", metadata.ModelVersion);
            }

            json.WriteEndObject();
        }

        json.WriteStartArray("notes");
        for (int i = 0; i < notes.Count; i++)
        {
            Note n = notes[i];
            json.WriteStartObject();
            json.WriteNumber("pitch", n.Pitch);
            WriteFinite(json, "onset", n.Onset, "notes", i);
            WriteFinite(json, "offset", n.Offset, "notes", i);
            json.WriteNumber("velocity", n.Velocity);
            WriteFinite(json, "confidence", n.Confidence, "notes", i);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("sustainPedal");
        for (int i = 0; i < sustainPedal.Count; i++)
        {
            PedalInterval p = sustainPedal[i];
            json.WriteStartObject();
            WriteFinite(json, "onset", p.Onset, "sustainPedal", i);
            WriteFinite(json, "offset", p.Offset, "sustainPedal", i);
            WriteFinite(json, "confidence", p.Confidence, "sustainPedal", i);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Returns notes, pedal and metadata as a JSON string.</summary>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="metadata">Optional metadata.</param>
    /// <param name="indented">True (default) for one property per line; false for compact output.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, TranscriptionMetadata? metadata = null, bool indented = true)
    {
        using var memory = new MemoryStream();
        Write(memory, notes, sustainPedal, metadata, indented);
        return Encoding.UTF8.GetString(memory.GetBuffer(), 0, (int)memory.Length);
    }

    /// <summary>Reads a JSON note file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The notes, pedal and metadata.</returns>
    /// <exception cref="NoteFileFormatException">The file is not valid JSON or does not follow the schema.</exception>
    public static NoteDocument Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream);
    }

    /// <summary>Reads a JSON note document from a stream (left open).</summary>
    /// <param name="stream">The stream.</param>
    /// <returns>The notes, pedal and metadata.</returns>
    /// <exception cref="NoteFileFormatException">The data is not valid JSON or does not follow the schema.</exception>
    public static NoteDocument Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using JsonDocument document = JsonDocument.Parse(stream);
            return FromElement(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new NoteFileFormatException($"Not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // The parser checks the structure, not the text inside strings: reading a string finds bad UTF-8 or an
            // escaped unpaired surrogate ("\ud800").
            throw new NoteFileFormatException($"Not valid JSON: a string is not valid UTF-8 or UTF-16 text ({(ex.InnerException ?? ex).Message})", ex);
        }
    }

    /// <summary>Parses a JSON note document from a string.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The notes, pedal and metadata.</returns>
    /// <exception cref="NoteFileFormatException">The text is not valid JSON or does not follow the schema.</exception>
    public static NoteDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = ParseText(json);
            return FromElement(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new NoteFileFormatException($"Not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new NoteFileFormatException($"Not valid JSON: a string is not valid UTF-16 text ({(ex.InnerException ?? ex).Message})", ex);
        }
    }

    private static JsonDocument ParseText(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (ArgumentException ex)
        {
            // A string holding an unpaired surrogate cannot be transcoded to UTF-8 for the parser.
            throw new NoteFileFormatException($"Not valid JSON text: {ex.Message}", ex);
        }
    }

    private static NoteDocument FromElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new NoteFileFormatException($"The JSON root must be an object, not {root.ValueKind}.");
        }

        if (root.TryGetProperty("format", out JsonElement format) && (format.ValueKind != JsonValueKind.String || format.GetString() != FormatName))
        {
            throw new NoteFileFormatException($"The \"format\" property is {format}, not \"{FormatName}\".");
        }

        if (root.TryGetProperty("version", out JsonElement version))
        {
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out int v) || v < 1)
            {
                throw new NoteFileFormatException($"The \"version\" property must be a positive integer, not {version}.");
            }

            if (v > SchemaVersion)
            {
                throw new NoteFileFormatException($"The file uses schema version {v}; this library reads version {SchemaVersion}. Update the library.");
            }
        }

        TranscriptionMetadata? metadata = null;
        if (root.TryGetProperty("metadata", out JsonElement meta) && meta.ValueKind != JsonValueKind.Null)
        {
            if (meta.ValueKind != JsonValueKind.Object)
            {
                throw new NoteFileFormatException("\"metadata\" must be an object.");
            }

            metadata = new TranscriptionMetadata
            {
                SourceFile = OptionalString(meta, "sourceFile", "metadata.sourceFile"),
                Duration = meta.TryGetProperty("duration", out JsonElement d) && d.ValueKind != JsonValueKind.Null ? Number(d, "metadata.duration") : null,
                ModelVersion = OptionalString(meta, "modelVersion", "metadata.modelVersion"),
            };
        }

        var notes = new List<Note>();
        foreach ((JsonElement e, string where) in Items(root, "notes", required: true))
        {
            int pitch = Integer(Property(e, "pitch", where), where + ".pitch", 0, 127);
            double onset = Number(Property(e, "onset", where), where + ".onset");
            double offset = Number(Property(e, "offset", where), where + ".offset");
            int velocity = Integer(Property(e, "velocity", where), where + ".velocity", 0, 127);
            float confidence = e.TryGetProperty("confidence", out JsonElement c) ? (float)Number(c, where + ".confidence") : 1f;
            CheckInterval(onset, offset, where);
            notes.Add(new Note(pitch, onset, offset, velocity, confidence));
        }

        var pedal = new List<PedalInterval>();
        foreach ((JsonElement e, string where) in Items(root, "sustainPedal", required: false))
        {
            double onset = Number(Property(e, "onset", where), where + ".onset");
            double offset = Number(Property(e, "offset", where), where + ".offset");
            float confidence = e.TryGetProperty("confidence", out JsonElement c) ? (float)Number(c, where + ".confidence") : 1f;
            CheckInterval(onset, offset, where);
            pedal.Add(new PedalInterval(onset, offset, confidence));
        }

        return new NoteDocument(notes, pedal, metadata);
    }

    private static IEnumerable<(JsonElement Element, string Where)> Items(JsonElement root, string name, bool required)
    {
        if (!root.TryGetProperty(name, out JsonElement array) || array.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                throw new NoteFileFormatException($"The JSON object has no \"{name}\" array.");
            }

            yield break;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new NoteFileFormatException($"\"{name}\" must be an array, not {array.ValueKind}.");
        }

        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            string where = $"{name}[{i}]";
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw new NoteFileFormatException($"{where} must be an object, not {e.ValueKind}.");
            }

            yield return (e, where);
            i++;
        }
    }

    private static JsonElement Property(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out JsonElement value) ? value : throw new NoteFileFormatException($"{where} has no \"{name}\".");

    private static double Number(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw new NoteFileFormatException($"{where} must be a finite number, not {e}.");
        }

        return value;
    }

    private static int Integer(JsonElement e, string where, int min, int max)
    {
        double value = Number(e, where);
        if (value != Math.Round(value) || value < min || value > max)
        {
            throw new NoteFileFormatException($"{where} must be a whole number from {min} to {max}, not {e}.");
        }

        return (int)value;
    }

    private static string? OptionalString(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new NoteFileFormatException($"{where} must be a string, not {value.ValueKind}.");
    }

    private static void CheckInterval(double onset, double offset, string where)
    {
        if (onset < 0 || offset < onset)
        {
            throw new NoteFileFormatException($"{where} runs from {onset} s to {offset} s; times must be 0 or more and the offset not before the onset.");
        }
    }

    private static void WriteFinite(Utf8JsonWriter json, string name, double value, string array, int index)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(name, value, array, index);
        }

        json.WriteNumber(name, value);
    }

    private static void WriteFinite(Utf8JsonWriter json, string name, float value, string array, int index)
    {
        if (!float.IsFinite(value))
        {
            ThrowNotFinite(name, value, array, index);
        }

        json.WriteNumber(name, value); // float overload: the shortest text that reads back as the same float
    }

    private static void ThrowNotFinite(string name, double value, string array, int index)
    {
        string where = index < 0 ? $"{array}.{name}" : $"{array}[{index}].{name}";
        throw new ArgumentException($"{where} is {value}; JSON holds only finite numbers.", array);
    }
}
