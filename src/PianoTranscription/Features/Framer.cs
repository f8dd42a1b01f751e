namespace PianoTranscription.Features;

/// <summary>
/// The library's one framing engine: where each frame's window lies (<see cref="Featurizer.FrameStart"/>), the zeros
/// beyond both ends of the signal, which frames are complete, the samples carried from one block to the next, and the
/// computation of frames (in parallel when many are ready) over the featurizer's <see cref="FeatureKernel"/>.
/// </summary>
/// <remarks>
/// <para>Whole clips (<see cref="Featurizer.Compute(Audio.AudioClip)"/>, <see cref="Featurizer.ComputeSamples"/>,
/// <see cref="Featurizer.ComputeInto"/>, hence the CLI's <c>features</c> command that training uses) go through
/// <see cref="ComputeSignal(Featurizer, ReadOnlyMemory{float}, Memory{float}, ParallelOptions)"/>, which reads frames
/// straight from the caller's samples. Audio that arrives in blocks (<see cref="StreamingFeaturizer"/>, and
/// <see cref="Transcription.LiveTranscription"/>, which every <see cref="Transcription.PianoTranscriber"/> call runs
/// through) uses an instance. Both end in the same frame loop, so the frames of training and inference are one
/// computation, equal bit for bit whatever the block sizes or thread counts.</para>
/// <para>An instance appends samples to a fixed-size buffer (compacted only when full; the zeros before the signal are
/// not stored), computes every frame whose window is complete, keeps only the samples later frames need, and holds the
/// computed frames until <see cref="DropFramesBefore"/>, so memory stays constant however long the input. It is not
/// thread-safe.</para>
/// </remarks>
internal sealed class Framer
{
    /// <summary>Frames per parallel task, and between cancellation checks on one thread.</summary>
    private const int FramesPerTask = 64;
    private readonly FeatureKernel.Scratch _scratch;
    private readonly ParallelOptions _parallel;
    private readonly int _bins;
    private readonly float[] _samples;
    private int _sampleOffset; // index in _samples of the oldest held sample
    private int _sampleCount;
    private long _samplesStart; // signal index of the oldest held sample (never negative)
    private float[] _frames;
    private int _frameOffset; // index, in frames, in _frames of the oldest held frame
    private int _frameCount;
    private long _framesStart; // global index of the oldest held frame

    /// <summary>Creates an empty framer.</summary>
    /// <param name="featurizer">The features to compute.</param>
    /// <param name="threads">The most threads one call uses (1: only the calling thread).</param>
    /// <param name="sampleCapacity">Samples buffered at once; more than a window (larger: fewer, bigger parallel batches).</param>
    /// <param name="frameCapacity">Frames held before the frame buffer grows.</param>
    public Framer(Featurizer featurizer, int threads, int sampleCapacity, int frameCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleCapacity, featurizer.WindowSize);
        Featurizer = featurizer;
        FeatureKernel kernel = featurizer.Kernel;
        _scratch = kernel.CreateScratch();
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        _bins = kernel.BinCount;
        _samples = new float[sampleCapacity];
        _frames = new float[_bins * Math.Max(1, frameCapacity)];
    }

    /// <summary>The featurizer whose frames this framer computes.</summary>
    public Featurizer Featurizer { get; }

    /// <summary>Values per frame.</summary>
    public int BinCount => _bins;

    /// <summary>Samples appended so far.</summary>
    public long SampleCount { get; private set; }

    /// <summary>Frames computed so far (global count).</summary>
    public long FramesComputed => _framesStart + _frameCount;

    /// <summary>Global index of the oldest frame still held.</summary>
    public long FirstFrameHeld => _framesStart;

    /// <summary>Computed frames still held.</summary>
    public int FramesHeld => _frameCount;

    /// <summary>True once <see cref="Complete"/> has been called.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Computes every frame of a whole signal into <paramref name="destination"/>, in parallel unless <paramref name="options"/> allows one thread.</summary>
    /// <param name="featurizer">The features to compute.</param>
    /// <param name="samples">The whole signal.</param>
    /// <param name="destination">Receives <c>FrameCountFor(samples.Length) × BinCount</c> values, frame-major.</param>
    /// <param name="options">Threads and cancellation.</param>
    public static void ComputeSignal(Featurizer featurizer, ReadOnlyMemory<float> samples, Memory<float> destination, ParallelOptions options) =>
        ComputeFrames(featurizer, samples, 0, samples.Length, 0, featurizer.FrameCountFor(samples.Length), destination, null, options);

    /// <summary>Computes every frame of a whole signal into <paramref name="destination"/> on the calling thread.</summary>
    /// <param name="featurizer">The features to compute.</param>
    /// <param name="samples">The whole signal.</param>
    /// <param name="destination">Receives <c>FrameCountFor(samples.Length) × BinCount</c> values, frame-major.</param>
    public static void ComputeSignal(Featurizer featurizer, ReadOnlySpan<float> samples, Span<float> destination)
    {
        FeatureKernel kernel = featurizer.Kernel;
        FeatureKernel.Scratch scratch = kernel.RentScratch();
        try
        {
            ComputeRange(featurizer, kernel, samples, 0, samples.Length, 0, featurizer.FrameCountFor(samples.Length), destination, scratch);
        }
        finally
        {
            kernel.ReturnScratch(scratch);
        }
    }

    /// <summary>Appends samples and computes the frames they complete.</summary>
    /// <param name="samples">The next samples; any length.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <exception cref="InvalidOperationException">The framer has been completed.</exception>
    public void Append(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        if (IsCompleted)
        {
            throw new InvalidOperationException("The framer has been completed; reset it to start again.");
        }

        while (!samples.IsEmpty)
        {
            if (_sampleOffset + _sampleCount == _samples.Length)
            {
                // Full: move the held samples (fewer than a window once the ready frames are computed) to the front.
                _samples.AsSpan(_sampleOffset, _sampleCount).CopyTo(_samples);
                _sampleOffset = 0;
            }

            int take = Math.Min(_samples.Length - (_sampleOffset + _sampleCount), samples.Length);
            samples[..take].CopyTo(_samples.AsSpan(_sampleOffset + _sampleCount));
            _sampleCount += take;
            SampleCount += take;
            samples = samples[take..];
            ComputeUpTo(CompleteFrameCount(SampleCount), cancellationToken);
        }
    }

    /// <summary>Ends the input: computes the remaining frames, with zeros past the last sample as for a whole clip.</summary>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The total number of frames of the signal.</returns>
    /// <exception cref="InvalidOperationException">The framer has already been completed.</exception>
    public long Complete(CancellationToken cancellationToken = default)
    {
        if (IsCompleted)
        {
            throw new InvalidOperationException("The framer has already been completed.");
        }

        IsCompleted = true;
        long total = Featurizer.FrameCountFor(SampleCount);
        ComputeUpTo(total, cancellationToken);
        return total;
    }

    /// <summary>The held frames from global frame <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), frame-major; valid until the next <see cref="Append"/>, <see cref="Complete"/> or <see cref="Reset"/>.</summary>
    /// <param name="from">The first frame; at least <see cref="FirstFrameHeld"/>.</param>
    /// <param name="to">The end frame; at most <see cref="FramesComputed"/>.</param>
    /// <returns>The frames' values.</returns>
    public Memory<float> Frames(long from, long to) =>
        _frames.AsMemory((_frameOffset + (int)(from - _framesStart)) * _bins, (int)(to - from) * _bins);

    /// <summary>Forgets the frames before global frame <paramref name="frame"/>.</summary>
    /// <param name="frame">The first frame to keep.</param>
    public void DropFramesBefore(long frame)
    {
        int drop = (int)Math.Clamp(frame - _framesStart, 0, _frameCount);
        _frameOffset += drop;
        _frameCount -= drop;
        _framesStart += drop;
        if (_frameCount == 0)
        {
            _frameOffset = 0;
        }
    }

    /// <summary>Forgets all samples and frames and starts again at sample 0.</summary>
    public void Reset()
    {
        IsCompleted = false;
        SampleCount = 0;
        _sampleOffset = 0;
        _sampleCount = 0;
        _samplesStart = 0;
        _frameOffset = 0;
        _frameCount = 0;
        _framesStart = 0;
    }

    /// <summary>
    /// Computes frames [<paramref name="first"/>, <paramref name="end"/>) of a signal of <paramref name="signalLength"/>
    /// samples, of which <paramref name="held"/> holds those from index <paramref name="heldStart"/> on (at least every
    /// sample of the signal that those frames' windows cover), into <paramref name="destination"/>: in tasks of
    /// <see cref="FramesPerTask"/> frames, in parallel unless one task or one thread.
    /// </summary>
    private static void ComputeFrames(
        Featurizer featurizer,
        ReadOnlyMemory<float> held,
        long heldStart,
        long signalLength,
        long first,
        long end,
        Memory<float> destination,
        FeatureKernel.Scratch? scratch,
        ParallelOptions options)
    {
        FeatureKernel kernel = featurizer.Kernel;
        int bins = kernel.BinCount;
        int tasks = (int)((end - first + FramesPerTask - 1) / FramesPerTask);
        if (tasks <= 1 || options.MaxDegreeOfParallelism == 1)
        {
            FeatureKernel.Scratch own = scratch ?? kernel.RentScratch();
            try
            {
                for (int task = 0; task < tasks; task++)
                {
                    options.CancellationToken.ThrowIfCancellationRequested();
                    RunTask(task, own);
                }
            }
            finally
            {
                if (scratch is null)
                {
                    kernel.ReturnScratch(own);
                }
            }
        }
        else
        {
            Parallel.For(
                0,
                tasks,
                options,
                kernel.CreateScratch,
                (task, _, taskScratch) =>
                {
                    RunTask(task, taskScratch);
                    return taskScratch;
                },
                _ => { });
        }

        void RunTask(int task, FeatureKernel.Scratch taskScratch)
        {
            long from = first + ((long)task * FramesPerTask);
            long to = Math.Min(end, from + FramesPerTask);
            Span<float> output = destination.Span.Slice((int)((from - first) * bins), (int)((to - from) * bins));
            ComputeRange(featurizer, kernel, held.Span, heldStart, signalLength, from, to, output, taskScratch);
        }
    }

    /// <summary>The frame loop every path runs: frames [<paramref name="first"/>, <paramref name="end"/>) into <paramref name="destination"/> on one thread (see <see cref="ComputeFrames"/>).</summary>
    private static void ComputeRange(
        Featurizer featurizer,
        FeatureKernel kernel,
        ReadOnlySpan<float> held,
        long heldStart,
        long signalLength,
        long first,
        long end,
        Span<float> destination,
        FeatureKernel.Scratch scratch)
    {
        int window = featurizer.WindowSize;
        int bins = kernel.BinCount;
        for (long t = first; t < end; t++)
        {
            long start = featurizer.FrameStart(t);
            ReadOnlySpan<float> frame;
            if (start >= 0 && start + window <= signalLength)
            {
                frame = held.Slice((int)(start - heldStart), window);
            }
            else
            {
                // The window reaches before the first sample or past the last: zeros there.
                Span<float> padded = scratch.Frame;
                padded.Clear();
                long from = Math.Max(start, 0);
                long to = Math.Min(start + window, signalLength);
                if (to > from)
                {
                    held[(int)(from - heldStart)..(int)(to - heldStart)].CopyTo(padded[(int)(from - start)..]);
                }

                frame = padded;
            }

            kernel.ComputeFrame(frame, destination.Slice((int)(t - first) * bins, bins), scratch);
        }
    }

    /// <summary>The completion rule: the number of frames whose whole window lies within the first <paramref name="samples"/> samples.</summary>
    private long CompleteFrameCount(long samples)
    {
        long lastStart = samples - Featurizer.WindowSize - Featurizer.FrameStart(0);
        return lastStart < 0 ? 0 : (lastStart / Featurizer.HopSize) + 1;
    }

    /// <summary>Computes the frames up to global frame <paramref name="upTo"/> (exclusive) and drops the samples no later frame needs.</summary>
    private void ComputeUpTo(long upTo, CancellationToken cancellationToken)
    {
        long first = FramesComputed;
        int count = (int)(upTo - first);
        if (count <= 0)
        {
            return;
        }

        ReserveFrames(count);
        _parallel.CancellationToken = cancellationToken;
        ComputeFrames(
            Featurizer,
            _samples.AsMemory(_sampleOffset, _sampleCount),
            _samplesStart,
            SampleCount,
            first,
            upTo,
            _frames.AsMemory((_frameOffset + _frameCount) * _bins, count * _bins),
            _scratch,
            _parallel);
        _frameCount += count;

        long keepFrom = Math.Clamp(Featurizer.FrameStart(FramesComputed), _samplesStart, SampleCount);
        int drop = (int)(keepFrom - _samplesStart);
        _sampleOffset += drop;
        _sampleCount -= drop;
        _samplesStart += drop;
        if (_sampleCount == 0)
        {
            _sampleOffset = 0;
        }
    }

    /// <summary>Makes room after the held frames for <paramref name="count"/> more: first by moving them to the front, then by growing.</summary>
    private void ReserveFrames(int count)
    {
        if ((long)(_frameOffset + _frameCount + count) * _bins <= _frames.Length)
        {
            return;
        }

        if (_frameOffset > 0)
        {
            _frames.AsSpan(_frameOffset * _bins, _frameCount * _bins).CopyTo(_frames);
            _frameOffset = 0;
        }

        long needed = (long)(_frameCount + count) * _bins;
        if (needed > _frames.Length)
        {
            Array.Resize(ref _frames, (int)Math.Max(needed, Math.Min(2L * _frames.Length, Array.MaxLength)));
        }
    }
}
