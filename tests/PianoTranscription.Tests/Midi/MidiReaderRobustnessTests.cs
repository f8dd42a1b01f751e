using System.Buffers.Binary;
using PianoTranscription.Midi;

namespace PianoTranscription.Tests.Midi;

/// <summary>Broken files must give a <see cref="MidiFormatException"/> that names the problem, never a crash.</summary>
public class MidiReaderRobustnessTests
{
    private static byte[] Valid() => File.ReadAllBytes(MidiFixtures.PathOf("098.mid"));

    private static MidiFormatException Fails(byte[] data) => Assert.Throws<MidiFormatException>(() => MidiFile.Read(data));

    [Fact]
    public void Truncated_file()
    {
        byte[] data = Valid();
        var ex = Fails(data[..(data.Length / 2)]);
        Assert.Contains("past the end of the file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_cut_inside_an_event()
    {
        // A well-formed chunk whose last event stops after its status byte.
        var ex = Fails(SmfBytes.File(0, 96, SmfBytes.Track(0x00, 0x90, 60)));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_shorter_than_a_header()
    {
        var ex = Fails(Valid()[..10]);
        Assert.Contains("too short", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_midi_file()
    {
        var ex = Fails("RIFF\0\0\0\0WAVEfmt \0\0\0\0"u8.ToArray());
        Assert.Contains("'MThd'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'RIFF'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_chunk_id()
    {
        byte[] data = Valid();
        data[14] = 0x00; // first track chunk id "MTrk" -> "\0Trk"
        var ex = Fails(data);
        Assert.Contains("Bad chunk id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("offset 14", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_length_past_end_of_file()
    {
        byte[] data = Valid();
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(18), 0x7FFF_FFF0);
        var ex = Fails(data);
        Assert.Contains("declares 2147483632 bytes, past the end of the file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_track_count()
    {
        byte[] data = Valid();
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(10), 60000);
        var ex = Fails(data);
        Assert.Contains("declares 60000 tracks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_tracks_than_the_header_declares()
    {
        byte[] data = [.. SmfBytes.Header(1, 2, 96), .. SmfBytes.Track(0x00, 0xFF, 0x2F, 0x00), .. new byte[8]];
        var ex = Fails(data);
        Assert.Contains("Bad chunk id", ex.Message, StringComparison.Ordinal);
        var ex2 = Fails([.. SmfBytes.Header(1, 2, 96), .. SmfBytes.Track(0x00, 0xFF, 0x2F, 0x00), .. SmfBytes.Chunk("XXXX", 1, 2)]);
        Assert.Contains("truncated", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_status_without_a_previous_status()
    {
        var ex = Fails(SmfBytes.File(0, 96, SmfBytes.Track(0x00, 60, 100, 0x00, 0xFF, 0x2F, 0x00)));
        Assert.Contains("running status", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variable_length_quantity_longer_than_four_bytes()
    {
        var ex = Fails(SmfBytes.File(0, 96, SmfBytes.Track(0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 60, 100)));
        Assert.Contains("longer than 4 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_event_length_past_end_of_track()
    {
        var ex = Fails(SmfBytes.File(0, 96, SmfBytes.Track(0x00, 0xFF, 0x01, 0x40, (byte)'a')));
        Assert.Contains("past the end of its track chunk", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_byte_where_a_data_byte_belongs()
    {
        var ex = Fails(SmfBytes.File(0, 96, SmfBytes.Track(0x00, 0x90, 0x90, 100)));
        Assert.Contains("expected a data byte", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void System_real_time_byte_in_a_track()
    {
        var ex = Fails(SmfBytes.File(0, 96, SmfBytes.Track(0x00, 0xF8)));
        Assert.Contains("0xF8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Smpte_division_is_rejected_with_its_frame_rate()
    {
        var ex = Fails(SmfBytes.File(0, 0xE728, SmfBytes.Track(0x00, 0xFF, 0x2F, 0x00))); // -25 fps, 40 ticks/frame
        Assert.Contains("SMPTE", ex.Message, StringComparison.Ordinal);
        Assert.Contains("25 frames/s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tempo_event_with_a_wrong_length()
    {
        var ex = Fails(SmfBytes.File(0, 96, SmfBytes.Track(0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1)));
        Assert.Contains("tempo meta event must hold 3 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_format_number()
    {
        byte[] data = SmfBytes.File(0, 96, SmfBytes.Track(0x00, 0xFF, 0x2F, 0x00));
        data[9] = 7;
        var ex = Fails(data);
        Assert.Contains("format 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_single_byte_truncation_of_a_real_file_fails_cleanly()
    {
        byte[] data = Valid();
        for (int length = 0; length < data.Length; length++)
        {
            Assert.Throws<MidiFormatException>(() => MidiFile.Read(data.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Random_byte_corruption_never_escapes_as_another_exception()
    {
        byte[] original = Valid();
        var random = new Random(1234);
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] data = (byte[])original.Clone();
            for (int k = 0; k < 3; k++)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            try
            {
                MidiNotes.FromMidiFile(MidiFile.Read(data));
            }
            catch (MidiFormatException)
            {
            }
        }
    }
}
