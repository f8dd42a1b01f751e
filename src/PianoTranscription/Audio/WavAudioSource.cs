using System.Globalization;

namespace PianoTranscription.Audio;

/// <summary>
/// A WAV file or stream read block by block by the built-in reader (<see cref="WavReader"/>): the header is read and
/// validated when the source is made, the data chunk as it is read, NaN and infinite float samples handled on the way.
/// </summary>
internal sealed class WavAudioSource : AudioSource
{
    /// <summary>The most frames one read converts (the transcriber's block).</summary>
    private const int BufferFrames = 1 << 16;

    /// <summary>The most bytes the frame buffer takes, for headers that claim huge frames.</summary>
    private const int MaxBufferBytes = 1 << 22;

    /// <summary>What a clip read from a stream that cannot tell its length starts with; it grows as data arrives.</summary>
    private const int UnknownLengthCapacity = 1 << 20;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly bool _readAsync;
    private readonly WavLayout _layout;
    private readonly NonFiniteSampleHandling _nonFinite;
    private readonly FrameReader _frames;
    private long _framesRead;

    /// <summary>Reads and validates the header, leaving <paramref name="stream"/> at the first data byte.</summary>
    /// <param name="stream">The WAV bytes, positioned at the start of the file.</param>
    /// <param name="name">Names the input in messages (a path or "stream").</param>
    /// <param name="nonFinite">What to do with NaN or infinite float samples.</param>
    /// <param name="ownsStream">Whether disposing the source closes <paramref name="stream"/> (also when the header is refused).</param>
    /// <param name="readAsync">Whether <see cref="AudioSource.ReadAsync"/> waits for the stream asynchronously (a pipe) rather than reading synchronously (a file, memory).</param>
    public WavAudioSource(Stream stream, string name, NonFiniteSampleHandling nonFinite, bool ownsStream, bool readAsync = false)
        : base(name)
    {
        try
        {
            _layout = WavReader.ReadLayout(stream, name);
        }
        catch when (ownsStream)
        {
            stream.Dispose();
            throw;
        }

        _stream = stream;
        _ownsStream = ownsStream;
        _readAsync = readAsync;
        _nonFinite = nonFinite;
        WavLayout layout = _layout;
        int bufferFrames = Math.Clamp(MaxBufferBytes / layout.BlockAlign, 1, BufferFrames);
        _frames = new FrameReader(stream, layout.BlockAlign, bufferFrames, (bytes, mono) => WavReader.Convert(bytes, mono, layout), layout.DataBytes ?? long.MaxValue);
    }

    public override int SampleRate => _layout.SampleRate;

    public override IReadOnlyList<string> Warnings => _layout.Warnings;

    public override int Channels => _layout.Channels;

    /// <summary>The number of sample frames, when the header and stream length tell.</summary>
    public override long? FrameCount => _layout.DataBytes is long bytes ? bytes / _layout.BlockAlign : null;

    internal override (long Initial, long Limit) ClipCapacity()
    {
        long frames = FrameCount ?? long.MaxValue;
        if (_stream.CanSeek)
        {
            // A seekable stream's size was checked against the header, so the bytes are really there: refuse a file
            // over the limit before allocating, else allocate the exact array at once.
            WavReader.CheckLength(Name, frames, SampleRate);
            return (frames, frames);
        }

        // A non-seekable stream may hold less than its header claims, so its array grows as data actually arrives.
        return (Math.Min(frames, UnknownLengthCapacity), frames);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _frames.Dispose();
            if (_ownsStream)
            {
                _stream.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private protected override int ReadCore(Span<float> destination) => Checked(_frames.Read(destination), destination);

    private protected override ValueTask<int> ReadCoreAsync(Memory<float> destination, CancellationToken cancellationToken) =>
        _readAsync ? ReadWaitingAsync(destination, cancellationToken) : new(ReadCore(destination.Span));

    private async ValueTask<int> ReadWaitingAsync(Memory<float> destination, CancellationToken cancellationToken) =>
        Checked(await _frames.ReadAsync(destination, cancellationToken).ConfigureAwait(false), destination.Span);

    /// <summary>Checks the <paramref name="n"/> samples just read (or, at the end, that the data was not cut inside the first frame).</summary>
    private int Checked(int n, Span<float> destination)
    {
        if (n == 0)
        {
            if (_framesRead == 0 && _layout.DeclaredDataBytes is > 0 and < uint.MaxValue && _frames.BytesRead < _layout.DeclaredDataBytes)
            {
                throw WavReader.Fail(Name, string.Create(CultureInfo.InvariantCulture,
                    $"truncated data: the data chunk declares {_layout.DeclaredDataBytes} bytes but the file holds {_frames.BytesRead}, less than one {_layout.BlockAlign}-byte sample frame"));
            }

            return 0;
        }

        if (_layout.Encoding == WavEncoding.Float)
        {
            CheckFinite(destination[..n]);
        }

        _framesRead += n;
        return n;
    }

    private void CheckFinite(Span<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                if (_nonFinite == NonFiniteSampleHandling.Throw)
                {
                    string what = float.IsNaN(samples[i]) ? "NaN" : "infinite";
                    throw WavReader.Fail(Name, string.Create(CultureInfo.InvariantCulture,
                        $"sample frame {_framesRead + i} is {what}; the float data is corrupt (set AudioLoadOptions.NonFiniteSamples = ReplaceWithZero to read it anyway)"));
                }

                samples[i] = 0f;
            }
        }
    }
}
