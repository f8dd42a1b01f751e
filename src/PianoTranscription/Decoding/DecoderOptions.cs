namespace PianoTranscription.Decoding;

/// <summary>
/// Settings of <see cref="NoteDecoder"/>: detection thresholds for the model heads and minimum durations.
/// Values are validated when set, so an instance always holds usable settings.
/// </summary>
/// <remarks>
/// The defaults follow Kong et al. (2021, "High-resolution piano transcription with pedals by regressing onset and
/// offset times") and are starting points: tune them on a validation set for a given model, e.g.
/// <c>DecoderOptions.Default with { OnsetThreshold = 0.4f }</c>.
/// </remarks>
public sealed partial record DecoderOptions
{
    private readonly float onsetThreshold = 0.3f;
    private readonly float offsetThreshold = 0.3f;
    private readonly float frameThreshold = 0.1f;
    private readonly float pedalOnsetThreshold = 0.3f;
    private readonly float pedalOffsetThreshold = 0.2f;
    private readonly float pedalFrameThreshold = 0.5f;
    private readonly double minNoteDuration = 0.02;
    private readonly double minInterOnsetInterval = 0.05;
    private readonly double minPedalDuration = 0.05;
    private readonly int defaultVelocity = 64;

    /// <summary>The default settings.</summary>
    public static DecoderOptions Default { get; } = new();

    /// <summary>
    /// A note starts where the onset head has a local maximum (over ±2 frames) above this value. Default 0.3.
    /// Must lie in (0, 1).
    /// </summary>
    public float OnsetThreshold { get => onsetThreshold; init => onsetThreshold = Threshold(value, nameof(OnsetThreshold)); }

    /// <summary>
    /// A sounding note ends at a local maximum of the offset head above this value (if the model has an offset head).
    /// Default 0.3. Must lie in (0, 1).
    /// </summary>
    public float OffsetThreshold { get => offsetThreshold; init => offsetThreshold = Threshold(value, nameof(OffsetThreshold)); }

    /// <summary>A sounding note ends where the frame head falls below this value. Default 0.1. Must lie in (0, 1).</summary>
    public float FrameThreshold { get => frameThreshold; init => frameThreshold = Threshold(value, nameof(FrameThreshold)); }

    /// <summary>A pedal press starts at a local maximum of the pedal-onset head above this value. Default 0.3. Must lie in (0, 1).</summary>
    public float PedalOnsetThreshold { get => pedalOnsetThreshold; init => pedalOnsetThreshold = Threshold(value, nameof(PedalOnsetThreshold)); }

    /// <summary>A pedal press ends at a local maximum of the pedal-offset head above this value. Default 0.2. Must lie in (0, 1).</summary>
    public float PedalOffsetThreshold { get => pedalOffsetThreshold; init => pedalOffsetThreshold = Threshold(value, nameof(PedalOffsetThreshold)); }

    /// <summary>
    /// The pedal counts as held while the pedal-frame head is above this value: a rise above it starts a press, a
    /// fall below it ends one. Default 0.5. Must lie in (0, 1).
    /// </summary>
    public float PedalFrameThreshold { get => pedalFrameThreshold; init => pedalFrameThreshold = Threshold(value, nameof(PedalFrameThreshold)); }

    /// <summary>
    /// Shortest note in seconds: a note that ends sooner (other than by a re-strike of its key) is lengthened to this.
    /// Default 0.02. Must be ≥ 0.
    /// </summary>
    public double MinNoteDuration { get => minNoteDuration; init => minNoteDuration = Duration(value, nameof(MinNoteDuration)); }

    /// <summary>
    /// Shortest time in seconds between two onsets of the same key; a closer onset is ignored. Default 0.05. Must be ≥ 0.
    /// </summary>
    public double MinInterOnsetInterval { get => minInterOnsetInterval; init => minInterOnsetInterval = Duration(value, nameof(MinInterOnsetInterval)); }

    /// <summary>Shortest pedal press in seconds; shorter presses are dropped. Default 0.05. Must be ≥ 0.</summary>
    public double MinPedalDuration { get => minPedalDuration; init => minPedalDuration = Duration(value, nameof(MinPedalDuration)); }

    /// <summary>Velocity given to notes when the model has no velocity head, 1 to 127. Default 64.</summary>
    public int DefaultVelocity
    {
        get => defaultVelocity;
        init => defaultVelocity = value is >= 1 and <= 127
            ? value
            : throw new ArgumentOutOfRangeException(nameof(DefaultVelocity), value, "The default velocity must be between 1 and 127.");
    }

    private static float Threshold(float value, string name) => value > 0f && value < 1f
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must lie strictly between 0 and 1.");

    private static double Duration(double value, string name) => value >= 0 && !double.IsInfinity(value)
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number of seconds ≥ 0.");
}
