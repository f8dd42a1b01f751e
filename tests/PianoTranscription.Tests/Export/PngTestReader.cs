using System.Buffers.Binary;
using System.IO.Compression;

namespace PianoTranscription.Tests.Export;

/// <summary>One PNG chunk as stored: its type, data and the CRC in the file.</summary>
internal sealed record PngChunk(string Type, byte[] Data, uint StoredCrc);

/// <summary>A decoded 8-bit RGB PNG.</summary>
internal sealed record PngPicture(int Width, int Height, byte[] Rgb, byte[] RowFilters)
{
    public (int R, int G, int B) Pixel(int x, int y)
    {
        Assert.InRange(x, 0, Width - 1);
        Assert.InRange(y, 0, Height - 1);
        int i = ((y * Width) + x) * 3;
        return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
    }
}

/// <summary>
/// A small PNG reader written for the tests, independent of the library's encoder: splits the chunks, checks their
/// CRCs with a bit-by-bit CRC-32, inflates the IDAT data and undoes the five row filters.
/// </summary>
internal static class PngTestReader
{
    public static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static List<PngChunk> Chunks(byte[] file)
    {
        Assert.True(file.AsSpan(0, 8).SequenceEqual(Signature), "PNG signature");
        var chunks = new List<PngChunk>();
        int at = 8;
        while (at < file.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            Assert.InRange(length, 0, file.Length - at - 12);
            string type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            byte[] data = file.AsSpan(at + 8, length).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
            chunks.Add(new PngChunk(type, data, crc));
            at += 12 + length;
        }

        Assert.Equal(file.Length, at);
        return chunks;
    }

    /// <summary>CRC-32 (reflected 0xEDB88320) one bit at a time, over a chunk's type and data.</summary>
    public static uint BitwiseCrc(string type, byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in System.Text.Encoding.ASCII.GetBytes(type).Concat(data))
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }

    public static PngPicture Decode(byte[] file)
    {
        List<PngChunk> chunks = Chunks(file);
        PngChunk header = chunks[0];
        Assert.Equal("IHDR", header.Type);
        int width = BinaryPrimitives.ReadInt32BigEndian(header.Data);
        int height = BinaryPrimitives.ReadInt32BigEndian(header.Data.AsSpan(4));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, header.Data[8..]); // 8-bit truecolour, deflate, adaptive filters, no interlace

        using var compressed = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        byte[] data = raw.ToArray();
        int stride = width * 3;
        Assert.Equal(height * (stride + 1), data.Length);

        byte[] rgb = new byte[height * stride];
        byte[] filters = new byte[height];
        for (int y = 0; y < height; y++)
        {
            byte filter = data[y * (stride + 1)];
            filters[y] = filter;
            for (int i = 0; i < stride; i++)
            {
                int x = data[(y * (stride + 1)) + 1 + i];
                int a = i >= 3 ? rgb[(y * stride) + i - 3] : 0;
                int b = y > 0 ? rgb[((y - 1) * stride) + i] : 0;
                int c = y > 0 && i >= 3 ? rgb[((y - 1) * stride) + i - 3] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => PaethPredictor(a, b, c),
                    _ => throw new InvalidDataException($"row {y}: filter type {filter}"),
                };
                rgb[(y * stride) + i] = (byte)(x + predictor);
            }
        }

        return new PngPicture(width, height, rgb, filters);
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
