using System.Numerics.Tensors;

namespace PianoTranscription.Audio;

/// <summary>
/// Block-by-block state of a <see cref="Resampler"/>: feed input blocks of any size to <see cref="Process"/>, then call
/// <see cref="Flush"/> once at the end. The concatenated output equals <see cref="Resampler.Process(ReadOnlySpan{float})"/>
/// of the concatenated input, sample for sample.
/// </summary>
/// <remarks>Mutable and not thread-safe: use one instance per stream (<see cref="Resampler.CreateStream"/>).</remarks>
public sealed class StreamingResampler
{
    private readonly Resampler _resampler;
    private readonly int _halfWidth;
    private float[] _buffer;
    private int _count;       // valid samples in _buffer
    private long _bufferStart; // absolute input index of _buffer[0] (negative at first: the zero history before the signal)
    private long _inputCount;  // real input samples received
    private long _produced;    // output samples written
    private long _k;           // floor(_produced * Down / Up): the input index at or before the next output time
    private long _remainder;   // (_produced * Down) mod Up
    private bool _flushed;

    internal StreamingResampler(Resampler resampler)
    {
        _resampler = resampler;
        _halfWidth = resampler.HalfWidth;
        _buffer = new float[Math.Max(4 * resampler.Taps, 1 << 14)];
        Reset();
    }

    /// <summary>Output samples written so far.</summary>
    public long OutputCount => _produced;

    /// <summary>The most output samples one <see cref="Process"/> call with <paramref name="inputLength"/> input samples can write.</summary>
    /// <param name="inputLength">The block's length.</param>
    /// <returns>A size for the output span that is always enough.</returns>
    public int GetMaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return (int)Math.Min(int.MaxValue, ((long)inputLength * _resampler.Up / _resampler.Down) + 2);
    }

    /// <summary>The number of samples <see cref="Flush"/> will write.</summary>
    public int FlushLength => _flushed ? 0 : (int)(_resampler.OutputLength(_inputCount) - _produced);

    /// <summary>Consumes a block of input and writes every output sample that it makes computable.</summary>
    /// <param name="input">The next input samples.</param>
    /// <param name="output">Room for at least <see cref="GetMaxOutputLength"/>(<paramref name="input"/>.Length) samples.</param>
    /// <returns>How many samples were written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Flush"/> was already called (use <see cref="Reset"/>).</exception>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_flushed)
        {
            throw new InvalidOperationException("The stream was flushed; call Reset() to start a new one.");
        }

        if (output.Length < GetMaxOutputLength(input.Length))
        {
            throw new ArgumentException($"The output span holds {output.Length} samples; this block can produce up to {GetMaxOutputLength(input.Length)}.", nameof(output));
        }

        return ProcessUnchecked(input, output);
    }

    /// <summary>Process without the output-size check, for callers that size the output exactly (it never writes past the whole-signal length).</summary>
    internal int ProcessUnchecked(ReadOnlySpan<float> input, Span<float> output)
    {
        Append(input);
        _inputCount += input.Length;
        return Produce(output, long.MaxValue);
    }

    /// <summary>Ends the stream: treats the signal as zero after its end and writes the remaining output samples.</summary>
    /// <param name="output">Room for at least <see cref="FlushLength"/> samples.</param>
    /// <returns>How many samples were written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short.</exception>
    public int Flush(Span<float> output)
    {
        int pending = FlushLength;
        if (output.Length < pending)
        {
            throw new ArgumentException($"The output span holds {output.Length} samples; the flush writes {pending}.", nameof(output));
        }

        long total = _resampler.OutputLength(_inputCount);
        Span<float> zeros = stackalloc float[256];
        int written = 0;
        while (_produced < total)
        {
            Append(zeros);
            written += Produce(output[written..], total);
        }

        _flushed = true;
        return written;
    }

    /// <summary>Forgets all input so the instance can start a new stream.</summary>
    public void Reset()
    {
        _count = _halfWidth - 1;
        Array.Clear(_buffer, 0, _count);
        _bufferStart = -_count;
        _inputCount = 0;
        _produced = 0;
        _k = 0;
        _remainder = 0;
        _flushed = false;
    }

    private void Append(ReadOnlySpan<float> input)
    {
        // Drop the history no future output needs: everything before _k - halfWidth + 1.
        long keepFrom = _k - _halfWidth + 1;
        int drop = (int)Math.Clamp(keepFrom - _bufferStart, 0, _count);
        if (drop > 0 && _count + input.Length > _buffer.Length)
        {
            Array.Copy(_buffer, drop, _buffer, 0, _count - drop);
            _count -= drop;
            _bufferStart += drop;
        }

        if (_count + input.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + input.Length));
        }

        input.CopyTo(_buffer.AsSpan(_count));
        _count += input.Length;
    }

    private int Produce(Span<float> output, long limit)
    {
        Resampler r = _resampler;
        int up = r.Up;
        int down = r.Down;
        int taps = r.Taps;
        long end = _bufferStart + _count;
        int written = 0;
        while (_produced < limit && _k + _halfWidth < end)
        {
            ReadOnlySpan<float> window = _buffer.AsSpan((int)(_k - _halfWidth + 1 - _bufferStart), taps);
            float y;
            if (r.Exact)
            {
                y = TensorPrimitives.Dot(r.Row((int)_remainder), window);
            }
            else
            {
                double position = (double)_remainder * r.Phases / up;
                int q = (int)position;
                float a = (float)(position - q);
                float y0 = TensorPrimitives.Dot(r.Row(q), window);
                float y1 = TensorPrimitives.Dot(r.Row(q + 1), window);
                y = y0 + (a * (y1 - y0));
            }

            output[written++] = y;
            _produced++;
            _remainder += down;
            if (_remainder >= up)
            {
                _k += _remainder / up;
                _remainder %= up;
            }
        }

        return written;
    }
}
