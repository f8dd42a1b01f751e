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
/// </remarks>
public sealed class StreamingFeaturizer
{
    private const int ExtraCapacity = 4096;
    private readonly FeatureKernel _kernel;
    private readonly FeatureKernel.Scratch _scratch;
    private readonly float[] _buffer;
    private readonly int _bins;
    private long _bufferStart;
    private int _count;
    private float[] _queue;
    private int _queueStart;
    private int _queueFrames;

    internal StreamingFeaturizer(Featurizer featurizer)
    {
        Featurizer = featurizer;
        _kernel = featurizer.Kernel;
        _scratch = _kernel.CreateScratch();
        _bins = _kernel.BinCount;
        _buffer = new float[featurizer.WindowSize + ExtraCapacity];
        _queue = new float[_bins * 64];
        Reset();
    }

    /// <summary>The featurizer whose frames this stream produces.</summary>
    public Featurizer Featurizer { get; }

    /// <summary>Number of values per frame.</summary>
    public int BinCount => _bins;

    /// <summary>Number of samples pushed so far.</summary>
    public long SamplesPushed { get; private set; }

    /// <summary>Number of frames computed so far (read or not).</summary>
    public long FramesProduced { get; private set; }

    /// <summary>Number of frames read so far; the next frame read has this index.</summary>
    public long FramesRead => FramesProduced - _queueFrames;

    /// <summary>Number of computed frames waiting to be read.</summary>
    public int FramesAvailable => _queueFrames;

    /// <summary>True once <see cref="Complete"/> has been called.</summary>
    public bool IsCompleted { get; private set; }

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
        while (!samples.IsEmpty)
        {
            int take = Math.Min(_buffer.Length - _count, samples.Length);
            samples[..take].CopyTo(_buffer.AsSpan(_count));
            _count += take;
            SamplesPushed += take;
            samples = samples[take..];
            EmitReadyFrames();
        }

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

        IsCompleted = true;
        long before = FramesProduced;
        long total = Featurizer.FrameCountFor(SamplesPushed);
        int window = Featurizer.WindowSize;
        while (FramesProduced < total)
        {
            long needed = Featurizer.FrameStart(FramesProduced) + window - (_bufferStart + _count);
            if (needed > 0)
            {
                _buffer.AsSpan(_count, (int)needed).Clear();
                _count += (int)needed;
            }

            EmitReadyFrames();
        }

        return (int)(FramesProduced - before);
    }

    /// <summary>Reads the oldest unread frame.</summary>
    /// <param name="destination">Receives <see cref="BinCount"/> values.</param>
    /// <returns>False if no frame is waiting.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="BinCount"/>.</exception>
    public bool TryReadFrame(Span<float> destination)
    {
        if (destination.Length < _bins)
        {
            throw new ArgumentException($"destination must hold at least {_bins} values.", nameof(destination));
        }

        return ReadFrames(destination[.._bins]) == 1;
    }

    /// <summary>Reads as many waiting frames as fit in <paramref name="destination"/>, frame-major.</summary>
    /// <param name="destination">Receives whole frames of <see cref="BinCount"/> values.</param>
    /// <returns>The number of frames read.</returns>
    public int ReadFrames(Span<float> destination)
    {
        int frames = Math.Min(_queueFrames, destination.Length / _bins);
        _queue.AsSpan(_queueStart * _bins, frames * _bins).CopyTo(destination);
        _queueStart += frames;
        _queueFrames -= frames;
        if (_queueFrames == 0)
        {
            _queueStart = 0;
        }

        return frames;
    }

    /// <summary>Reads every waiting frame as a spectrogram whose <see cref="Spectrogram.StartTime"/> is the time of its first frame.</summary>
    /// <returns>A spectrogram of <see cref="FramesAvailable"/> frames (possibly 0).</returns>
    public Spectrogram ReadAvailable()
    {
        double start = TimeOf(FramesRead);
        var values = new float[_queueFrames * _bins];
        int frames = ReadFrames(values);
        return new Spectrogram(values, frames, _bins, Featurizer.FrameRate, start, _kernel.Filterbank.Centres);
    }

    /// <summary>Time in seconds of the centre of frame <paramref name="frame"/> (counted from the first sample pushed).</summary>
    /// <param name="frame">Frame index.</param>
    /// <returns>The time in seconds.</returns>
    public double TimeOf(long frame) => Featurizer.TimeOfFrameZero + (frame / Featurizer.FrameRate);

    /// <summary>Forgets all input and output and starts again as a fresh stream.</summary>
    public void Reset()
    {
        IsCompleted = false;
        SamplesPushed = 0;
        FramesProduced = 0;
        _queueStart = 0;
        _queueFrames = 0;
        _bufferStart = Featurizer.FrameStart(0);
        _count = (int)(-_bufferStart);
        _buffer.AsSpan(0, _count).Clear();
    }

    private void EmitReadyFrames()
    {
        int window = Featurizer.WindowSize;
        while (true)
        {
            long start = Featurizer.FrameStart(FramesProduced);
            int offset = (int)(start - _bufferStart);
            if (offset + window > _count)
            {
                break;
            }

            Span<float> target = ReserveQueueFrame();
            _kernel.ComputeFrame(_buffer.AsSpan(offset, window), target, _scratch);
            FramesProduced++;
        }

        // Drop the samples no future frame needs.
        long keepFrom = Featurizer.FrameStart(FramesProduced);
        int drop = (int)Math.Min(keepFrom - _bufferStart, _count);
        if (drop > 0)
        {
            _buffer.AsSpan(drop, _count - drop).CopyTo(_buffer);
            _count -= drop;
            _bufferStart += drop;
        }
    }

    private Span<float> ReserveQueueFrame()
    {
        int end = _queueStart + _queueFrames;
        if ((end + 1) * _bins > _queue.Length)
        {
            if (_queueStart > 0)
            {
                _queue.AsSpan(_queueStart * _bins, _queueFrames * _bins).CopyTo(_queue);
                _queueStart = 0;
                end = _queueFrames;
            }

            if ((end + 1) * _bins > _queue.Length)
            {
                Array.Resize(ref _queue, _queue.Length * 2);
            }
        }

        _queueFrames++;
        return _queue.AsSpan(end * _bins, _bins);
    }
}
