namespace PianoTranscription.Export;

/// <summary>
/// The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42: reflected polynomial 0xEDB88320, initial value and final XOR
/// 0xFFFFFFFF), computed a byte at a time from a 256-entry table.
/// </summary>
internal static class PngCrc32
{
    private static readonly uint[] Table = CreateTable();

    /// <summary>The register before the first byte.</summary>
    public const uint Initial = 0xFFFFFFFF;

    /// <summary>Feeds bytes into a running register (start from <see cref="Initial"/>).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>The final CRC of a running register.</summary>
    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFF;

    /// <summary>The CRC-32 of a byte sequence.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
