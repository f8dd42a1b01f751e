namespace PianoTranscription.Evaluation;

/// <summary>
/// Tolerances of <see cref="TranscriptionEvaluator"/>. The defaults are the field's standard (mir_eval's defaults, as
/// used for MAESTRO results): 50 ms onset tolerance, offset tolerance 20 % of the reference duration but at least
/// 50 ms, velocity tolerance 0.1, frames sampled every 10 ms. Values are validated when set.
/// </summary>
public sealed record EvaluationOptions
{
    private readonly double onsetTolerance = 0.05;
    private readonly double offsetRatio = 0.2;
    private readonly double offsetMinTolerance = 0.05;
    private readonly double velocityTolerance = 0.1;
    private readonly double frameHop = 0.01;

    /// <summary>The default (standard) tolerances.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Largest onset difference in seconds for two notes to match (inclusive). Default 0.05. Must be &gt; 0.</summary>
    public double OnsetTolerance { get => onsetTolerance; init => onsetTolerance = Positive(value, nameof(OnsetTolerance)); }

    /// <summary>
    /// Offset tolerance as a fraction of the reference note's duration, for the "with offsets" scores. Default 0.2.
    /// Must be &gt; 0.
    /// </summary>
    public double OffsetRatio { get => offsetRatio; init => offsetRatio = Positive(value, nameof(OffsetRatio)); }

    /// <summary>The smallest offset tolerance in seconds. Default 0.05. Must be &gt; 0.</summary>
    public double OffsetMinTolerance { get => offsetMinTolerance; init => offsetMinTolerance = Positive(value, nameof(OffsetMinTolerance)); }

    /// <summary>
    /// Velocity tolerance after mir_eval's normalisation (reference velocities scaled to [0, 1], estimated
    /// velocities mapped by a least-squares line fitted on the matched notes). Default 0.1. Must be &gt; 0.
    /// </summary>
    public double VelocityTolerance { get => velocityTolerance; init => velocityTolerance = Positive(value, nameof(VelocityTolerance)); }

    /// <summary>Spacing in seconds of the time grid the frame-level scores sample. Default 0.01. Must be &gt; 0.</summary>
    public double FrameHop { get => frameHop; init => frameHop = Positive(value, nameof(FrameHop)); }

    private static double Positive(double value, string name) => value > 0 && !double.IsInfinity(value)
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite positive number.");
}
