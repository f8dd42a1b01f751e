namespace PianoTranscription.Analysis;

/// <summary>
/// What the <see cref="AnalysisModel"/> says about one clip of a recording: where the clip's segment lies, how loud it
/// is and, unless it is (near-)silent, the outputs of both heads.
/// </summary>
/// <param name="Start">Segment start in seconds.</param>
/// <param name="End">Segment end in seconds.</param>
/// <param name="LevelDb">The segment's RMS level in dBFS.</param>
/// <param name="Activity">Silence, near-silence or sound, by <see cref="SilenceThresholds"/>.</param>
/// <param name="Piano">Solo piano, piano with others, no piano (sums to 1); null when not classified.</param>
/// <param name="Instruments">Presence probability per <see cref="AnalysisModel.Instruments"/>; null when not classified.</param>
internal sealed record ClipPrediction(double Start, double End, double LevelDb, AudioActivity Activity, float[]? Piano, float[]? Instruments);
