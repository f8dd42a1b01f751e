using Microsoft.ML.Data;
using PianoTranscription.Decoding;

namespace PianoTranscription.ML;

/// <summary>
/// One row's notes and sustain-pedal presses as the note columns hold them under the default prefix
/// <c>"Notes"</c>: the output type for <c>mlContext.Data.CreateEnumerable&lt;TranscribedNotes&gt;</c> and
/// <c>PredictionEngine&lt;AudioFileInput, TranscribedNotes&gt;</c>. <see cref="ToDecodedNotes"/> turns it back into the
/// library's <see cref="Note"/> and <see cref="PedalInterval"/> values.
/// </summary>
#pragma warning disable CA1819 // ML.NET rows expose vector columns as array properties
public sealed class TranscribedNotes
{
    /// <summary>The suffix of the pitch column.</summary>
    public const string PitchSuffix = ".Pitch";

    /// <summary>The suffix of the onset column.</summary>
    public const string OnsetSuffix = ".Onset";

    /// <summary>The suffix of the offset column.</summary>
    public const string OffsetSuffix = ".Offset";

    /// <summary>The suffix of the velocity column.</summary>
    public const string VelocitySuffix = ".Velocity";

    /// <summary>The suffix of the note-confidence column.</summary>
    public const string ConfidenceSuffix = ".Confidence";

    /// <summary>The suffix of the pedal-onset column.</summary>
    public const string PedalOnsetSuffix = ".PedalOnset";

    /// <summary>The suffix of the pedal-offset column.</summary>
    public const string PedalOffsetSuffix = ".PedalOffset";

    /// <summary>The suffix of the pedal-confidence column.</summary>
    public const string PedalConfidenceSuffix = ".PedalConfidence";

    /// <summary>MIDI pitches (21 = A0 … 108 = C8), one per note, sorted by onset then pitch.</summary>
    [ColumnName("Notes" + PitchSuffix)]
    [VectorType]
    public int[] Pitch { get; set; } = [];

    /// <summary>Note onsets in seconds.</summary>
    [ColumnName("Notes" + OnsetSuffix)]
    [VectorType]
    public double[] Onset { get; set; } = [];

    /// <summary>Note offsets in seconds.</summary>
    [ColumnName("Notes" + OffsetSuffix)]
    [VectorType]
    public double[] Offset { get; set; } = [];

    /// <summary>Note velocities, 1–127.</summary>
    [ColumnName("Notes" + VelocitySuffix)]
    [VectorType]
    public int[] Velocity { get; set; } = [];

    /// <summary>The decoder's confidence in each note, 0–1.</summary>
    [ColumnName("Notes" + ConfidenceSuffix)]
    [VectorType]
    public float[] Confidence { get; set; } = [];

    /// <summary>Sustain-pedal press times in seconds.</summary>
    [ColumnName("Notes" + PedalOnsetSuffix)]
    [VectorType]
    public double[] PedalOnset { get; set; } = [];

    /// <summary>Sustain-pedal release times in seconds.</summary>
    [ColumnName("Notes" + PedalOffsetSuffix)]
    [VectorType]
    public double[] PedalOffset { get; set; } = [];

    /// <summary>The decoder's confidence in each pedal press, 0–1.</summary>
    [ColumnName("Notes" + PedalConfidenceSuffix)]
    [VectorType]
    public float[] PedalConfidence { get; set; } = [];

    /// <summary>The notes and pedal presses as the library's types.</summary>
    /// <returns>The decoded notes.</returns>
    /// <exception cref="InvalidOperationException">The columns have different lengths (not written by PianoTranscription.ML).</exception>
    public DecodedNotes ToDecodedNotes()
    {
        int n = Pitch.Length;
        if (Onset.Length != n || Offset.Length != n || Velocity.Length != n || Confidence.Length != n
            || PedalOffset.Length != PedalOnset.Length || PedalConfidence.Length != PedalOnset.Length)
        {
            throw new InvalidOperationException("The note columns have different lengths; they were not written by PianoTranscription.ML.");
        }

        var notes = new Note[n];
        for (int i = 0; i < n; i++)
        {
            notes[i] = new Note(Pitch[i], Onset[i], Offset[i], Velocity[i], Confidence[i]);
        }

        var pedals = new PedalInterval[PedalOnset.Length];
        for (int i = 0; i < pedals.Length; i++)
        {
            pedals[i] = new PedalInterval(PedalOnset[i], PedalOffset[i], PedalConfidence[i]);
        }

        return new DecodedNotes(notes, pedals);
    }
}
