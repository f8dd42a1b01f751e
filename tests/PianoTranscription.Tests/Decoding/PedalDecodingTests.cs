using PianoTranscription.Decoding;
using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Decoding;

public class PedalDecodingTests
{
    [Fact]
    public void Rendered_pedal_presses_decode_back_within_two_milliseconds()
    {
        var pedals = new List<PedalInterval> { new(0.413, 1.977), new(2.05, 2.6), new(3.111, 5.2), new(5.35, 6.01) };
        Posteriorgram p = TargetRenderer.Render([], pedals, 350, 50);

        IReadOnlyList<PedalInterval> decoded = new NoteDecoder().Decode(p).Pedals;

        Assert.Equal(pedals.Count, decoded.Count);
        for (int i = 0; i < pedals.Count; i++)
        {
            Assert.InRange(decoded[i].Onset - pedals[i].Onset, -0.002, 0.002);
            Assert.InRange(decoded[i].Offset - pedals[i].Offset, -0.002, 0.002);
        }
    }

    [Fact]
    public void A_pedal_held_from_the_start_without_an_onset_peak_starts_at_the_first_frame()
    {
        var frame = new float[100];
        Array.Fill(frame, 1f, 0, 60);
        var p = new Posteriorgram(50, 0, new float[100 * 88], new float[100 * 88], pedalFrame: frame);

        PedalInterval pedal = Assert.Single(new NoteDecoder(new DecoderOptions { PedalFrameThreshold = 0.5f }).Decode(p).Pedals);

        Assert.Equal(0.0, pedal.Onset, 9);
        Assert.Equal(59.5 / 50, pedal.Offset, 9);
    }

    [Fact]
    public void Presses_shorter_than_the_minimum_are_dropped()
    {
        var pedals = new List<PedalInterval> { new(0.5, 0.58), new(1.0, 1.5) };
        Posteriorgram p = TargetRenderer.Render([], pedals, 100, 50);

        Assert.Single(new NoteDecoder(new DecoderOptions { MinPedalDuration = 0.1 }).Decode(p).Pedals);
        Assert.Equal(2, new NoteDecoder(new DecoderOptions { MinPedalDuration = 0.05 }).Decode(p).Pedals.Count);
    }

    [Fact]
    public void Without_pedal_heads_there_are_no_pedals()
    {
        Posteriorgram full = TargetRenderer.Render([new Note(60, 0.3, 0.8, 100)], [new PedalInterval(0.1, 1.0)], 60, 50);
        var p = new Posteriorgram(50, 0, full.Onset.ToArray(), full.Frame.ToArray(), full.Offset.ToArray(), full.Velocity.ToArray());

        DecodedNotes decoded = new NoteDecoder().Decode(p);

        Assert.Single(decoded.Notes);
        Assert.Empty(decoded.Pedals);
    }
}
