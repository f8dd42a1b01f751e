using System.Text;

namespace PianoTranscription.Evaluation;

/// <summary>Scores of estimated sustain-pedal presses against reference presses.</summary>
/// <param name="Onsets">Presses matched by onset (within the onset tolerance).</param>
/// <param name="OnsetsAndOffsets">Presses matched by onset and offset (offset tolerance as for notes).</param>
/// <param name="Frames">Grid points where the pedal is down in both.</param>
public sealed record PedalMetrics(PrecisionRecallF1 Onsets, PrecisionRecallF1 OnsetsAndOffsets, PrecisionRecallF1 Frames)
{
    /// <summary>Formats the scores as a fixed-width text table (invariant culture).</summary>
    /// <returns>The table.</returns>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine("metric                     precision  recall      F1   matched      ref      est");
        TranscriptionMetrics.Row(sb, "pedal (onset)", Onsets);
        TranscriptionMetrics.Row(sb, "pedal + offset", OnsetsAndOffsets);
        TranscriptionMetrics.Row(sb, "pedal frames", Frames);
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToTable();
}
