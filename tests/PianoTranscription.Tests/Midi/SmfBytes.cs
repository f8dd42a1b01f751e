using System.Buffers.Binary;

namespace PianoTranscription.Tests.Midi;

/// <summary>Builds Standard MIDI File bytes by hand, so tests control every byte the reader sees.</summary>
internal static class SmfBytes
{
    public static byte[] Header(int format, int tracks, int division)
    {
        byte[] b = new byte[14];
        "MThd"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), 6);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(8), (ushort)format);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(10), (ushort)tracks);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(12), (ushort)division);
        return b;
    }

    public static byte[] Chunk(string id, params byte[] body)
    {
        byte[] b = new byte[8 + body.Length];
        System.Text.Encoding.ASCII.GetBytes(id).CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), (uint)body.Length);
        body.CopyTo(b, 8);
        return b;
    }

    public static byte[] Track(params byte[] events) => Chunk("MTrk", events);

    public static byte[] File(int format, int division, params byte[][] tracks) =>
        [.. Header(format, tracks.Length, division), .. tracks.SelectMany(t => t)];
}
