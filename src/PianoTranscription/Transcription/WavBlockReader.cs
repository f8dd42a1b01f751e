using System.Buffers;
using System.Globalization;
using PianoTranscription.Audio;

namespace PianoTranscription.Transcription;

/// <summary>Reads a WAV stream block by block as mono floats, so a transcription never holds the whole file.</summary>
internal sealed class WavBlockReader : ISampleReader
{
    private readonly Stream _stream;
    private readonly string _source;
    private readonly WavLayout _layout;
    private readonly NonFiniteSampleHandling _nonFinite;
    private readonly byte[] _bytes;
    private long _remainingBytes;
    private int _carry;
    private long _framesRead;

    public WavBlockReader(Stream stream, string source, NonFiniteSampleHandling nonFinite, int blockFrames)
    {
        _stream = stream;
        _source = source;
        _nonFinite = nonFinite;
        _layout = WavReader.ReadLayout(stream, source);
        _remainingBytes = _layout.DataBytes ?? long.MaxValue;
        _bytes = ArrayPool<byte>.Shared.Rent(blockFrames * _layout.BlockAlign);
    }

    public int SampleRate => _layout.SampleRate;

    /// <summary>The number of sample frames, when the header and stream length tell.</summary>
    public long? FrameCount => _layout.DataBytes is long bytes ? bytes / _layout.BlockAlign : null;

    /// <summary>Reads up to <paramref name="destination"/>.Length mono samples; 0 at the end.</summary>
    public int Read(Span<float> destination)
    {
        int align = _layout.BlockAlign;
        int wantFrames = Math.Min(destination.Length, _bytes.Length / align);
        while (true)
        {
            int want = (int)Math.Min((wantFrames * (long)align) - _carry, _remainingBytes);
            int n = want > 0 ? _stream.Read(_bytes, _carry, want) : 0;
            _remainingBytes -= n;
            int filled = _carry + n;
            int whole = filled / align;
            if (whole > 0 || n <= 0)
            {
                if (whole == 0)
                {
                    if (_framesRead == 0 && _layout.DeclaredDataBytes > 0 && _layout.DeclaredDataBytes < uint.MaxValue)
                    {
                        throw WavReader.Fail(_source, string.Create(CultureInfo.InvariantCulture,
                            $"truncated data: the data chunk declares {_layout.DeclaredDataBytes} bytes but the file holds less than one {align}-byte sample frame"));
                    }

                    return 0;
                }

                Span<float> output = destination[..whole];
                WavReader.Convert(_bytes.AsSpan(0, whole * align), output, _layout);
                _carry = filled - (whole * align);
                if (_carry > 0)
                {
                    Buffer.BlockCopy(_bytes, whole * align, _bytes, 0, _carry);
                }

                if (_layout.Encoding == WavEncoding.Float)
                {
                    CheckFinite(output);
                }

                _framesRead += whole;
                return whole;
            }

            _carry = filled;
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_bytes);

    private void CheckFinite(Span<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                if (_nonFinite == NonFiniteSampleHandling.Throw)
                {
                    string what = float.IsNaN(samples[i]) ? "NaN" : "infinite";
                    throw WavReader.Fail(_source, string.Create(CultureInfo.InvariantCulture,
                        $"sample frame {_framesRead + i} is {what}; the float data is corrupt (set AudioLoadOptions.NonFiniteSamples = ReplaceWithZero to read it anyway)"));
                }

                samples[i] = 0f;
            }
        }
    }
}
