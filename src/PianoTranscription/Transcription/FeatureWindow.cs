using PianoTranscription.Features;

namespace PianoTranscription.Transcription;

/// <summary>
/// Incremental featurization over a bounded window of samples and frames: samples are appended, every frame whose
/// window is complete is computed (in parallel when many are ready), and old samples and frames are dropped on request,
/// so memory stays constant however long the input. Frames equal <see cref="Featurizer.ComputeSamples"/> of the whole
/// signal exactly (same kernel, same zero padding at both ends).
/// </summary>
internal sealed class FeatureWindow
{
    private const int FramesPerTask = 64;
    private readonly Featurizer _featurizer;
    private readonly FeatureKernel _kernel;
    private readonly FeatureKernel.Scratch _scratch;
    private readonly int _window;
    private readonly int _bins;
    private readonly int _threads;
    private float[] _samples;
    private long _samplesStart; // global index of _samples[0] (negative: the zero padding before the signal)
    private int _sampleCount;
    private float[] _frames;
    private long _framesStart; // global index of the first kept frame
    private int _frameCount;

    public FeatureWindow(Featurizer featurizer, int threads)
    {
        _featurizer = featurizer;
        _kernel = featurizer.Kernel;
        _scratch = _kernel.CreateScratch();
        _window = featurizer.WindowSize;
        _bins = _kernel.BinCount;
        _threads = threads;
        _samples = new float[Math.Max(_window * 4, 1 << 16)];
        _samplesStart = Math.Min(0, featurizer.FrameStart(0));
        _sampleCount = (int)-_samplesStart; // zeros before the first sample
        _frames = new float[_bins * 256];
    }

    public int BinCount => _bins;

    /// <summary>Real samples appended so far.</summary>
    public long SampleCount { get; private set; }

    /// <summary>Frames computed so far (global count).</summary>
    public long FramesComputed => _framesStart + _frameCount;

    /// <summary>Global index of the oldest frame still held.</summary>
    public long FirstFrameHeld => _framesStart;

    public bool IsCompleted { get; private set; }

    /// <summary>Appends samples and computes the frames they complete.</summary>
    public void Append(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        AppendRaw(samples);
        SampleCount += samples.Length;
        long ready = 0;
        long lastStart = SampleCount - _window; // a frame is complete when its whole window is real input
        if (lastStart >= _featurizer.FrameStart(0))
        {
            ready = Math.Min(((lastStart - _featurizer.FrameStart(0)) / _featurizer.HopSize) + 1, _featurizer.FrameCountFor(SampleCount));
        }

        Compute(ready, cancellationToken);
    }

    /// <summary>Ends the input: pads with zeros as the batch featurizer does and computes the remaining frames.</summary>
    /// <returns>The total number of frames of the signal.</returns>
    public long Complete(CancellationToken cancellationToken)
    {
        IsCompleted = true;
        long total = _featurizer.FrameCountFor(SampleCount);
        if (total > 0)
        {
            long needEnd = _featurizer.FrameStart(total - 1) + _window;
            long haveEnd = _samplesStart + _sampleCount;
            if (needEnd > haveEnd)
            {
                EnsureSampleRoom((int)(needEnd - haveEnd));
                _samples.AsSpan(_sampleCount, (int)(needEnd - haveEnd)).Clear();
                _sampleCount += (int)(needEnd - haveEnd);
            }
        }

        Compute(total, cancellationToken);
        return total;
    }

    /// <summary>The held frames from global frame <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), frame-major.</summary>
    public Memory<float> Frames(long from, long to) =>
        _frames.AsMemory((int)((from - _framesStart) * _bins), (int)((to - from) * _bins));

    /// <summary>Forgets frames before global frame <paramref name="frame"/>.</summary>
    public void DropFramesBefore(long frame)
    {
        int drop = (int)Math.Clamp(frame - _framesStart, 0, _frameCount);
        if (drop == 0)
        {
            return;
        }

        _frames.AsSpan(drop * _bins, (_frameCount - drop) * _bins).CopyTo(_frames);
        _frameCount -= drop;
        _framesStart += drop;
    }

    private void Compute(long upTo, CancellationToken cancellationToken)
    {
        long first = FramesComputed;
        int count = (int)(upTo - first);
        if (count <= 0)
        {
            return;
        }

        if ((_frameCount + count) * _bins > _frames.Length)
        {
            Array.Resize(ref _frames, Math.Max(_frames.Length * 2, (_frameCount + count) * _bins));
        }

        int baseOffset = _frameCount;
        int tasks = (count + FramesPerTask - 1) / FramesPerTask;
        if (_threads == 1 || tasks == 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ComputeRange(first, 0, count, baseOffset, _scratch);
        }
        else
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken };
            Parallel.For(0, tasks, options, _kernel.CreateScratch, (task, _, scratch) =>
            {
                int from = task * FramesPerTask;
                ComputeRange(first, from, Math.Min(count, from + FramesPerTask), baseOffset, scratch);
                return scratch;
            }, _ => { });
        }

        _frameCount += count;

        // Drop the samples no future frame needs.
        long keepFrom = _featurizer.FrameStart(FramesComputed);
        int drop = (int)Math.Clamp(keepFrom - _samplesStart, 0, _sampleCount);
        if (drop > 0)
        {
            _samples.AsSpan(drop, _sampleCount - drop).CopyTo(_samples);
            _sampleCount -= drop;
            _samplesStart += drop;
        }
    }

    private void ComputeRange(long first, int from, int to, int baseOffset, FeatureKernel.Scratch scratch)
    {
        for (int i = from; i < to; i++)
        {
            long start = _featurizer.FrameStart(first + i) - _samplesStart;
            _kernel.ComputeFrame(_samples.AsSpan((int)start, _window), _frames.AsSpan((baseOffset + i) * _bins, _bins), scratch);
        }
    }

    private void AppendRaw(ReadOnlySpan<float> samples)
    {
        EnsureSampleRoom(samples.Length);
        samples.CopyTo(_samples.AsSpan(_sampleCount));
        _sampleCount += samples.Length;
    }

    private void EnsureSampleRoom(int extra)
    {
        if (_sampleCount + extra > _samples.Length)
        {
            Array.Resize(ref _samples, Math.Max(_samples.Length * 2, _sampleCount + extra));
        }
    }
}
