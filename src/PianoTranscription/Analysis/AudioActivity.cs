namespace PianoTranscription.Analysis;

/// <summary>How loud a segment is, by its RMS level in dBFS (thresholds in <see cref="SilenceThresholds"/>).</summary>
public enum AudioActivity
{
    /// <summary>Loud enough to classify.</summary>
    Sound,

    /// <summary>Below <see cref="SilenceThresholds.NearSilenceDb"/>: too quiet to classify reliably; not classified.</summary>
    NearSilence,

    /// <summary>Below <see cref="SilenceThresholds.SilenceDb"/> (or digital silence); not classified.</summary>
    Silence,
}
