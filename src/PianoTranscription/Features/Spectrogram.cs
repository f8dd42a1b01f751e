namespace PianoTranscription.Features;

/// <summary>
/// Immutable features of a clip: <see cref="FrameCount"/> frames of <see cref="BinCount"/> float32 values, stored
/// frame-major (all bins of frame 0, then frame 1, …) so a model can read <see cref="Values"/> as a
/// <c>[frames, bins]</c> tensor without copying.
/// </summary>
public sealed class Spectrogram
{
    private readonly float[] _values;
    private readonly double[] _binFrequencies;

    internal Spectrogram(float[] values, int frameCount, int binCount, double frameRate, double startTime, double[] binFrequencies)
    {
        _values = values;
        FrameCount = frameCount;
        BinCount = binCount;
        FrameRate = frameRate;
        StartTime = startTime;
        _binFrequencies = binFrequencies;
    }

    /// <summary>Number of frames (time steps).</summary>
    public int FrameCount { get; }

    /// <summary>Number of values per frame.</summary>
    public int BinCount { get; }

    /// <summary>All values, frame-major: value (t, b) is at <c>t · BinCount + b</c>.</summary>
    public ReadOnlyMemory<float> Values => _values;

    /// <summary>Frames per second.</summary>
    public double FrameRate { get; }

    /// <summary>Seconds between consecutive frames (<c>1 / FrameRate</c>).</summary>
    public double HopSeconds => 1.0 / FrameRate;

    /// <summary>Time in seconds of the centre of frame 0 (0 for centred frames).</summary>
    public double StartTime { get; }

    /// <summary>Centre frequency in Hz of each bin.</summary>
    public IReadOnlyList<double> BinFrequencies => Array.AsReadOnly(_binFrequencies);

    /// <summary>Creates a spectrogram from a copy of frame-major values (e.g. read from a .npy file).</summary>
    /// <param name="values">Frame-major values; length must be <paramref name="frameCount"/> × <paramref name="binCount"/>.</param>
    /// <param name="frameCount">Number of frames, at least 0.</param>
    /// <param name="binCount">Values per frame, at least 1.</param>
    /// <param name="frameRate">Frames per second, positive.</param>
    /// <param name="binFrequencies">Centre frequency of each bin, or null (then bins are numbered 0, 1, 2, …).</param>
    /// <param name="startTime">Time of frame 0's centre in seconds.</param>
    /// <returns>The spectrogram.</returns>
    /// <exception cref="ArgumentException">The sizes do not match or a value is out of range.</exception>
    public static Spectrogram Create(ReadOnlySpan<float> values, int frameCount, int binCount, double frameRate, IReadOnlyList<double>? binFrequencies = null, double startTime = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        if (!(frameRate > 0 && double.IsFinite(frameRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "frameRate must be positive and finite.");
        }

        if (!double.IsFinite(startTime))
        {
            throw new ArgumentOutOfRangeException(nameof(startTime), startTime, "startTime must be finite.");
        }

        if ((long)frameCount * binCount != values.Length)
        {
            throw new ArgumentException($"values has {values.Length} elements but {frameCount} frames × {binCount} bins need {(long)frameCount * binCount}.", nameof(values));
        }

        double[] frequencies;
        if (binFrequencies is null)
        {
            frequencies = Enumerable.Range(0, binCount).Select(i => (double)i).ToArray();
        }
        else if (binFrequencies.Count != binCount)
        {
            throw new ArgumentException($"binFrequencies has {binFrequencies.Count} values but there are {binCount} bins.", nameof(binFrequencies));
        }
        else
        {
            frequencies = binFrequencies.ToArray();
        }

        return new Spectrogram(values.ToArray(), frameCount, binCount, frameRate, startTime, frequencies);
    }

    /// <summary>The values of one frame.</summary>
    /// <param name="frame">Frame index, 0 to <see cref="FrameCount"/> - 1.</param>
    /// <returns>The frame's <see cref="BinCount"/> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frame"/> is out of range.</exception>
    public ReadOnlySpan<float> GetFrame(int frame)
    {
        if ((uint)frame >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"frame must be between 0 and {FrameCount - 1}.");
        }

        return _values.AsSpan(frame * BinCount, BinCount);
    }

    /// <summary>The value of one bin of one frame.</summary>
    /// <param name="frame">Frame index.</param>
    /// <param name="bin">Bin index.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public float this[int frame, int bin]
    {
        get
        {
            if ((uint)bin >= (uint)BinCount)
            {
                throw new ArgumentOutOfRangeException(nameof(bin), bin, $"bin must be between 0 and {BinCount - 1}.");
            }

            return GetFrame(frame)[bin];
        }
    }

    /// <summary>Time in seconds of the centre of frame <paramref name="frame"/>.</summary>
    /// <param name="frame">Frame index (may lie outside the spectrogram, e.g. for event times).</param>
    /// <returns><c>StartTime + frame / FrameRate</c>.</returns>
    public double TimeOf(int frame) => StartTime + (frame / FrameRate);

    /// <summary>The time of every frame, as a new array.</summary>
    /// <returns><see cref="FrameCount"/> times in seconds.</returns>
    public double[] GetFrameTimes()
    {
        var times = new double[FrameCount];
        for (int t = 0; t < times.Length; t++)
        {
            times[t] = TimeOf(t);
        }

        return times;
    }

    /// <summary>A copy of the values as a <c>[frames, bins]</c> array.</summary>
    /// <returns>A new array.</returns>
    public float[] ToArray() => (float[])_values.Clone();

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"Spectrogram({FrameCount} frames × {BinCount} bins, {FrameRate:0.###} frames/s)");
}
