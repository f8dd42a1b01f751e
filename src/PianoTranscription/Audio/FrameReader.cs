using System.Buffers;

namespace PianoTranscription.Audio;

/// <summary>Converts whole interleaved sample frames to mono floats, one per frame.</summary>
/// <param name="frames">Whole frames of raw bytes.</param>
/// <param name="mono">Exactly one sample per frame.</param>
internal delegate void FrameConverter(ReadOnlySpan<byte> frames, Span<float> mono);

/// <summary>
/// The one "read bytes, convert whole frames, carry the rest" loop of every audio source: reads interleaved frames
/// from a byte stream into a pooled buffer, converts the whole frames to mono and keeps a partial frame for the next
/// read. A partial frame left when the stream ends is dropped.
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _frameBytes;
    private readonly int _bufferFrames;
    private readonly FrameConverter _convert;
    private readonly long _byteLimit;
    private byte[]? _buffer;
    private int _carry;

    /// <param name="stream">The bytes, read from the current position.</param>
    /// <param name="frameBytes">Bytes per interleaved frame.</param>
    /// <param name="bufferFrames">The most frames one read converts (the buffer holds that many).</param>
    /// <param name="convert">Turns whole frames into mono samples.</param>
    /// <param name="byteLimit">The most bytes to take from <paramref name="stream"/> (a WAV data chunk's size).</param>
    public FrameReader(Stream stream, int frameBytes, int bufferFrames, FrameConverter convert, long byteLimit = long.MaxValue)
    {
        _stream = stream;
        _frameBytes = frameBytes;
        _bufferFrames = Math.Max(1, bufferFrames);
        _convert = convert;
        _byteLimit = byteLimit;
        _buffer = ArrayPool<byte>.Shared.Rent(_bufferFrames * frameBytes);
    }

    /// <summary>The bytes taken from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads up to <paramref name="destination"/>.Length frames (at least one unless the stream has ended); 0 at the end.</summary>
    public int Read(Span<float> destination)
    {
        byte[] buffer = Buffer;
        while (true)
        {
            int want = Want(destination.Length);
            int n = want > 0 ? _stream.Read(buffer, _carry, want) : 0;
            if (n <= 0)
            {
                return 0;
            }

            int frames = Take(n, destination);
            if (frames > 0)
            {
                return frames;
            }
        }
    }

    /// <summary>Reads like <see cref="Read"/>, waiting for the stream asynchronously.</summary>
    public async ValueTask<int> ReadAsync(Memory<float> destination, CancellationToken cancellationToken)
    {
        byte[] buffer = Buffer;
        while (true)
        {
            int want = Want(destination.Length);
            int n = want > 0 ? await _stream.ReadAsync(buffer.AsMemory(_carry, want), cancellationToken).ConfigureAwait(false) : 0;
            if (n <= 0)
            {
                return 0;
            }

            int frames = Take(n, destination.Span);
            if (frames > 0)
            {
                return frames;
            }
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(FrameReader));

    /// <summary>The bytes to ask for: room for the wanted frames after the carried partial frame, within the limit.</summary>
    private int Want(int destinationFrames) =>
        (int)Math.Min((Math.Min(destinationFrames, _bufferFrames) * (long)_frameBytes) - _carry, _byteLimit - BytesRead);

    /// <summary>Adds <paramref name="n"/> new bytes, converts the whole frames and carries the rest to the front.</summary>
    private int Take(int n, Span<float> destination)
    {
        byte[] buffer = Buffer;
        BytesRead += n;
        int filled = _carry + n;
        int whole = filled / _frameBytes;
        if (whole > 0)
        {
            _convert(buffer.AsSpan(0, whole * _frameBytes), destination[..whole]);
            filled -= whole * _frameBytes;
            if (filled > 0)
            {
                System.Buffer.BlockCopy(buffer, whole * _frameBytes, buffer, 0, filled);
            }
        }

        _carry = filled;
        return whole;
    }
}
