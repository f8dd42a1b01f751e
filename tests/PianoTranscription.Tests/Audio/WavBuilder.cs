using System.Buffers.Binary;
using System.Text;

namespace PianoTranscription.Tests.Audio;

/// <summary>Builds WAV byte streams field by field, so tests can write valid files and every kind of broken one.</summary>
internal sealed class WavBuilder
{
    private readonly List<(string Id, byte[] Body, uint? DeclaredSize)> _chunks = [];

    public string Magic { get; set; } = "RIFF";

    public string FormType { get; set; } = "WAVE";

    public uint? RiffSize { get; set; }

    public static byte[] Fmt(int tag, int channels, int rate, int bits, int? blockAlign = null)
    {
        var b = new byte[16];
        int align = blockAlign ?? (channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), (uint)(rate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(14), (ushort)bits);
        return b;
    }

    /// <summary>A WAVE_FORMAT_EXTENSIBLE fmt body with the KSDATAFORMAT sub-format GUID for <paramref name="subTag"/>.</summary>
    public static byte[] FmtExtensible(int subTag, int channels, int rate, int bits, int validBits)
    {
        var b = new byte[40];
        Fmt(0xFFFE, channels, rate, bits).CopyTo(b, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), (ushort)validBits);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), channels == 2 ? 3u : 4u);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(24), (ushort)subTag);
        byte[] suffix = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        suffix.CopyTo(b, 26);
        return b;
    }

    public WavBuilder Chunk(string id, byte[] body, uint? declaredSize = null)
    {
        _chunks.Add((id, body, declaredSize));
        return this;
    }

    public static byte[] Int16(params short[] values)
    {
        var b = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(2 * i), values[i]);
        }

        return b;
    }

    public static byte[] Float32(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), values[i]);
        }

        return b;
    }

    public byte[] ToArray()
    {
        using var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes(FormType));
        Span<byte> size = stackalloc byte[4];
        foreach ((string id, byte[] data, uint? declared) in _chunks)
        {
            body.Write(Encoding.ASCII.GetBytes(id));
            BinaryPrimitives.WriteUInt32LittleEndian(size, declared ?? (uint)data.Length);
            body.Write(size);
            body.Write(data);
            if (data.Length % 2 == 1 && declared is null)
            {
                body.WriteByte(0); // RIFF pad byte after an odd-sized chunk
            }
        }

        using var file = new MemoryStream();
        file.Write(Encoding.ASCII.GetBytes(Magic));
        Span<byte> riff = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(riff, RiffSize ?? (uint)body.Length);
        file.Write(riff);
        body.Position = 0;
        body.CopyTo(file);
        return file.ToArray();
    }

    public static byte[] Simple(int tag, int channels, int rate, int bits, byte[] data) =>
        new WavBuilder().Chunk("fmt ", Fmt(tag, channels, rate, bits)).Chunk("data", data).ToArray();
}
