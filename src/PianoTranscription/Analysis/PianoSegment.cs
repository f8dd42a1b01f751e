namespace PianoTranscription.Analysis;

/// <summary>One segment (a clip of the <see cref="AnalysisModel"/>, 1 s by default) of a <see cref="PianoDetection"/>.</summary>
/// <param name="Start">Start in seconds.</param>
/// <param name="End">End in seconds.</param>
/// <param name="Presence">The most probable class, or <see cref="PianoPresence.Silence"/> for a silent or near-silent segment.</param>
/// <param name="Probabilities">The class probabilities; null for a silent or near-silent segment (not classified).</param>
/// <param name="LevelDb">The segment's RMS level in dBFS.</param>
/// <param name="Activity">Whether the segment is sound, near-silence or silence.</param>
public sealed record PianoSegment(double Start, double End, PianoPresence Presence, PianoProbabilities? Probabilities, double LevelDb, AudioActivity Activity)
{
    /// <summary>The segment's length in seconds.</summary>
    public double Duration => End - Start;
}
