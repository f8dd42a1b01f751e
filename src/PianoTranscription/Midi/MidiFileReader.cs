using System.Buffers.Binary;
using PianoTranscription.Midi.Events;

namespace PianoTranscription.Midi;

/// <summary>
/// Parses Standard MIDI File bytes. Every inconsistency becomes a <see cref="MidiFormatException"/> that names the
/// problem and where it is; unknown chunk types are skipped, unknown meta events kept raw.
/// </summary>
internal static class MidiFileReader
{
    private const int ChunkHeaderSize = 8;

    public static MidiFile Read(ReadOnlySpan<byte> data)
    {
        if (data.Length > MidiFile.MaxFileSize)
        {
            throw new MidiFormatException($"The MIDI data is {data.Length} bytes long; the reader accepts at most {MidiFile.MaxFileSize} bytes.");
        }

        if (data.Length < 14)
        {
            throw new MidiFormatException($"The data is too short to be a Standard MIDI File ({data.Length} bytes; the header alone takes 14).");
        }

        string id = ChunkId(data[..4]);
        if (id != "MThd")
        {
            throw new MidiFormatException($"Not a Standard MIDI File: expected the chunk id 'MThd' at offset 0 but found {Describe(data[..4])}.");
        }

        uint headerLength = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (headerLength < 6)
        {
            throw new MidiFormatException($"The MThd header chunk declares {headerLength} bytes; it needs at least 6.");
        }

        if (headerLength > (uint)(data.Length - ChunkHeaderSize))
        {
            throw new MidiFormatException($"The MThd header chunk declares {headerLength} bytes, past the end of the {data.Length}-byte file.");
        }

        int format = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int trackCount = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        ushort division = BinaryPrimitives.ReadUInt16BigEndian(data[12..]);
        if (format > 2)
        {
            throw new MidiFormatException($"Unknown MIDI file format {format} (only 0, 1 and 2 exist).");
        }

        if ((division & 0x8000) != 0)
        {
            int fps = -(sbyte)(division >> 8);
            throw new MidiFormatException($"The file uses SMPTE time division ({fps} frames/s, {division & 0xFF} ticks per frame), which is not supported; only ticks-per-quarter-note files can be read.");
        }

        if (division == 0)
        {
            throw new MidiFormatException("The header's time division is 0 ticks per quarter note.");
        }

        int position = ChunkHeaderSize + (int)headerLength;
        long maxTracks = (data.Length - position) / ChunkHeaderSize;
        if (trackCount == 0)
        {
            throw new MidiFormatException("The header declares 0 tracks.");
        }

        if (trackCount > maxTracks)
        {
            throw new MidiFormatException($"The header declares {trackCount} tracks, but the remaining {data.Length - position} bytes can hold at most {maxTracks} track chunks.");
        }

        if (format == 0 && trackCount != 1)
        {
            throw new MidiFormatException($"A format 0 file must hold exactly one track, but the header declares {trackCount}.");
        }

        var tracks = new List<MidiTrack>(trackCount);
        while (tracks.Count < trackCount)
        {
            if (position + ChunkHeaderSize > data.Length)
            {
                throw new MidiFormatException($"The file is truncated: the header declares {trackCount} tracks but the data ends after {tracks.Count} (at offset {position}).");
            }

            ReadOnlySpan<byte> idBytes = data.Slice(position, 4);
            if (!IsPrintableId(idBytes))
            {
                throw new MidiFormatException($"Bad chunk id {Describe(idBytes)} at offset {position}: chunk ids are four ASCII letters such as 'MTrk'.");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 4)..]);
            int bodyStart = position + ChunkHeaderSize;
            if (length > (uint)(data.Length - bodyStart))
            {
                throw new MidiFormatException($"The '{ChunkId(idBytes)}' chunk at offset {position} declares {length} bytes, past the end of the file ({data.Length - bodyStart} bytes remain).");
            }

            if (ChunkId(idBytes) == "MTrk")
            {
                tracks.Add(ReadTrack(data.Slice(bodyStart, (int)length), bodyStart, tracks.Count));
            }

            // Any other chunk type is skipped, as the standard asks.
            position = bodyStart + (int)length;
        }

        return new MidiFile((MidiFileFormat)format, division, tracks);
    }

    private static MidiTrack ReadTrack(ReadOnlySpan<byte> chunk, int chunkOffset, int trackIndex)
    {
        var events = new List<MidiEvent>(chunk.Length / 3);
        int pos = 0;
        byte runningStatus = 0;
        while (pos < chunk.Length)
        {
            int eventStart = pos;
            int delta = ReadVariableLength(chunk, ref pos, chunkOffset, trackIndex, "delta time");
            byte status = ReadByte(chunk, ref pos, chunkOffset, trackIndex, "event status");
            if (status < 0x80)
            {
                if (runningStatus == 0)
                {
                    throw new MidiFormatException($"Track {trackIndex}: data byte 0x{status:X2} at offset {chunkOffset + pos - 1} uses running status, but no channel message came before it.");
                }

                pos--; // the byte is the first data byte of a running-status message
                status = runningStatus;
            }

            if (status < 0xF0)
            {
                runningStatus = status;
                var type = (ChannelEventType)(status & 0xF0);
                int data1 = ReadDataByte(chunk, ref pos, chunkOffset, trackIndex);
                int data2 = ChannelEvent.DataLength(type) == 2 ? ReadDataByte(chunk, ref pos, chunkOffset, trackIndex) : 0;
                events.Add(new ChannelEvent(delta, type, status & 0x0F, data1, data2));
            }
            else if (status == 0xFF)
            {
                byte metaType = ReadByte(chunk, ref pos, chunkOffset, trackIndex, "meta event type");
                if (metaType >= 0x80)
                {
                    throw new MidiFormatException($"Track {trackIndex}: invalid meta event type 0x{metaType:X2} at offset {chunkOffset + pos - 1}.");
                }

                ReadOnlySpan<byte> payload = ReadPayload(chunk, ref pos, chunkOffset, trackIndex, "meta event");
                MetaEvent meta;
                try
                {
                    meta = MetaEvent.Create(delta, metaType, payload);
                }
                catch (MidiFormatException ex)
                {
                    throw new MidiFormatException($"Track {trackIndex}, offset {chunkOffset + eventStart}: {ex.Message}", ex);
                }

                events.Add(meta);
                if (meta is EndOfTrackEvent)
                {
                    break; // bytes after the end-of-track marker are not events
                }
            }
            else if (status is 0xF0 or 0xF7)
            {
                ReadOnlySpan<byte> payload = ReadPayload(chunk, ref pos, chunkOffset, trackIndex, "SysEx event");
                events.Add(new SysExEvent(delta, status == 0xF7, payload));
            }
            else
            {
                throw new MidiFormatException($"Track {trackIndex}: status byte 0x{status:X2} at offset {chunkOffset + pos - 1} is a system common/real-time message, which cannot appear in a MIDI file.");
            }
        }

        return new MidiTrack(events);
    }

    private static ReadOnlySpan<byte> ReadPayload(ReadOnlySpan<byte> chunk, ref int pos, int chunkOffset, int trackIndex, string what)
    {
        int length = ReadVariableLength(chunk, ref pos, chunkOffset, trackIndex, what + " length");
        if (length > chunk.Length - pos)
        {
            throw new MidiFormatException($"Track {trackIndex}: a {what} at offset {chunkOffset + pos} declares {length} bytes, past the end of its track chunk ({chunk.Length - pos} bytes remain).");
        }

        ReadOnlySpan<byte> payload = chunk.Slice(pos, length);
        pos += length;
        return payload;
    }

    private static int ReadVariableLength(ReadOnlySpan<byte> chunk, ref int pos, int chunkOffset, int trackIndex, string what)
    {
        int start = pos;
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            byte b = ReadByte(chunk, ref pos, chunkOffset, trackIndex, what);
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new MidiFormatException($"Track {trackIndex}: the {what} at offset {chunkOffset + start} is a variable-length quantity longer than 4 bytes.");
    }

    private static int ReadDataByte(ReadOnlySpan<byte> chunk, ref int pos, int chunkOffset, int trackIndex)
    {
        byte b = ReadByte(chunk, ref pos, chunkOffset, trackIndex, "channel message data");
        if (b >= 0x80)
        {
            throw new MidiFormatException($"Track {trackIndex}: expected a data byte (below 0x80) at offset {chunkOffset + pos - 1} but found 0x{b:X2}.");
        }

        return b;
    }

    private static byte ReadByte(ReadOnlySpan<byte> chunk, ref int pos, int chunkOffset, int trackIndex, string what)
    {
        if (pos >= chunk.Length)
        {
            throw new MidiFormatException($"Track {trackIndex} is truncated: its chunk ends (offset {chunkOffset + pos}) in the middle of a {what}.");
        }

        return chunk[pos++];
    }

    private static bool IsPrintableId(ReadOnlySpan<byte> id)
    {
        foreach (byte b in id)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static string ChunkId(ReadOnlySpan<byte> id) => IsPrintableId(id) ? System.Text.Encoding.ASCII.GetString(id) : string.Empty;

    private static string Describe(ReadOnlySpan<byte> id) =>
        IsPrintableId(id) ? $"'{ChunkId(id)}'" : "bytes " + Convert.ToHexString(id);
}
