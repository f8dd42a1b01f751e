using PianoTranscription.Decoding;
using PianoTranscription.Notation;

namespace PianoTranscription.Tests.Notation;

public class QuantizerTests
{
    private const int Tpq = 480;

    // Beats every 0.5 s from second 0 (120 bpm), 4/4 from the first beat.
    private static BeatAnalysis Steady(int count = 24, double period = 0.5, TimeSignature? signature = null) =>
        new(Enumerable.Range(0, count).Select(i => i * period).ToArray(), signature ?? TimeSignature.FourFour, 0);

    [Fact]
    public void Straight_values_with_small_timing_errors_land_on_the_sixteenth_grid()
    {
        Note[] notes = [new(60, 0.01, 0.49, 80), new(62, 0.51, 0.74, 80), new(64, 0.745, 0.99, 80), new(65, 1.13, 1.25, 80)];
        QuantizedTiming q = new Quantizer().Quantize(notes, Steady());
        Assert.Equal([0L, 480, 720, 1080], q.StartTicks);
        Assert.Equal([480L, 240, 240, 120], q.DurationTicks);
        Assert.Equal(0, q.PickupTicks);
    }

    [Fact]
    public void A_note_held_past_a_restrike_of_its_key_ends_at_the_restrike()
    {
        // C4 struck at 0 and again at 0.5 s while the first is still "held" to 1.2 s (MIDI from other tools, or a
        // transcription's pedalled offsets): one key cannot sound twice, so the first ends at the re-strike.
        Note[] legato = [new(60, 0.0, 1.2, 80), new(60, 0.5, 1.0, 80), new(62, 0.0, 1.2, 80)];
        QuantizedTiming q = new Quantizer().Quantize(legato, Steady());
        Assert.Equal([0L, 480, 0], q.StartTicks);
        Assert.Equal(480L, q.DurationTicks[0]);
        Assert.Equal(480L, q.DurationTicks[1]);
        Assert.Equal(1200L, q.DurationTicks[2]); // another pitch is not affected

        // Given in the other order, the same.
        QuantizedTiming r = new Quantizer().Quantize([legato[1], legato[0]], Steady());
        Assert.Equal(480L, r.DurationTicks[1]);
    }

    [Fact]
    public void Triplets_get_a_triplet_grid_in_their_beat_only()
    {
        // Beat 0: three eighth triplets; beat 1: two eighths.
        Note[] notes = [new(60, 0, 0.16, 80), new(62, 0.167, 0.33, 80), new(64, 0.333, 0.5, 80), new(65, 0.5, 0.75, 80), new(67, 0.75, 1, 80)];
        QuantizedTiming q = new Quantizer().Quantize(notes, Steady());
        Assert.Equal([0L, 160, 320, 480, 720], q.StartTicks);
        Assert.Equal([160L, 160, 160, 240, 240], q.DurationTicks);
        Assert.Equal(3, q.BeatDivisions[0]);
        Assert.Equal(4, q.BeatDivisions[1]);
    }

    [Fact]
    public void Without_tuplets_triplets_round_to_sixteenths()
    {
        Note[] notes = [new(60, 0, 0.16, 80), new(62, 0.167, 0.33, 80), new(64, 0.333, 0.5, 80)];
        QuantizedTiming q = new Quantizer(QuantizerOptions.Default with { AllowTuplets = false }).Quantize(notes, Steady());
        Assert.All(q.StartTicks, t => Assert.Equal(0, t % 120));
    }

    [Fact]
    public void Dotted_values_and_notes_across_bar_lines_keep_their_whole_length()
    {
        // A dotted quarter from beat 0, then a note from beat 3 held for two beats (into bar 2).
        Note[] notes = [new(60, 0, 0.75, 80), new(62, 1.5, 2.5, 80)];
        QuantizedTiming q = new Quantizer().Quantize(notes, Steady());
        Assert.Equal(720, q.DurationTicks[0]);
        Assert.Equal(1440, q.StartTicks[1]);
        Assert.Equal(960, q.DurationTicks[1]); // crosses the bar line at tick 1920; the writers tie it
    }

    [Fact]
    public void The_tempo_map_takes_grid_ticks_back_to_the_performed_beats()
    {
        double[] beats = [0.3, 0.8, 1.35, 1.85, 2.4, 2.9, 3.5, 4.0];
        var analysis = new BeatAnalysis(beats, TimeSignature.FourFour, 2);
        Note[] notes = [new(60, 0.31, 0.8, 80), new(64, 1.36, 2.0, 80), new(67, 3.49, 3.9, 80)];
        QuantizedTiming q = new Quantizer().Quantize(notes, analysis);

        // The first beat is 0.3 s in (over half a 0.5 s beat): the silence before it is one beat, so performed beat
        // k is at tick (k + 1) * 480.
        Assert.Equal([480L, 3 * 480, 7 * 480], q.StartTicks);
        for (int k = 0; k < beats.Length; k++)
        {
            Assert.Equal(beats[k], q.TempoMap.ToSeconds((k + 1) * 480L), 3);
        }

        Assert.Equal(3 * 480, q.PickupTicks); // bar 1 starts at the third performed beat, the fourth score beat

        // A first beat under half a beat in becomes tick 0.
        var early = new BeatAnalysis(beats.Select(b => b - 0.1).ToArray(), TimeSignature.FourFour, 0);
        QuantizedTiming e = new Quantizer().Quantize([new Note(60, 0.21, 0.5, 80), new Note(62, 0.7, 0.9, 80)], early);
        Assert.Equal([0L, 480], e.StartTicks);
        Assert.Equal(0, e.PickupTicks);
    }

    [Fact]
    public void Leading_silence_becomes_whole_beats_and_six_eight_uses_dotted_quarters()
    {
        var analysis = new BeatAnalysis([1.5, 2.25, 3.0, 3.75, 4.5], TimeSignature.SixEight, 0);
        Note[] notes = [new(60, 1.5, 1.75, 80), new(62, 1.75, 2.0, 80), new(64, 2.0, 2.25, 80)];
        QuantizedTiming q = new Quantizer().Quantize(notes, analysis);
        Assert.Equal(720, q.TicksPerBeat);
        Assert.Equal([1440L, 1680, 1920], q.StartTicks); // two leading beats of 0.75 s
        Assert.Equal(0, q.PickupTicks); // 2 rest beats = one 6/8 bar, then the first downbeat
        Assert.Equal(1.5, q.TempoMap.ToSeconds(1440), 3);
    }
}
