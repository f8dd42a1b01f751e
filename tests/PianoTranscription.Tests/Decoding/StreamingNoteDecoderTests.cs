using PianoTranscription.Decoding;
using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Decoding;

public class StreamingNoteDecoderTests
{
    private static Posteriorgram NoisyMusic(int seed)
    {
        List<Note> notes = NoteDecoderTests.RandomNotes(seed, 12, 90);
        var pedals = new List<PedalInterval> { new(0.5, 2.2), new(2.3, 2.6), new(4.0, 7.5), new(9.0, 12.5) };
        Posteriorgram clean = TargetRenderer.Render(notes, pedals, 600, 50, startTime: 3.25);
        var random = new Random(seed);
        float[] Noisy(ReadOnlyMemory<float> head) => head.ToArray().Select(v => Math.Clamp(v + (float)(random.NextDouble() * 0.3 - 0.1), 0f, 1f)).ToArray();
        return new Posteriorgram(
            clean.FrameRate, clean.StartTime, Noisy(clean.Onset), Noisy(clean.Frame), Noisy(clean.Offset), Noisy(clean.Velocity),
            Noisy(clean.PedalOnset), Noisy(clean.PedalFrame), Noisy(clean.PedalOffset));
    }

    [Theory]
    [InlineData(11, 1)]
    [InlineData(12, 3)]
    [InlineData(13, 17)]
    [InlineData(14, 200)]
    public void Random_block_splits_give_exactly_the_one_pass_notes(int seed, int maxBlock)
    {
        Posteriorgram p = NoisyMusic(seed);
        var decoder = new NoteDecoder();
        DecodedNotes whole = decoder.Decode(p);

        StreamingNoteDecoder stream = decoder.CreateStream();
        var notes = new List<Note>();
        var pedals = new List<PedalInterval>();
        foreach (Posteriorgram block in PosteriorgramBlocks.RandomSplit(p, new Random(seed), maxBlock))
        {
            DecodedNotes part = stream.Push(block);
            notes.AddRange(part.Notes);
            pedals.AddRange(part.Pedals);
        }

        DecodedNotes rest = stream.Complete();
        notes.AddRange(rest.Notes);
        pedals.AddRange(rest.Pedals);

        Assert.True(whole.Notes.Count > 50);
        Assert.NotEmpty(whole.Pedals);
        Assert.Equal(whole.Notes, new DecodedNotes(notes, pedals).Notes);
        Assert.Equal(whole.Pedals, new DecodedNotes(notes, pedals).Pedals);
        Assert.Equal(p.FrameCount, stream.FramesReceived);
    }

    [Fact]
    public void Notes_are_emitted_before_the_stream_ends()
    {
        Posteriorgram p = TargetRenderer.Render([new Note(60, 0.3, 0.6, 64), new Note(62, 1.2, 1.9, 64)], null, 200, 50);
        StreamingNoteDecoder stream = new NoteDecoder().CreateStream();

        DecodedNotes early = stream.Push(PosteriorgramBlocks.Slice(p, 0, 40)); // up to 0.78 s

        Note first = Assert.Single(early.Notes);
        Assert.Equal(60, first.Pitch);
        Assert.Empty(stream.Push(PosteriorgramBlocks.Slice(p, 40, 50)).Notes); // up to 1.78 s: the second note still sounds
        Assert.Equal(62, Assert.Single(stream.Push(PosteriorgramBlocks.Slice(p, 90, 110)).Notes).Pitch);
        Assert.Empty(stream.Complete().Notes);
    }

    [Fact]
    public void A_block_that_does_not_continue_the_stream_is_rejected()
    {
        Posteriorgram p = TargetRenderer.Render([], null, 100, 50);
        StreamingNoteDecoder stream = new NoteDecoder().CreateStream();
        stream.Push(PosteriorgramBlocks.Slice(p, 0, 30));

        Assert.Throws<ArgumentException>(() => stream.Push(PosteriorgramBlocks.Slice(p, 40, 10)));
        var otherRate = new Posteriorgram(100, p.TimeOf(30), new float[88], new float[88]);
        Assert.Throws<ArgumentException>(() => stream.Push(otherRate));
        var fewerHeads = new Posteriorgram(50, p.TimeOf(30), new float[88], new float[88]);
        Assert.Throws<ArgumentException>(() => stream.Push(fewerHeads));
        stream.Push(PosteriorgramBlocks.Slice(p, 30, 70));
    }

    [Fact]
    public void A_completed_stream_refuses_more_blocks()
    {
        StreamingNoteDecoder stream = new NoteDecoder().CreateStream();
        stream.Complete();

        Assert.Throws<InvalidOperationException>(() => stream.Push(new Posteriorgram(50, 0, new float[88], new float[88])));
        Assert.Throws<InvalidOperationException>(() => stream.Complete());
    }
}
