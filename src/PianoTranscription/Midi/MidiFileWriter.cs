using System.Buffers.Binary;
using PianoTranscription.Midi.Events;

namespace PianoTranscription.Midi;

/// <summary>Serialises a <see cref="MidiFile"/> as a Standard MIDI File, using running status for channel messages.</summary>
internal static class MidiFileWriter
{
    public static void Write(MidiFile file, Stream stream)
    {
        Span<byte> header = stackalloc byte[14];
        "MThd"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], 6);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)file.Format);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)file.Tracks.Count);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], (ushort)file.TicksPerQuarterNote);
        stream.Write(header);

        using var body = new MemoryStream();
        Span<byte> chunkHeader = stackalloc byte[8];
        foreach (MidiTrack track in file.Tracks)
        {
            body.SetLength(0);
            WriteTrackBody(track, body);
            "MTrk"u8.CopyTo(chunkHeader);
            BinaryPrimitives.WriteUInt32BigEndian(chunkHeader[4..], checked((uint)body.Length));
            stream.Write(chunkHeader);
            body.Position = 0;
            body.CopyTo(stream);
        }
    }

    private static void WriteTrackBody(MidiTrack track, MemoryStream body)
    {
        byte runningStatus = 0;
        bool ended = false;
        foreach (MidiEvent e in track.Events)
        {
            if (ended)
            {
                break; // nothing may follow the end-of-track marker
            }

            WriteVariableLength(body, e.DeltaTicks);
            switch (e)
            {
                case ChannelEvent c:
                    if (c.StatusByte != runningStatus)
                    {
                        body.WriteByte(c.StatusByte);
                        runningStatus = c.StatusByte;
                    }

                    body.WriteByte((byte)c.Data1);
                    if (ChannelEvent.DataLength(c.Type) == 2)
                    {
                        body.WriteByte((byte)c.Data2);
                    }

                    break;
                case MetaEvent m:
                    byte[] data = m.GetData();
                    body.WriteByte(0xFF);
                    body.WriteByte(m.MetaType);
                    WriteVariableLength(body, data.Length);
                    body.Write(data);
                    runningStatus = 0; // other readers may cancel running status after meta events
                    ended = m is EndOfTrackEvent;
                    break;
                case SysExEvent s:
                    body.WriteByte(s.StatusByte);
                    WriteVariableLength(body, s.Data.Length);
                    body.Write(s.Data.Span);
                    runningStatus = 0;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown MIDI event type {e.GetType().Name}.");
            }
        }

        if (!ended)
        {
            body.Write([0x00, 0xFF, MetaEvent.EndOfTrackType, 0x00]);
        }
    }

    internal static void WriteVariableLength(Stream stream, int value)
    {
        if (value is < 0 or > MidiEvent.MaxDeltaTicks)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A variable-length quantity holds 0 to 0x0FFFFFFF.");
        }

        Span<byte> buffer = stackalloc byte[4];
        int n = 0;
        buffer[3] = (byte)(value & 0x7F);
        n++;
        value >>= 7;
        while (value > 0)
        {
            buffer[3 - n] = (byte)((value & 0x7F) | 0x80);
            n++;
            value >>= 7;
        }

        stream.Write(buffer[(4 - n)..]);
    }
}
