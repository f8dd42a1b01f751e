using Microsoft.ML.Data;

namespace PianoTranscription.ML.Mapping;

#pragma warning disable CA1819 // ML.NET rows expose vectors as array properties
#pragma warning disable CA1812 // instantiated by ML.NET through reflection

internal sealed class PathRow
{
    [ColumnName(Columns.Path)]
    public string Path { get; set; } = "";

    [ColumnName(Columns.Config)]
    public string Config { get; set; } = "";
}

internal class AudioRow
{
    [ColumnName(Columns.Samples)]
    [VectorType]
    public float[] Samples { get; set; } = [];

    [ColumnName(Columns.SampleRate)]
    public int SampleRate { get; set; }
}

/// <summary>Samples, their rate and the stage settings: the input of the stages that start from audio.</summary>
internal sealed class AudioConfigRow : AudioRow
{
    [ColumnName(Columns.Config)]
    public string Config { get; set; } = "";
}

internal sealed class FeaturesRow
{
    [ColumnName(Columns.Features)]
    [VectorType]
    public float[] Features { get; set; } = [];

    [ColumnName(Columns.Frames)]
    public int Frames { get; set; }

    [ColumnName(Columns.Bins)]
    public int Bins { get; set; }
}

internal sealed class FeaturesConfigRow
{
    [ColumnName(Columns.Features)]
    [VectorType]
    public float[] Features { get; set; } = [];

    [ColumnName(Columns.Frames)]
    public int Frames { get; set; }

    [ColumnName(Columns.Config)]
    public string Config { get; set; } = "";
}

/// <summary>The seven heads under their ONNX output names, as ML.NET's <c>ApplyOnnxModel</c> writes them.</summary>
internal class HeadsRow
{
    [ColumnName("onset")]
    [VectorType]
    public float[] Onset { get; set; } = [];

    [ColumnName("frame")]
    [VectorType]
    public float[] Frame { get; set; } = [];

    [ColumnName("offset")]
    [VectorType]
    public float[] Offset { get; set; } = [];

    [ColumnName("velocity")]
    [VectorType]
    public float[] Velocity { get; set; } = [];

    [ColumnName("pedal_onset")]
    [VectorType]
    public float[] PedalOnset { get; set; } = [];

    [ColumnName("pedal_frame")]
    [VectorType]
    public float[] PedalFrame { get; set; } = [];

    [ColumnName("pedal_offset")]
    [VectorType]
    public float[] PedalOffset { get; set; } = [];
}

/// <summary>The heads, the frame count and the stage settings: the input of DecodeNotes.</summary>
internal sealed class HeadsConfigRow : HeadsRow
{
    [ColumnName(Columns.Frames)]
    public int Frames { get; set; }

    [ColumnName(Columns.Config)]
    public string Config { get; set; } = "";
}

internal sealed class NotesRow
{
    [ColumnName(Columns.NotePitch)]
    [VectorType]
    public int[] Pitch { get; set; } = [];

    [ColumnName(Columns.NoteOnset)]
    [VectorType]
    public double[] Onset { get; set; } = [];

    [ColumnName(Columns.NoteOffset)]
    [VectorType]
    public double[] Offset { get; set; } = [];

    [ColumnName(Columns.NoteVelocity)]
    [VectorType]
    public int[] Velocity { get; set; } = [];

    [ColumnName(Columns.NoteConfidence)]
    [VectorType]
    public float[] Confidence { get; set; } = [];

    [ColumnName(Columns.PedalOnset)]
    [VectorType]
    public double[] PedalOnset { get; set; } = [];

    [ColumnName(Columns.PedalOffset)]
    [VectorType]
    public double[] PedalOffset { get; set; } = [];

    [ColumnName(Columns.PedalConfidence)]
    [VectorType]
    public float[] PedalConfidence { get; set; } = [];
}

internal sealed class EmbeddingRow
{
    [ColumnName(Columns.Embedding)]
    [VectorType(PianoTransforms.EmbeddingLength)]
    public float[] Embedding { get; set; } = new float[PianoTransforms.EmbeddingLength];
}
