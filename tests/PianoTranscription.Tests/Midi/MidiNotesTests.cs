using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Midi.Events;

namespace PianoTranscription.Tests.Midi;

public class MidiNotesTests
{
    private const double Tick = 0.5 / 480; // one tick at 120 bpm, 480 PPQ

    [Theory]
    [InlineData("098.mid")]
    [InlineData("331.mid")]
    public void Reads_the_same_notes_and_pedal_as_the_mido_golden_files(string name)
    {
        var (goldenNotes, goldenPedal) = MidiFixtures.Golden(name);

        MidiPerformance ours = MidiNotes.Read(MidiFixtures.PathOf(name));

        Assert.Equal(goldenNotes.Count, ours.Notes.Count);
        var expected = goldenNotes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ThenBy(n => n.Offset).ThenBy(n => n.Velocity).ToList();
        var actual = ours.Notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ThenBy(n => n.Offset).ThenBy(n => n.Velocity).ToList();
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Pitch, actual[i].Pitch);
            Assert.Equal(expected[i].Velocity, actual[i].Velocity);
            Assert.Equal(expected[i].Onset, actual[i].Onset, 1e-6);
            Assert.Equal(expected[i].Offset, actual[i].Offset, 1e-6);
        }

        Assert.Equal(goldenPedal.Count, ours.SustainPedal.Count);
        for (int i = 0; i < goldenPedal.Count; i++)
        {
            Assert.Equal(goldenPedal[i].Onset, ours.SustainPedal[i].Onset, 1e-6);
            Assert.Equal(goldenPedal[i].Offset, ours.SustainPedal[i].Offset, 1e-6);
        }
    }

    [Theory]
    [InlineData(MidiFileFormat.SingleTrack)]
    [InlineData(MidiFileFormat.MultiTrack)]
    public void Written_notes_and_pedal_read_back_within_half_a_tick(MidiFileFormat format)
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        using var folder = new TempFolder();
        string path = folder.File("take.mid");

        MidiNotes.Write(path, notes, pedal, new MidiWriteOptions { Format = format });
        MidiPerformance back = MidiNotes.Read(path);

        Assert.Equal(format, MidiFile.Read(path).Format);
        var expected = notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList();
        Assert.Equal(expected.Count, back.Notes.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Pitch, back.Notes[i].Pitch);
            Assert.Equal(expected[i].Velocity, back.Notes[i].Velocity);
            Assert.InRange(back.Notes[i].Onset - expected[i].Onset, -Tick / 2, Tick / 2);
            Assert.InRange(back.Notes[i].Offset - expected[i].Offset, -Tick / 2, Tick / 2);
        }

        Assert.Equal(pedal.Length, back.SustainPedal.Count);
        for (int i = 0; i < pedal.Length; i++)
        {
            Assert.InRange(back.SustainPedal[i].Onset - pedal[i].Onset, -Tick / 2, Tick / 2);
            Assert.InRange(back.SustainPedal[i].Offset - pedal[i].Offset, -Tick / 2, Tick / 2);
        }
    }

    [Fact]
    public void Written_file_has_tempo_track_name_program_and_pedal_controller()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();

        MidiFile file = MidiNotes.ToMidiFile(notes, pedal, new MidiWriteOptions { BeatsPerMinute = 90, TrackName = "Flügel", Channel = 3, TicksPerQuarterNote = 960 });

        Assert.Equal(MidiFileFormat.MultiTrack, file.Format);
        Assert.Equal(960, file.TicksPerQuarterNote);
        Assert.Equal(2, file.Tracks.Count);
        Assert.Equal(666_667, Assert.Single(file.Tracks[0].Events.OfType<TempoEvent>()).MicrosecondsPerQuarterNote);
        Assert.Equal("Flügel", MidiFile.Read(file.ToBytes()).Tracks[1].Name);
        var channel = file.Tracks[1].Events.OfType<ChannelEvent>().ToList();
        Assert.All(channel, e => Assert.Equal(3, e.Channel));
        Assert.Equal((ChannelEventType.ProgramChange, 0), (channel[0].Type, channel[0].Data1));
        Assert.Equal(notes.Length, channel.Count(e => e.IsNoteOn));
        Assert.Equal(notes.Length, channel.Count(e => e.IsNoteOff));
        Assert.Equal([127, 0, 127, 0], channel.Where(e => e.Type == ChannelEventType.ControlChange && e.Data1 == 64).Select(e => e.Data2));
        Assert.IsType<EndOfTrackEvent>(file.Tracks[1].Events[^1]);
    }

    [Fact]
    public void Overlapping_notes_on_the_same_key_end_first_in_first_out()
    {
        var track = MidiTrack.FromAbsoluteTicks(
        [
            (0L, (MidiEvent)ChannelEvent.NoteOn(0, 0, 60, 100)),
            (480L, ChannelEvent.NoteOn(0, 0, 60, 50)),
            (960L, ChannelEvent.NoteOff(0, 0, 60)),
            (1440L, ChannelEvent.NoteOn(0, 0, 60, 0)),
        ]);

        MidiPerformance p = MidiNotes.FromMidiFile(new MidiFile(MidiFileFormat.SingleTrack, 480, [track]));

        Assert.Equal([new Note(60, 0, 1.0, 100), new Note(60, 0.5, 1.5, 50)], p.Notes);
    }

    [Fact]
    public void Re_struck_keys_written_by_us_read_back_as_separate_notes()
    {
        Note[] notes = [new Note(60, 0, 1, 100), new Note(60, 0.5, 1.5, 50), new Note(62, 2, 3, 70), new Note(62, 3, 4, 71)];

        MidiPerformance back = MidiNotes.FromMidiFile(MidiNotes.ToMidiFile(notes, []));

        Assert.Equal(notes, back.Notes);
    }

    [Fact]
    public void Unreleased_notes_and_pedal_end_at_the_end_of_the_file()
    {
        var track = MidiTrack.FromAbsoluteTicks(
        [
            (0L, (MidiEvent)ChannelEvent.NoteOn(0, 0, 60, 100)),
            (0L, ChannelEvent.ControlChange(0, 0, 64, 100)),
            (960L, ChannelEvent.NoteOff(0, 0, 61)), // a note-off with nothing to end is ignored
            (1920L, new EndOfTrackEvent(0)),
        ]);

        MidiPerformance p = MidiNotes.FromMidiFile(new MidiFile(MidiFileFormat.SingleTrack, 480, [track]));

        Assert.Equal([new Note(60, 0, 2.0, 100)], p.Notes);
        Assert.Equal([new PedalInterval(0, 2.0)], p.SustainPedal);
    }

    [Fact]
    public void Pedal_is_down_from_controller_value_64_and_channels_are_merged()
    {
        var track = MidiTrack.FromAbsoluteTicks(
        [
            (0L, (MidiEvent)ChannelEvent.ControlChange(0, 0, 64, 63)),  // still up
            (480L, ChannelEvent.ControlChange(0, 0, 64, 64)),           // down at 0.5 s
            (720L, ChannelEvent.ControlChange(0, 0, 64, 100)),          // still down: no new interval
            (960L, ChannelEvent.ControlChange(0, 1, 64, 127)),          // another channel, overlapping
            (1440L, ChannelEvent.ControlChange(0, 0, 64, 63)),          // channel 0 up at 1.5 s
            (1920L, ChannelEvent.ControlChange(0, 1, 64, 0)),           // channel 1 up at 2 s
            (2400L, ChannelEvent.ControlChange(0, 0, 65, 127)),         // another controller: ignored
        ]);

        MidiPerformance p = MidiNotes.FromMidiFile(new MidiFile(MidiFileFormat.SingleTrack, 480, [track]));

        Assert.Equal([new PedalInterval(0.5, 2.0)], p.SustainPedal);
    }

    [Fact]
    public void Drum_channel_is_left_out_unless_asked_for()
    {
        var track = new MidiTrack([ChannelEvent.NoteOn(0, 9, 36, 100), ChannelEvent.NoteOn(0, 0, 60, 100), ChannelEvent.NoteOff(480, 9, 36), ChannelEvent.NoteOff(0, 0, 60)]);
        var file = new MidiFile(MidiFileFormat.SingleTrack, 480, [track]);

        Assert.Equal([60], MidiNotes.FromMidiFile(file).Notes.Select(n => n.Pitch));
        Assert.Equal([36, 60], MidiNotes.FromMidiFile(file, new MidiReadOptions { IncludeDrumChannel = true }).Notes.Select(n => n.Pitch));
    }

    [Fact]
    public void Notes_in_different_tracks_are_merged_on_one_time_line()
    {
        var conductor = new MidiTrack([new TempoEvent(0, 1_000_000)]);
        var a = new MidiTrack([ChannelEvent.NoteOn(480, 0, 60, 100), ChannelEvent.NoteOff(480, 0, 60)]);
        var b = new MidiTrack([ChannelEvent.NoteOn(240, 1, 64, 90), ChannelEvent.NoteOff(240, 1, 64)]);

        MidiPerformance p = MidiNotes.FromMidiFile(new MidiFile(MidiFileFormat.MultiTrack, 480, [conductor, a, b]));

        Assert.Equal([new Note(64, 0.5, 1.0, 90), new Note(60, 1.0, 2.0, 100)], p.Notes);
    }

    [Fact]
    public void Very_short_notes_last_at_least_one_tick_and_velocities_are_clamped()
    {
        Note[] notes = [new Note(60, 1.0, 1.0, 0), new Note(61, 1.0, 1.0002, 200)];

        MidiPerformance back = MidiNotes.FromMidiFile(MidiNotes.ToMidiFile(notes, []));

        Assert.Equal([1, 127], back.Notes.Select(n => n.Velocity));
        Assert.All(back.Notes, n => Assert.Equal(Tick, n.Duration, 9));
    }

    [Fact]
    public void Writer_rejects_notes_and_options_it_cannot_store()
    {
        PedalInterval[] none = [];
        Assert.Throws<ArgumentException>(() => MidiNotes.ToMidiFile([new Note(128, 0, 1, 64)], none));
        Assert.Throws<ArgumentException>(() => MidiNotes.ToMidiFile([new Note(60, double.NaN, 1, 64)], none));
        Assert.Throws<ArgumentException>(() => MidiNotes.ToMidiFile([new Note(60, -1, 1, 64)], none));
        Assert.Throws<ArgumentException>(() => MidiNotes.ToMidiFile([new Note(60, 2, 1, 64)], none));
        Assert.Throws<ArgumentException>(() => MidiNotes.ToMidiFile([], [new PedalInterval(1, double.PositiveInfinity)]));
        Assert.Throws<ArgumentException>(() => MidiNotes.ToMidiFile([], none, new MidiWriteOptions { Format = MidiFileFormat.MultiSequence }));
        Assert.Throws<ArgumentException>(() => MidiNotes.ToMidiFile([], none, new MidiWriteOptions { TicksPerQuarterNote = 0 }));
        Assert.Throws<ArgumentException>(() => MidiNotes.ToMidiFile([], none, new MidiWriteOptions { BeatsPerMinute = double.NaN }));
        Assert.Throws<ArgumentException>(() => MidiNotes.ToMidiFile([], none, new MidiWriteOptions { Channel = 16 }));
    }

    [Fact]
    public void Empty_performance_writes_a_valid_file()
    {
        MidiFile file = MidiNotes.ToMidiFile([], []);
        MidiPerformance back = MidiNotes.Read(new MemoryStream(file.ToBytes()));
        Assert.Empty(back.Notes);
        Assert.Empty(back.SustainPedal);
    }

    [Fact]
    public async Task Async_write_produces_the_same_bytes_and_honours_cancellation()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        using var folder = new TempFolder();
        string path = folder.File("async.mid");

        await MidiNotes.WriteAsync(path, notes, pedal);

        Assert.Equal(MidiNotes.ToMidiFile(notes, pedal).ToBytes(), File.ReadAllBytes(path));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MidiNotes.WriteAsync(folder.File("never.mid"), notes, pedal, null, cancelled.Token));
        Assert.False(File.Exists(folder.File("never.mid")));
    }
}
