using PianoTranscription.Export;

namespace PianoTranscription.Tests.Export;

public class PngEncoderTests
{
    /// <summary>Bands that each favour one filter: noise (None), left-right ramps (Sub), vertical stripes (Up), smooth fields (Average, Paeth).</summary>
    private static byte[] Bands(int width, int height)
    {
        var random = new Random(3);
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            int band = y * 5 / height;
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    rgb[(((y * width) + x) * 3) + c] = band switch
                    {
                        0 => (byte)random.Next(256),
                        1 => (byte)((x * (7 + c)) + (random.Next(2) * 40 * y)),
                        2 => (byte)(((x * 37) ^ (x * x)) + c),
                        3 => (byte)((x * 3) + (y * 5) + (c * 11) + ((x + y) % 2 * 3)),
                        _ => (byte)((x * 2) + (y * 3) + c),
                    };
                }
            }
        }

        return rgb;
    }

    [Fact]
    public void Every_filter_type_round_trips_through_an_independent_decoder()
    {
        const int Width = 397, Height = 400; // the noise band alone is 95 KB: more than one IDAT chunk
        byte[] rgb = Bands(Width, Height);
        using var stream = new MemoryStream();
        PngEncoder.Write(stream, Width, Height, rgb);

        PngPicture picture = PngTestReader.Decode(stream.ToArray());

        Assert.Equal((Width, Height), (picture.Width, picture.Height));
        Assert.Equal(rgb, picture.Rgb);
        Assert.Equal([0, 1, 2, 3, 4], picture.RowFilters.Distinct().Order().Select(f => (int)f));
        List<PngChunk> idat = PngTestReader.Chunks(stream.ToArray()).Where(c => c.Type == "IDAT").ToList();
        Assert.True(idat.Count >= 2, $"{idat.Count} IDAT chunk(s)");
        Assert.All(idat, c => Assert.InRange(c.Data.Length, 1, 65536));
    }

    [Fact]
    public void Crc32_gives_the_standard_check_value_and_agrees_with_a_bitwise_crc()
    {
        Assert.Equal(0xCBF43926u, PngCrc32.Compute("123456789"u8));
        byte[] data = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 7919 >> 3))];
        Assert.Equal(PngTestReader.BitwiseCrc("IDAT", data), PngCrc32.Finish(PngCrc32.Update(PngCrc32.Update(PngCrc32.Initial, "IDAT"u8), data)));
    }
}
