namespace PianoTranscription.Evaluation;

/// <summary>What two notes must share to match (onset within tolerance and equal pitch always).</summary>
public enum MatchCriteria
{
    /// <summary>Onset and pitch.</summary>
    Onset,

    /// <summary>Onset, pitch and offset.</summary>
    OnsetAndOffset,

    /// <summary>Onset, pitch and velocity (mir_eval.transcription_velocity).</summary>
    OnsetAndVelocity,

    /// <summary>Onset, pitch, offset and velocity.</summary>
    OnsetOffsetAndVelocity,
}
