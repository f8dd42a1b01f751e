using PianoTranscription.Midi;
using PianoTranscription.Midi.Events;

namespace PianoTranscription.Tests.Midi;

public class MidiFileTests
{
    private static readonly byte[] EndOfTrack = [0x00, 0xFF, 0x2F, 0x00];

    [Fact]
    public void Reads_a_POP909_file_header_tracks_and_meta_events()
    {
        MidiFile file = MidiFile.Read(MidiFixtures.PathOf("098.mid"));

        Assert.Equal(MidiFileFormat.MultiTrack, file.Format);
        Assert.Equal(480, file.TicksPerQuarterNote);
        Assert.Equal([null, "MELODY", "BRIDGE", "PIANO"], file.Tracks.Select(t => t.Name));
        TempoEvent tempo = Assert.IsType<TempoEvent>(file.Tracks[0].Events[0]);
        Assert.Equal(810810, tempo.MicrosecondsPerQuarterNote);
        TimeSignatureEvent signature = Assert.IsType<TimeSignatureEvent>(file.Tracks[0].Events[1]);
        Assert.Equal((1, 4, 24, 8), (signature.Numerator, signature.Denominator, signature.ClocksPerClick, signature.ThirtySecondNotesPerQuarterNote));
        Assert.IsType<EndOfTrackEvent>(file.Tracks[0].Events[^1]);
        ChannelEvent program = Assert.IsType<ChannelEvent>(file.Tracks[1].Events[1]);
        Assert.Equal((ChannelEventType.ProgramChange, 0, 0), (program.Type, program.Channel, program.Data1));
    }

    [Fact]
    public void Parses_running_status_and_treats_note_on_velocity_zero_as_note_off()
    {
        byte[] data = SmfBytes.File(0, 96, SmfBytes.Track([
            0x00, 0x90, 60, 100,   // note on with status
            0x10, 64, 90,          // running status: another note on
            0x20, 60, 0,           // running status: note on velocity 0 = note off
            0x00, 0xB0, 64, 127,   // control change (new status)
            0x05, 64, 0,           // running status control change
            0x00, 0xC0, 5,         // program change, one data byte
            0x01, 17,              // running status program change
            .. EndOfTrack]));

        MidiFile file = MidiFile.Read(data);

        var events = file.Tracks[0].Events.OfType<ChannelEvent>().ToList();
        Assert.Equal(7, events.Count);
        Assert.Equal((ChannelEventType.NoteOn, 64, 90, 0x10), (events[1].Type, events[1].Data1, events[1].Data2, events[1].DeltaTicks));
        Assert.True(events[2].IsNoteOff);
        Assert.False(events[2].IsNoteOn);
        Assert.Equal((ChannelEventType.ControlChange, 64, 0), (events[4].Type, events[4].Data1, events[4].Data2));
        Assert.Equal((ChannelEventType.ProgramChange, 17, 0), (events[6].Type, events[6].Data1, events[6].Data2));
        Assert.Equal(0x10 + 0x20 + 0x05 + 0x01, file.Tracks[0].LengthInTicks);
    }

    [Fact]
    public void Keeps_meta_and_sysex_events_and_round_trips_them_byte_for_byte()
    {
        byte[] data = SmfBytes.File(1, 480,
            SmfBytes.Track([
                0x00, 0xFF, 0x03, 0x05, (byte)'T', (byte)'e', (byte)'m', (byte)'p', (byte)'o',
                0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,              // 500000 us/qn
                0x00, 0xFF, 0x58, 0x04, 0x03, 0x03, 0x0C, 0x08,         // 3/8
                0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01,                     // 3 flats, minor
                0x83, 0x60, 0xFF, 0x51, 0x03, 0x03, 0xD0, 0x90,         // delta 480: 250000 us/qn
                0x00, 0xFF, 0x06, 0x03, (byte)'A', (byte)'B', (byte)'C', // marker: kept raw
                .. EndOfTrack]),
            SmfBytes.Track([
                0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7,         // GM reset sysex
                0x00, 0xF7, 0x02, 0xF8, 0xFA,                           // escape packet
                0x00, 0x91, 0x40, 0x50, 0x60, 0x81, 0x40, 0x00,
                .. EndOfTrack]));

        MidiFile file = MidiFile.Read(data);

        Assert.Equal("Tempo", file.Tracks[0].Name);
        var key = Assert.IsType<KeySignatureEvent>(file.Tracks[0].Events[3]);
        Assert.Equal((-3, true), (key.SharpsOrFlats, key.IsMinor));
        var signature = Assert.IsType<TimeSignatureEvent>(file.Tracks[0].Events[2]);
        Assert.Equal((3, 8), (signature.Numerator, signature.Denominator));
        var second = Assert.IsType<TempoEvent>(file.Tracks[0].Events[4]);
        Assert.Equal((480, 250000), (second.DeltaTicks, second.MicrosecondsPerQuarterNote));
        var marker = Assert.IsType<UnknownMetaEvent>(file.Tracks[0].Events[5]);
        Assert.Equal((byte)0x06, marker.MetaType);
        Assert.Equal("ABC"u8.ToArray(), marker.Data.ToArray());
        var sysex = Assert.IsType<SysExEvent>(file.Tracks[1].Events[0]);
        Assert.False(sysex.IsEscape);
        Assert.Equal(new byte[] { 0x7E, 0x7F, 0x09, 0x01, 0xF7 }, sysex.Data.ToArray());
        Assert.True(Assert.IsType<SysExEvent>(file.Tracks[1].Events[1]).IsEscape);

        // Our writer produces exactly these bytes back: the input already uses the canonical encoding.
        Assert.Equal(data, file.ToBytes());
    }

    [Fact]
    public void Writer_uses_running_status_and_appends_a_missing_end_of_track()
    {
        var track = new MidiTrack([ChannelEvent.NoteOn(0, 0, 60, 100), ChannelEvent.NoteOn(10, 0, 60, 0), ChannelEvent.NoteOn(0, 1, 62, 100)]);
        byte[] bytes = new MidiFile(MidiFileFormat.SingleTrack, 96, [track]).ToBytes();

        byte[] expectedBody = [0x00, 0x90, 60, 100, 0x0A, 60, 0, 0x00, 0x91, 62, 100, 0x00, 0xFF, 0x2F, 0x00];
        Assert.Equal(SmfBytes.File(0, 96, SmfBytes.Track(expectedBody)), bytes);
    }

    [Fact]
    public void Skips_unknown_chunks()
    {
        byte[] data = [.. SmfBytes.Header(0, 1, 96), .. SmfBytes.Chunk("XFIH", 1, 2, 3, 4, 5), .. SmfBytes.Track([0x00, 0x90, 60, 1, .. EndOfTrack])];

        MidiFile file = MidiFile.Read(data);

        Assert.Single(file.Tracks);
        Assert.Equal(2, file.Tracks[0].Events.Count);
    }

    [Fact]
    public void Large_delta_times_use_four_byte_variable_length_quantities()
    {
        var track = new MidiTrack([ChannelEvent.NoteOn(MidiEvent.MaxDeltaTicks, 0, 60, 1), new EndOfTrackEvent(0x3FFF)]);
        byte[] bytes = new MidiFile(MidiFileFormat.SingleTrack, 96, [track]).ToBytes();

        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0x7F, 0x90 }, bytes[22..27]);
        MidiFile again = MidiFile.Read(bytes);
        Assert.Equal(MidiEvent.MaxDeltaTicks, again.Tracks[0].Events[0].DeltaTicks);
        Assert.Equal(0x3FFF, again.Tracks[0].Events[1].DeltaTicks);
    }

    [Fact]
    public void Stream_and_path_reading_agree_and_writing_is_atomic_to_a_path()
    {
        using var folder = new TempFolder();
        MidiFile original = MidiFile.Read(MidiFixtures.PathOf("331.mid"));
        string path = folder.File("copy.mid");
        File.WriteAllText(path, "old content");

        original.Write(path);

        using var stream = File.OpenRead(path);
        MidiFile fromStream = MidiFile.Read(stream);
        Assert.Equal(original.ToBytes(), fromStream.ToBytes());
        Assert.Single(Directory.GetFiles(folder.Path));
        Assert.Throws<DirectoryNotFoundException>(() => original.Write(folder.File("missing/x.mid")));
    }

    [Fact]
    public void Format_0_file_must_have_exactly_one_track()
    {
        Assert.Throws<ArgumentException>(() => new MidiFile(MidiFileFormat.SingleTrack, 96, [new MidiTrack([]), new MidiTrack([])]));
        byte[] data = SmfBytes.File(0, 96, SmfBytes.Track(EndOfTrack), SmfBytes.Track(EndOfTrack));
        var ex = Assert.Throws<MidiFormatException>(() => MidiFile.Read(data));
        Assert.Contains("format 0", ex.Message, StringComparison.Ordinal);
    }
}
