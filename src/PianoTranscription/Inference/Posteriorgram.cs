namespace PianoTranscription.Inference;

/// <summary>
/// The acoustic model's per-frame outputs: for each frame and each of the 88 keys, the onset, frame (key sounding),
/// offset and velocity estimates, plus per-frame sustain-pedal estimates.
/// </summary>
/// <remarks>
/// Key arrays are frame-major: the value for frame <c>t</c> and key <c>k</c> (0 = A0 … 87 = C8) is at <c>t * 88 + k</c>.
/// Onset and offset heads are regression targets in [0, 1] that peak at the exact event time, so a decoder can place
/// events between frames. Velocity is the note velocity divided by 127. Pedal arrays hold one value per frame and are
/// empty when the model has no pedal heads.
/// </remarks>
public sealed class Posteriorgram
{
    /// <summary>The number of keys per frame.</summary>
    public const int KeyCount = 88;

    /// <summary>Creates a posteriorgram; arrays are used as given (not copied).</summary>
    /// <param name="frameRate">Frames per second.</param>
    /// <param name="startTime">Time in seconds of frame 0's centre.</param>
    /// <param name="onset">Onset head, frames × 88.</param>
    /// <param name="frame">Frame (key down) head, frames × 88.</param>
    /// <param name="offset">Offset head, frames × 88, or empty.</param>
    /// <param name="velocity">Velocity head (velocity / 127), frames × 88, or empty.</param>
    /// <param name="pedalOnset">Pedal-down head, one per frame, or empty.</param>
    /// <param name="pedalFrame">Pedal-held head, one per frame, or empty.</param>
    /// <param name="pedalOffset">Pedal-up head, one per frame, or empty.</param>
    /// <exception cref="ArgumentException">The array lengths disagree.</exception>
    public Posteriorgram(
        double frameRate,
        double startTime,
        float[] onset,
        float[] frame,
        float[]? offset = null,
        float[]? velocity = null,
        float[]? pedalOnset = null,
        float[]? pedalFrame = null,
        float[]? pedalOffset = null)
    {
        ArgumentNullException.ThrowIfNull(onset);
        ArgumentNullException.ThrowIfNull(frame);
        if (!(frameRate > 0) || double.IsInfinity(frameRate))
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be a positive number.");
        }

        if (onset.Length % KeyCount != 0)
        {
            throw new ArgumentException($"The onset head has {onset.Length} values, not a multiple of {KeyCount}.", nameof(onset));
        }

        FrameCount = onset.Length / KeyCount;
        Check(frame, FrameCount * KeyCount, nameof(frame), required: true);
        offset ??= [];
        velocity ??= [];
        pedalOnset ??= [];
        pedalFrame ??= [];
        pedalOffset ??= [];
        Check(offset, FrameCount * KeyCount, nameof(offset), required: false);
        Check(velocity, FrameCount * KeyCount, nameof(velocity), required: false);
        Check(pedalOnset, FrameCount, nameof(pedalOnset), required: false);
        Check(pedalFrame, FrameCount, nameof(pedalFrame), required: false);
        Check(pedalOffset, FrameCount, nameof(pedalOffset), required: false);

        FrameRate = frameRate;
        StartTime = startTime;
        Onset = onset;
        Frame = frame;
        Offset = offset;
        Velocity = velocity;
        PedalOnset = pedalOnset;
        PedalFrame = pedalFrame;
        PedalOffset = pedalOffset;
    }

    /// <summary>Frames per second.</summary>
    public double FrameRate { get; }

    /// <summary>Time in seconds of frame 0's centre.</summary>
    public double StartTime { get; }

    /// <summary>The number of frames.</summary>
    public int FrameCount { get; }

    /// <summary>Onset head, frames × 88.</summary>
    public ReadOnlyMemory<float> Onset { get; }

    /// <summary>Frame (key down) head, frames × 88.</summary>
    public ReadOnlyMemory<float> Frame { get; }

    /// <summary>Offset head, frames × 88; empty if the model has none.</summary>
    public ReadOnlyMemory<float> Offset { get; }

    /// <summary>Velocity head (velocity / 127), frames × 88; empty if the model has none.</summary>
    public ReadOnlyMemory<float> Velocity { get; }

    /// <summary>Pedal-down head, one value per frame; empty if the model has none.</summary>
    public ReadOnlyMemory<float> PedalOnset { get; }

    /// <summary>Pedal-held head, one value per frame; empty if the model has none.</summary>
    public ReadOnlyMemory<float> PedalFrame { get; }

    /// <summary>Pedal-up head, one value per frame; empty if the model has none.</summary>
    public ReadOnlyMemory<float> PedalOffset { get; }

    /// <summary>The time in seconds of a frame's centre.</summary>
    /// <param name="frameIndex">The frame index.</param>
    /// <returns>Seconds.</returns>
    public double TimeOf(double frameIndex) => StartTime + frameIndex / FrameRate;

    private static void Check(float[] values, int expected, string name, bool required)
    {
        if (values.Length == 0 && !required)
        {
            return;
        }

        if (values.Length != expected)
        {
            throw new ArgumentException($"The {name} head has {values.Length} values; {expected} were expected.", name);
        }
    }
}
