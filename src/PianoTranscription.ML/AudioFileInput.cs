using Microsoft.ML.Data;

namespace PianoTranscription.ML;

/// <summary>A row naming one audio file: the input type for <c>PredictionEngine&lt;AudioFileInput, TranscribedNotes&gt;</c> and what <see cref="PianoCatalogExtensions.LoadAudioFiles"/> lists.</summary>
public sealed class AudioFileInput
{
    /// <summary>The audio file's path (column <c>Path</c>).</summary>
    [ColumnName("Path")]
    public string Path { get; set; } = "";
}
