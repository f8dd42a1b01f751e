namespace PianoTranscription.Features;

/// <summary>
/// Incremental featurization for live audio: <see cref="Push"/> blocks of samples of any size, read frames as soon as
/// their window is complete, and <see cref="Complete"/> at the end to flush the zero-padded tail. The frames equal
/// those of <see cref="Featurizer.Compute(Audio.AudioClip)"/> on the concatenated samples exactly, whatever the block
/// sizes. Create one with <see cref="Featurizer.CreateStream"/>.
/// </summary>
/// <remarks>
/// A stream holds state and is not thread-safe: use it from one thread at a time (the featurizer itself is shared
/// freely). Latency: a centred frame <c>t</c> is ready once sample <c>t·hop + window/2</c> has been pushed.
/// The frames come from the same framing engine as the whole-clip computation and the transcriber's.
/// </remarks>
public sealed class StreamingFeaturizer
{
    private readonly Framer _framer;

    internal StreamingFeaturizer(Featurizer featurizer)
    {
        // One thread, and small buffers: a window plus 4096 samples, 64 frames before the first growth.
        _framer = new Framer(featurizer, threads: 1, sampleCapacity: featurizer.WindowSize + 4096, frameCapacity: 64);
    }

    /// <summary>The featurizer whose frames this stream produces.</summary>
    public Featurizer Featurizer => _framer.Featurizer;

    /// <summary>Number of values per frame.</summary>
    public int BinCount => _framer.BinCount;

    /// <summary>Number of samples pushed so far.</summary>
    public long SamplesPushed => _framer.SampleCount;

    /// <summary>Number of frames computed so far (read or not).</summary>
    public long FramesProduced => _framer.FramesComputed;

    /// <summary>Number of frames read so far; the next frame read has this index.</summary>
    public long FramesRead => _framer.FirstFrameHeld;

    /// <summary>Number of computed frames waiting to be read.</summary>
    public int FramesAvailable => _framer.FramesHeld;

    /// <summary>True once <see cref="Complete"/> has been called.</summary>
    public bool IsCompleted => _framer.IsCompleted;

    /// <summary>Adds samples (at the featurizer's sample rate) and computes every frame they complete.</summary>
    /// <param name="samples">The next mono samples; any length, including 0.</param>
    /// <returns>The number of frames completed by this call.</returns>
    /// <exception cref="InvalidOperationException">The stream has been completed.</exception>
    public int Push(ReadOnlySpan<float> samples)
    {
        if (IsCompleted)
        {
            throw new InvalidOperationException("The stream has been completed; call Reset() to start a new one.");
        }

        long before = FramesProduced;
        _framer.Append(samples);
        return (int)(FramesProduced - before);
    }

    /// <summary>Ends the input: computes the remaining frames, padding the end with zeros as the batch computation does.</summary>
    /// <returns>The number of frames completed by this call.</returns>
    /// <exception cref="InvalidOperationException">The stream has already been completed.</exception>
    public int Complete()
    {
        if (IsCompleted)
        {
            throw new InvalidOperationException("The stream has already been completed.");
        }

        long before = FramesProduced;
        _framer.Complete();
        return (int)(FramesProduced - before);
    }

    /// <summary>Reads the oldest unread frame.</summary>
    /// <param name="destination">Receives <see cref="BinCount"/> values.</param>
    /// <returns>False if no frame is waiting.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="BinCount"/>.</exception>
    public bool TryReadFrame(Span<float> destination)
    {
        if (destination.Length < BinCount)
        {
            throw new ArgumentException($"destination must hold at least {BinCount} values.", nameof(destination));
        }

        return ReadFrames(destination[..BinCount]) == 1;
    }

    /// <summary>Reads as many waiting frames as fit in <paramref name="destination"/>, frame-major.</summary>
    /// <param name="destination">Receives whole frames of <see cref="BinCount"/> values.</param>
    /// <returns>The number of frames read.</returns>
    public int ReadFrames(Span<float> destination)
    {
        int frames = Math.Min(FramesAvailable, destination.Length / BinCount);
        long first = FramesRead;
        _framer.Frames(first, first + frames).Span.CopyTo(destination);
        _framer.DropFramesBefore(first + frames);
        return frames;
    }

    /// <summary>Reads every waiting frame as a spectrogram whose <see cref="Spectrogram.StartTime"/> is the time of its first frame.</summary>
    /// <returns>A spectrogram of <see cref="FramesAvailable"/> frames (possibly 0).</returns>
    public Spectrogram ReadAvailable()
    {
        double start = TimeOf(FramesRead);
        var values = new float[FramesAvailable * BinCount];
        int frames = ReadFrames(values);
        return new Spectrogram(values, frames, BinCount, Featurizer.FrameRate, start, Featurizer.Kernel.Filterbank.Centres);
    }

    /// <summary>Time in seconds of the centre of frame <paramref name="frame"/> (counted from the first sample pushed).</summary>
    /// <param name="frame">Frame index.</param>
    /// <returns>The time in seconds.</returns>
    public double TimeOf(long frame) => Featurizer.TimeOfFrameZero + (frame / Featurizer.FrameRate);

    /// <summary>Forgets all input and output and starts again as a fresh stream.</summary>
    public void Reset() => _framer.Reset();
}
