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

    private static readonly string[] ParameterNames = ["onset", "frame", "offset", "velocity", "pedalOnset", "pedalFrame", "pedalOffset"];
    private readonly ReadOnlyMemory<float>[] _heads;
    private readonly bool[] _present;

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
        : this(frameRate, startTime, [onset, frame, offset, velocity, pedalOnset, pedalFrame, pedalOffset])
    {
    }

    /// <summary>Creates a posteriorgram from the heads a model provides; arrays are used as given (not copied).</summary>
    /// <param name="frameRate">Frames per second.</param>
    /// <param name="startTime">Time in seconds of frame 0's centre.</param>
    /// <param name="heads">
    /// The values of each head: frames × 88 for note heads, one per frame for pedal heads
    /// (<see cref="ModelContract.ValuesPerFrame"/>). <see cref="ModelHead.Onset"/> and <see cref="ModelHead.Frame"/>
    /// are required; a head left out is empty.
    /// </param>
    /// <exception cref="ArgumentException">A required head is missing or the array lengths disagree.</exception>
    public Posteriorgram(double frameRate, double startTime, IReadOnlyDictionary<ModelHead, float[]> heads)
        : this(frameRate, startTime, ByHead(heads))
    {
    }

#pragma warning disable CA2208 // the parameter names are those of the public constructors, which this one serves
    private Posteriorgram(double frameRate, double startTime, float[]?[] heads)
    {
        float[] onset = heads[(int)ModelHead.Onset] ?? throw new ArgumentNullException("onset");
        ArgumentNullException.ThrowIfNull(heads[(int)ModelHead.Frame], "frame");
        if (!(frameRate > 0) || double.IsInfinity(frameRate))
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be a positive number.");
        }

        if (onset.Length % KeyCount != 0)
        {
            throw new ArgumentException($"The onset head has {onset.Length} values, not a multiple of {KeyCount}.", "onset");
        }

        FrameCount = onset.Length / KeyCount;
        _heads = new ReadOnlyMemory<float>[ModelContract.HeadCount];
        _present = new bool[ModelContract.HeadCount];
        for (int h = 0; h < ModelContract.HeadCount; h++)
        {
            float[] values = heads[h] ?? [];
            var head = (ModelHead)h;
            int expected = FrameCount * ModelContract.ValuesPerFrame(head);
            if (values.Length != expected && (values.Length != 0 || h <= (int)ModelHead.Frame))
            {
                string name = ParameterNames[h];
                throw new ArgumentException($"The {name} head has {values.Length} values; {expected} were expected.", name);
            }

            _heads[h] = values;

            // An empty array stands for an absent head, except in an empty posteriorgram, where a given array is a head with no frames.
            _present[h] = heads[h] is not null && (values.Length > 0 || FrameCount == 0);
        }

        FrameRate = frameRate;
        StartTime = startTime;
    }
#pragma warning restore CA2208

    /// <summary>Frames per second.</summary>
    public double FrameRate { get; }

    /// <summary>Time in seconds of frame 0's centre.</summary>
    public double StartTime { get; }

    /// <summary>The number of frames.</summary>
    public int FrameCount { get; }

    /// <summary>Onset head, frames × 88.</summary>
    public ReadOnlyMemory<float> Onset => _heads[(int)ModelHead.Onset];

    /// <summary>Frame (key down) head, frames × 88.</summary>
    public ReadOnlyMemory<float> Frame => _heads[(int)ModelHead.Frame];

    /// <summary>Offset head, frames × 88; empty if the model has none.</summary>
    public ReadOnlyMemory<float> Offset => _heads[(int)ModelHead.Offset];

    /// <summary>Velocity head (velocity / 127), frames × 88; empty if the model has none.</summary>
    public ReadOnlyMemory<float> Velocity => _heads[(int)ModelHead.Velocity];

    /// <summary>Pedal-down head, one value per frame; empty if the model has none.</summary>
    public ReadOnlyMemory<float> PedalOnset => _heads[(int)ModelHead.PedalOnset];

    /// <summary>Pedal-held head, one value per frame; empty if the model has none.</summary>
    public ReadOnlyMemory<float> PedalFrame => _heads[(int)ModelHead.PedalFrame];

    /// <summary>Pedal-up head, one value per frame; empty if the model has none.</summary>
    public ReadOnlyMemory<float> PedalOffset => _heads[(int)ModelHead.PedalOffset];

    /// <summary>The time in seconds of a frame's centre.</summary>
    /// <param name="frameIndex">The frame index.</param>
    /// <returns>Seconds.</returns>
    public double TimeOf(double frameIndex) => StartTime + frameIndex / FrameRate;

    /// <summary>Whether the posteriorgram holds a head (the required onset and frame heads always; others when the model has them).</summary>
    /// <param name="head">The head.</param>
    /// <returns>True when the head has values.</returns>
    public bool Has(ModelHead head) => (uint)head < ModelContract.HeadCount && _present[(int)head];

    /// <summary>The values of a head, laid out as its property is (empty when the model has no such head).</summary>
    /// <param name="head">The head.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="head"/> is not a defined head.</exception>
    public ReadOnlyMemory<float> this[ModelHead head] =>
        (uint)head < ModelContract.HeadCount ? _heads[(int)head] : throw new ArgumentOutOfRangeException(nameof(head), head, "Not a model head.");

    private static float[]?[] ByHead(IReadOnlyDictionary<ModelHead, float[]> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        var byHead = new float[]?[ModelContract.HeadCount];
        foreach ((ModelHead head, float[] values) in heads)
        {
            if ((uint)head >= ModelContract.HeadCount)
            {
                throw new ArgumentException($"{head} is not a model head.", nameof(heads));
            }

            byHead[(int)head] = values ?? throw new ArgumentException($"The {head} head is null.", nameof(heads));
        }

        if (byHead[(int)ModelHead.Onset] is null || byHead[(int)ModelHead.Frame] is null)
        {
            throw new ArgumentException("A posteriorgram needs the onset and frame heads.", nameof(heads));
        }

        return byHead;
    }
}
