using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace PianoTranscription.Audio;

/// <summary>
/// The built-in RIFF/WAVE reader: integer PCM 8/16/24/32-bit, IEEE float 32/64-bit, WAVE_FORMAT_EXTENSIBLE, RF64/BW64,
/// any channel count (down-mixed to mono by averaging). Every size in the header is checked against the bytes actually
/// there before anything is allocated. <see cref="WavAudioSource"/> reads the data chunk block by block with it.
/// </summary>
internal static class WavReader
{
    /// <summary>The highest sample rate accepted (<see cref="AudioSource.MaxSampleRate"/>); anything above is treated as a corrupt header.</summary>
    public const int MaxSampleRate = AudioSource.MaxSampleRate;

    private const uint Placeholder32 = 0xFFFFFFFF;

    // The 14 bytes that follow the 2-byte format tag in every KSDATAFORMAT_SUBTYPE_* GUID used by WAVE_FORMAT_EXTENSIBLE.
    private static ReadOnlySpan<byte> SubFormatSuffix => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Reads and validates the header, leaving <paramref name="stream"/> at the first data byte.</summary>
    /// <param name="stream">The WAV bytes, positioned at the start of the file.</param>
    /// <param name="source">Names the input in messages (a path or "stream").</param>
    public static WavLayout ReadLayout(Stream stream, string source)
    {
        long? length = stream.CanSeek ? stream.Length - stream.Position : null;
        long pos = 0;
        Span<byte> head = stackalloc byte[12];
        int got = ReadFully(stream, head);
        pos += got;
        if (got == 0)
        {
            throw Fail(source, "the file is empty (0 bytes)");
        }

        if (got >= 4 && !IsRiffMagic(head))
        {
            if (head[..4].SequenceEqual("RIFX"u8))
            {
                throw Fail(source, "big-endian WAV (RIFX) is not supported; convert it to ordinary little-endian WAV (e.g. sox in.wav -L out.wav)");
            }

            AudioContainer other = AudioFile.DetectContainer(head[..got]);
            string what = other == AudioContainer.Unknown
                ? $"it starts with {Hex(head[..Math.Min(got, 4)])}"
                : $"it looks like {AudioFile.DescribeContainer(other)}";
            throw Fail(source, $"not a RIFF/WAVE file ({what})");
        }

        if (got < 12)
        {
            throw Fail(source, $"truncated header: the file is only {got} bytes long, a WAV header needs at least 44");
        }

        if (!head[8..12].SequenceEqual("WAVE"u8))
        {
            throw Fail(source, $"RIFF file but not WAVE (its form type is '{Ascii(head[8..12])}'; AVI and other RIFF formats are not audio)");
        }

        bool rf64 = !head[..4].SequenceEqual("RIFF"u8);
        uint riffSize = BinaryPrimitives.ReadUInt32LittleEndian(head[4..8]);
        long rf64DataSize = -1;
        WavFmt? fmt = null;
        Span<byte> chunkHead = stackalloc byte[8];
        Span<byte> ds64 = stackalloc byte[24];
        byte[] fmtBytes = new byte[64];
        while (true)
        {
            got = ReadFully(stream, chunkHead);
            pos += got;
            if (got == 0)
            {
                throw Fail(source, fmt is null ? "no fmt chunk (the file ends without describing its samples)" : "no data chunk (the file ends without sample data)");
            }

            if (got < 8)
            {
                throw Fail(source, $"truncated header: the file ends inside a chunk header at byte {pos}");
            }

            string id = Ascii(chunkHead[..4]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHead[4..]);
            if (id == "data")
            {
                if (fmt is null)
                {
                    throw Fail(source, "no fmt chunk before the data chunk");
                }

                return Resolve(source, fmt, rf64, rf64 && size == Placeholder32 ? rf64DataSize : size, pos, length, riffSize);
            }

            if (id == "fmt ")
            {
                if (size < 16)
                {
                    throw Fail(source, $"the fmt chunk is {size} bytes long; it needs at least 16");
                }

                int keep = (int)Math.Min(size, (uint)fmtBytes.Length);
                got = ReadFully(stream, fmtBytes.AsSpan(0, keep));
                pos += got;
                if (got < keep)
                {
                    throw Fail(source, "truncated header: the file ends inside the fmt chunk");
                }

                fmt = ParseFmt(source, fmtBytes.AsSpan(0, keep));
                pos = Skip(stream, source, pos, size - keep + (size & 1), "fmt ");
            }
            else if (id == "ds64" && rf64)
            {
                if (size < 24)
                {
                    throw Fail(source, $"the RF64 ds64 chunk is {size} bytes long; it needs at least 24");
                }

                got = ReadFully(stream, ds64);
                pos += got;
                if (got < 24)
                {
                    throw Fail(source, "truncated header: the file ends inside the ds64 chunk");
                }

                ulong dataSize = BinaryPrimitives.ReadUInt64LittleEndian(ds64[8..]);
                rf64DataSize = dataSize > long.MaxValue ? long.MaxValue : (long)dataSize;
                pos = Skip(stream, source, pos, size - 24 + (size & 1), "ds64");
            }
            else
            {
                pos = Skip(stream, source, pos, size + (long)(size & 1), id);
            }
        }
    }

    /// <summary>Converts whole interleaved frames to mono floats (channels averaged).</summary>
    internal static void Convert(ReadOnlySpan<byte> bytes, Span<float> mono, WavLayout layout)
    {
        int channels = layout.Channels;
        switch (layout.Encoding, layout.BitsPerSample)
        {
            case (WavEncoding.Pcm, 16):
                ConvertInt16(MemoryMarshal.Cast<byte, short>(bytes), mono, channels);
                break;
            case (WavEncoding.Float, 32):
                ConvertFloat32(MemoryMarshal.Cast<byte, float>(bytes), mono, channels);
                break;
            case (WavEncoding.Pcm, 24):
                ConvertInt24(bytes, mono, channels);
                break;
            case (WavEncoding.Pcm, 32):
                ConvertGeneric(MemoryMarshal.Cast<byte, int>(bytes), mono, channels, static v => v * (1.0 / 2147483648.0));
                break;
            case (WavEncoding.Pcm, 8):
                ConvertGeneric(bytes, mono, channels, static v => (v - 128) * (1.0 / 128.0));
                break;
            case (WavEncoding.Float, 64):
                ConvertGeneric(MemoryMarshal.Cast<byte, double>(bytes), mono, channels, static v => v);
                break;
            default:
                throw new InvalidOperationException("unvalidated WAV layout");
        }
    }

    /// <summary>Refuses more frames than one clip can hold.</summary>
    internal static void CheckLength(string source, long frames, int sampleRate)
    {
        if (frames > AudioClip.MaxSampleCount)
        {
            throw Fail(source, string.Create(CultureInfo.InvariantCulture,
                $"too long: {frames} sample frames, more than the limit of {AudioClip.MaxSampleCount} samples per clip (about {AudioClip.MaxSampleCount / (double)sampleRate / 3600:0.#} hours at {sampleRate} Hz); split the file first"));
        }
    }

    private static void ConvertInt16(ReadOnlySpan<short> src, Span<float> mono, int channels)
    {
        if (channels == 1)
        {
            for (int i = 0; i < mono.Length; i++)
            {
                mono[i] = src[i] * (1f / 32768f);
            }
        }
        else if (channels == 2)
        {
            for (int i = 0; i < mono.Length; i++)
            {
                mono[i] = (src[2 * i] + src[(2 * i) + 1]) * (0.5f / 32768f);
            }
        }
        else
        {
            float scale = 1f / (32768f * channels);
            for (int i = 0, k = 0; i < mono.Length; i++)
            {
                int sum = 0;
                for (int c = 0; c < channels; c++, k++)
                {
                    sum += src[k];
                }

                mono[i] = sum * scale;
            }
        }
    }

    private static void ConvertFloat32(ReadOnlySpan<float> src, Span<float> mono, int channels) => ChannelMixer.Downmix(src, mono, channels);

    private static void ConvertInt24(ReadOnlySpan<byte> src, Span<float> mono, int channels)
    {
        double scale = 1.0 / (8388608.0 * channels);
        for (int i = 0, k = 0; i < mono.Length; i++)
        {
            long sum = 0;
            for (int c = 0; c < channels; c++, k += 3)
            {
                sum += src[k] | (src[k + 1] << 8) | ((sbyte)src[k + 2] << 16);
            }

            mono[i] = (float)(sum * scale);
        }
    }

    private static void ConvertGeneric<T>(ReadOnlySpan<T> src, Span<float> mono, int channels, Func<T, double> toUnit)
    {
        double inv = 1.0 / channels;
        for (int i = 0, k = 0; i < mono.Length; i++)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++, k++)
            {
                sum += toUnit(src[k]);
            }

            mono[i] = (float)(sum * inv);
        }
    }

    private static WavLayout Resolve(string source, WavFmt fmt, bool rf64, long declared, long dataOffset, long? length, uint riffSize)
    {
        if (rf64 && declared < 0)
        {
            throw Fail(source, "RF64 file without a ds64 chunk giving the data size");
        }

        long? available = length is long l ? Math.Max(0, l - dataOffset) : null;
        bool placeholder = declared == 0 || (!rf64 && declared == Placeholder32) || (rf64 && declared == long.MaxValue);
        long? dataBytes = placeholder || (available is long a && declared > a) ? available : declared;
        return new WavLayout(rf64, fmt.Tag, fmt.Extensible, fmt.Encoding, fmt.Channels, fmt.SampleRate, fmt.Bits, fmt.BlockAlign,
            dataOffset, declared, dataBytes)
        {
            Warnings = Warnings(fmt, rf64, placeholder, declared, length, available, dataBytes, riffSize),
        };
    }

    /// <summary>
    /// What a header says that the bytes do not bear out, where the file is still read (as players do): each a
    /// sentence naming the field and the repair. Streamed writers leave placeholder sizes; that is said too.
    /// </summary>
    private static string[] Warnings(WavFmt fmt, bool rf64, bool placeholder, long declared, long? length, long? available, long? dataBytes, uint riffSize)
    {
        const string Repair = "rewriting the file fixes it (e.g. ffmpeg -i in.wav -c copy out.wav)";
        var warnings = new List<string>();
        CultureInfo c = CultureInfo.InvariantCulture;
        if (placeholder && length is not null)
        {
            warnings.Add(string.Create(c, $"the data chunk's size is a placeholder ({declared}), as a streamed writer leaves it; the {available} bytes to the end of the file are read as samples; {Repair}"));
        }
        else if (!placeholder && available is long there && declared > there)
        {
            warnings.Add(string.Create(c, $"the data chunk declares {declared} bytes but only {there} follow (a truncated file, or a streamed writer's header); the {there} bytes there are read; {Repair}"));
        }
        else if (!placeholder && available is long rest && declared < fmt.BlockAlign && rest - declared >= fmt.BlockAlign)
        {
            warnings.Add(string.Create(c, $"the data chunk declares {declared} bytes, less than one {fmt.BlockAlign}-byte sample frame, though {rest - declared} more bytes follow it: the header is probably wrong; no samples are read"));
        }

        if (dataBytes is long bytes && bytes % fmt.BlockAlign != 0)
        {
            warnings.Add(string.Create(c, $"the data ends inside a sample frame ({bytes % fmt.BlockAlign} of {fmt.BlockAlign} bytes); that partial frame is dropped"));
        }

        if (!rf64 && length is long total && riffSize != Placeholder32 && riffSize != 0 && riffSize + 8L != total)
        {
            warnings.Add(string.Create(c, $"the RIFF header says the file is {riffSize + 8L} bytes but it is {total}; {Repair}"));
        }

        return [.. warnings];
    }

    private static WavFmt ParseFmt(string source, ReadOnlySpan<byte> b)
    {
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(b);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(b[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(b[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(b[14..]);
        bool extensible = tag == 0xFFFE;
        if (extensible)
        {
            if (b.Length < 40)
            {
                throw Fail(source, $"WAVE_FORMAT_EXTENSIBLE fmt chunk is {b.Length} bytes long; it needs 40");
            }

            ReadOnlySpan<byte> guid = b.Slice(24, 16);
            if (!guid[2..].SequenceEqual(SubFormatSuffix))
            {
                throw Fail(source, $"unsupported WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)}");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }

        WavEncoding encoding = tag switch
        {
            1 => WavEncoding.Pcm,
            3 => WavEncoding.Float,
            _ => throw Fail(source, string.Create(CultureInfo.InvariantCulture,
                $"unsupported codec {CodecName(tag)} (format tag {tag}, 0x{tag:X4}); only PCM and IEEE float WAV are read directly: convert it (e.g. ffmpeg -i in.wav -c:a pcm_s16le out.wav)")),
        };

        if (channels == 0)
        {
            throw Fail(source, "the header says 0 channels");
        }

        if (rate == 0)
        {
            throw Fail(source, "the header says the sample rate is 0 Hz");
        }

        if (rate < AudioSource.MinSampleRate)
        {
            throw Fail(source, string.Create(CultureInfo.InvariantCulture,
                $"sample rate {rate} Hz in the header's fmt chunk is below {AudioSource.MinSampleRate} Hz, the lowest this library reads: a corrupt header?"));
        }

        if (rate > MaxSampleRate)
        {
            throw Fail(source, string.Create(CultureInfo.InvariantCulture, $"absurd sample rate {rate} Hz in the header (the limit is {MaxSampleRate} Hz)"));
        }

        bool bitsOk = encoding == WavEncoding.Pcm ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
        if (!bitsOk)
        {
            string supported = encoding == WavEncoding.Pcm ? "8, 16, 24 or 32" : "32 or 64";
            string kind = encoding == WavEncoding.Pcm ? "PCM" : "float";
            throw Fail(source, string.Create(CultureInfo.InvariantCulture, $"unsupported {kind} bit depth {bits} (supported: {supported})"));
        }

        int expectedAlign = channels * (bits / 8);
        if (blockAlign != expectedAlign)
        {
            throw Fail(source, string.Create(CultureInfo.InvariantCulture,
                $"block align mismatch: the header says {blockAlign} bytes per frame, but {channels} channels of {bits} bits need {expectedAlign}"));
        }

        return new WavFmt(tag, extensible, encoding, channels, (int)rate, bits, blockAlign);
    }

    private static string CodecName(int tag) => tag switch
    {
        0 => "'unknown' (tag 0)",
        2 => "Microsoft ADPCM",
        6 => "A-law",
        7 => "mu-law",
        0x11 => "IMA ADPCM",
        0x31 => "GSM 6.10",
        0x50 => "MPEG audio",
        0x55 => "MPEG layer 3 (MP3)",
        0x161 or 0x162 or 0x163 => "Windows Media Audio",
        0xFF => "AAC",
        0xF1AC => "FLAC",
        _ => "unknown",
    };

    private static long Skip(Stream stream, string source, long pos, long count, string chunk)
    {
        if (count <= 0)
        {
            return pos;
        }

        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (count > remaining)
            {
                throw Fail(source, $"no data chunk: the file ends inside the '{chunk.TrimEnd()}' chunk");
            }

            stream.Seek(count, SeekOrigin.Current);
            return pos + count;
        }

        byte[] scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            long left = count;
            while (left > 0)
            {
                int n = stream.Read(scratch, 0, (int)Math.Min(scratch.Length, left));
                if (n <= 0)
                {
                    throw Fail(source, $"no data chunk: the file ends inside the '{chunk.TrimEnd()}' chunk");
                }

                left -= n;
            }

            return pos + count;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private static bool IsRiffMagic(ReadOnlySpan<byte> b) => b[..4].SequenceEqual("RIFF"u8) || b[..4].SequenceEqual("RF64"u8) || b[..4].SequenceEqual("BW64"u8);

    private static string Ascii(ReadOnlySpan<byte> b)
    {
        Span<char> chars = stackalloc char[b.Length];
        for (int i = 0; i < b.Length; i++)
        {
            chars[i] = b[i] is >= 0x20 and < 0x7F ? (char)b[i] : '?';
        }

        return new string(chars);
    }

    private static string Hex(ReadOnlySpan<byte> b) => string.Join(' ', b.ToArray().Select(x => x.ToString("X2", CultureInfo.InvariantCulture)));

    internal static AudioFormatException Fail(string source, string problem) => new($"{source}: {problem}");

    private sealed record WavFmt(int Tag, bool Extensible, WavEncoding Encoding, int Channels, int SampleRate, int Bits, int BlockAlign);
}
