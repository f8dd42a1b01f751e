using PianoTranscription.Midi;
using PianoTranscription.Midi.Events;

namespace PianoTranscription.Tests.Midi;

public class TempoMapTests
{
    [Fact]
    public void Converts_ticks_to_seconds_across_several_tempo_changes()
    {
        // 480 PPQ: 120 bpm for 2 beats, then 240 bpm for 2 beats, then 60 bpm.
        var map = new TempoMap(480, [new TempoChange(0, 500_000), new TempoChange(960, 250_000), new TempoChange(1920, 1_000_000)]);

        Assert.Equal(0.0, map.ToSeconds(0));
        Assert.Equal(0.5, map.ToSeconds(480), 12);
        Assert.Equal(1.0, map.ToSeconds(960), 12);
        Assert.Equal(1.25, map.ToSeconds(1440), 12);
        Assert.Equal(1.5, map.ToSeconds(1920), 12);
        Assert.Equal(3.5, map.ToSeconds(2880), 12);
    }

    [Fact]
    public void Seconds_to_ticks_inverts_ticks_to_seconds()
    {
        var map = new TempoMap(384, [new TempoChange(100, 431_000), new TempoChange(2000, 733_333), new TempoChange(5000, 123_456)]);

        for (long tick = 0; tick < 8000; tick += 7)
        {
            Assert.Equal(tick, map.ToTicks(map.ToSeconds(tick)));
        }

        Assert.Equal(map.ToTicks(1.0), map.ToTicks(1.0 + 1e-9));
    }

    [Fact]
    public void Defaults_to_120_bpm_before_the_first_tempo_event()
    {
        var map = new TempoMap(96, [new TempoChange(192, 1_000_000)]);

        Assert.Equal(1.0, map.ToSeconds(192), 12); // 2 beats at the default 120 bpm
        Assert.Equal(2.0, map.ToSeconds(288), 12); // then 1 beat at 60 bpm
        Assert.Equal(2, map.Changes.Count);
        Assert.Equal(120, map.Changes[0].BeatsPerMinute, 9);
    }

    [Fact]
    public void Later_change_at_the_same_tick_wins_and_order_of_input_does_not_matter()
    {
        var map = new TempoMap(480, [new TempoChange(960, 1_000_000), new TempoChange(0, 600_000), new TempoChange(0, 500_000)]);

        Assert.Equal(1.0, map.ToSeconds(960), 12);
        Assert.Equal(2.0, map.ToSeconds(1440), 12);
    }

    [Fact]
    public void Collects_tempo_events_from_every_track_of_a_file()
    {
        var conductor = MidiTrack.FromAbsoluteTicks([(0L, (MidiEvent)new TempoEvent(0, 250_000)), (480L, new TempoEvent(0, 1_000_000))]);
        var notes = new MidiTrack([ChannelEvent.NoteOn(960, 0, 60, 100)]);
        var file = new MidiFile(MidiFileFormat.MultiTrack, 480, [conductor, notes]);

        TempoMap map = file.GetTempoMap();

        Assert.Equal(0.25 + 1.0, map.ToSeconds(960), 12);
    }

    [Fact]
    public void Matches_the_seconds_mido_computed_for_a_file_with_three_tempo_events()
    {
        // 331.mid has three tempo events; the golden times come from mido (make_golden.py).
        MidiFile file = MidiFile.Read(MidiFixtures.PathOf("331.mid"));
        Assert.Equal([0L, 63L, 8640L], file.GetTempoMap().Changes.Select(c => c.Tick));
        var (golden, _) = MidiFixtures.Golden("331.mid");
        MidiPerformance ours = MidiNotes.FromMidiFile(file);
        Assert.Equal(golden.Count, ours.Notes.Count);
        Assert.Equal(golden.Max(n => n.Offset), ours.Notes.Max(n => n.Offset), 1e-6);
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        var map = TempoMap.Constant(480, 120);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.ToSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.ToTicks(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.ToTicks(-0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TempoMap(0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TempoMap(480, [new TempoChange(0, 0)]));
    }
}
