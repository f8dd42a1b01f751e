using System.Globalization;
using System.Text;

namespace PianoTranscription.Evaluation;

/// <summary>The standard note- and frame-level scores of a transcription against a reference.</summary>
/// <param name="Notes">Onset + pitch matching (onset within 50 ms by default).</param>
/// <param name="NotesWithOffsets">Onset + pitch + offset matching.</param>
/// <param name="NotesWithVelocity">Onset + pitch + velocity matching.</param>
/// <param name="NotesWithOffsetsAndVelocity">Onset + pitch + offset + velocity matching.</param>
/// <param name="Frames">Frame-level scores: (time, key) cells active in both, on a regular time grid.</param>
public sealed record TranscriptionMetrics(
    PrecisionRecallF1 Notes,
    PrecisionRecallF1 NotesWithOffsets,
    PrecisionRecallF1 NotesWithVelocity,
    PrecisionRecallF1 NotesWithOffsetsAndVelocity,
    PrecisionRecallF1 Frames)
{
    /// <summary>Formats the scores as a fixed-width text table (invariant culture), one row per metric.</summary>
    /// <returns>The table.</returns>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine("metric                     precision  recall      F1   matched      ref      est");
        Row(sb, "notes (onset)", Notes);
        Row(sb, "notes + offset", NotesWithOffsets);
        Row(sb, "notes + velocity", NotesWithVelocity);
        Row(sb, "notes + offset + velocity", NotesWithOffsetsAndVelocity);
        Row(sb, "frames", Frames);
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToTable();

    internal static void Row(StringBuilder sb, string name, PrecisionRecallF1 m) => sb.AppendLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-26} {m.Precision,9:0.0000} {m.Recall,7:0.0000} {m.F1,7:0.0000} {m.Matched,9} {m.ReferenceCount,8} {m.EstimateCount,8}"));
}
