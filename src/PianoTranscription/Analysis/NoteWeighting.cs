namespace PianoTranscription.Analysis;

/// <summary>How much each note adds to its pitch class in a <see cref="KeyEstimator"/>'s histogram.</summary>
public enum NoteWeighting
{
    /// <summary>Every note counts 1.</summary>
    Count = 0,

    /// <summary>A note counts its duration in seconds (capped at <see cref="KeyEstimatorOptions.MaxNoteDuration"/>).</summary>
    Duration = 1,

    /// <summary>Duration (capped) times velocity / 127.</summary>
    DurationAndVelocity = 2,
}
