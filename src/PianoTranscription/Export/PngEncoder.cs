using System.Buffers.Binary;
using System.IO.Compression;

namespace PianoTranscription.Export;

/// <summary>
/// Encodes 8-bit RGB pixels as a PNG (ISO/IEC 15948): signature, IHDR (truecolour, no interlace), IDAT chunks of at
/// most 64 KiB holding the zlib stream of the filtered rows, IEND. Each row gets the filter (None, Sub, Up, Average
/// or Paeth) with the smallest sum of absolute filtered bytes, the heuristic the PNG specification suggests.
/// </summary>
internal static class PngEncoder
{
    /// <summary>The most bytes one IDAT chunk carries.</summary>
    public const int IdatChunkSize = 1 << 16;

    private const int BytesPerPixel = 3;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes the PNG of a row-major RGB pixel buffer (<c>width * height * 3</c> bytes).</summary>
    public static void Write(Stream output, int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int stride = checked(width * BytesPerPixel);
        if (rgb.Length != checked(stride * height))
        {
            throw new ArgumentException($"Expected {stride * height} bytes of pixels, not {rgb.Length}.", nameof(rgb));
        }

        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: truecolour
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method: adaptive, five filter types
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);

        using var idat = new IdatStream(output);
        using (var zlib = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
        {
            // Row buffers: one per filter type, each with the filter-type byte first.
            var candidates = new byte[5][];
            for (int f = 0; f < 5; f++)
            {
                candidates[f] = new byte[stride + 1];
                candidates[f][0] = (byte)f;
            }

            ReadOnlySpan<byte> previous = default;
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> row = rgb.Slice(y * stride, stride);
                zlib.Write(FilterRow(row, previous, candidates));
                previous = row;
            }
        }

        idat.Complete();
        WriteChunk(output, "IEND"u8, []);
    }

    private static byte[] FilterRow(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, byte[][] candidates)
    {
        if (!previous.IsEmpty && row.SequenceEqual(previous))
        {
            // A repeated row (common: key stripes are several rows high) is all zeros under Up, which no filter beats.
            candidates[2].AsSpan(1).Clear();
            return candidates[2];
        }

        Span<byte> none = candidates[0].AsSpan(1);
        Span<byte> sub = candidates[1].AsSpan(1);
        Span<byte> up = candidates[2].AsSpan(1);
        Span<byte> average = candidates[3].AsSpan(1);
        Span<byte> paeth = candidates[4].AsSpan(1);
        bool first = previous.IsEmpty;
        long sumNone = 0, sumSub = 0, sumUp = 0, sumAverage = 0, sumPaeth = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int x = row[i];
            int a = i >= BytesPerPixel ? row[i - BytesPerPixel] : 0;
            int b = first ? 0 : previous[i];
            int c = first || i < BytesPerPixel ? 0 : previous[i - BytesPerPixel];

            byte vNone = (byte)x;
            byte vSub = (byte)(x - a);
            byte vUp = (byte)(x - b);
            byte vAverage = (byte)(x - ((a + b) >> 1));
            byte vPaeth = (byte)(x - Paeth(a, b, c));
            none[i] = vNone;
            sub[i] = vSub;
            up[i] = vUp;
            average[i] = vAverage;
            paeth[i] = vPaeth;
            sumNone += Math.Abs((int)(sbyte)vNone);
            sumSub += Math.Abs((int)(sbyte)vSub);
            sumUp += Math.Abs((int)(sbyte)vUp);
            sumAverage += Math.Abs((int)(sbyte)vAverage);
            sumPaeth += Math.Abs((int)(sbyte)vPaeth);
        }

        int bestFilter = 0;
        long bestSum = sumNone;
        ReadOnlySpan<long> sums = [sumNone, sumSub, sumUp, sumAverage, sumPaeth];
        for (int f = 1; f < 5; f++)
        {
            if (sums[f] < bestSum)
            {
                bestSum = sums[f];
                bestFilter = f;
            }
        }

        return candidates[bestFilter];
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc32.Finish(PngCrc32.Update(PngCrc32.Update(PngCrc32.Initial, type), data)));
        output.Write(word);
    }

    /// <summary>Cuts what is written to it into IDAT chunks; <see cref="Complete"/> writes the last, partial one.</summary>
    private sealed class IdatStream(Stream output) : Stream
    {
        private readonly byte[] _buffer = new byte[IdatChunkSize];
        private int _count;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                int n = Math.Min(buffer.Length, _buffer.Length - _count);
                buffer[..n].CopyTo(_buffer.AsSpan(_count));
                _count += n;
                buffer = buffer[n..];
                if (_count == _buffer.Length)
                {
                    Emit();
                }
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public void Complete()
        {
            if (_count > 0)
            {
                Emit();
            }
        }

        private void Emit()
        {
            WriteChunk(output, "IDAT"u8, _buffer.AsSpan(0, _count));
            _count = 0;
        }
    }
}
