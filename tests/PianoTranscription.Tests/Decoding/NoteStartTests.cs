using PianoTranscription.Decoding;
using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Decoding;

public class NoteStartTests
{
    [Theory]
    [InlineData(21, 1)]
    [InlineData(22, 7)]
    public void Every_start_finishes_exactly_once_with_the_same_pitch_and_onset(int seed, int maxBlock)
    {
        List<Note> truth = NoteDecoderTests.RandomNotes(seed, 12, 60);
        Posteriorgram p = TargetRenderer.Render(truth, null, 600, 50);
        StreamingNoteDecoder stream = new NoteDecoder().CreateStream();
        var starts = new List<NoteStart>();
        var finished = new List<Note>();
        foreach (Posteriorgram block in PosteriorgramBlocks.RandomSplit(p, new Random(seed), maxBlock))
        {
            finished.AddRange(stream.Push(block).Notes);
            foreach (NoteStart s in stream.TakeStarted())
            {
                Assert.DoesNotContain(finished, n => n.Pitch == s.Pitch && n.Onset == s.Onset);
                Assert.True(s.Onset <= stream.FramesReceived / 50.0);
                starts.Add(s);
            }
        }

        finished.AddRange(stream.Complete().Notes);
        Assert.Empty(stream.TakeStarted());
        Assert.NotEmpty(starts);
        Assert.Equal(starts.Count, starts.Distinct().Count());
        var expected = starts.Select(s => (s.Pitch, s.Onset, s.Velocity, s.Confidence)).OrderBy(x => x.Pitch).ThenBy(x => x.Onset);
        var actual = finished.Select(n => (n.Pitch, n.Onset, n.Velocity, n.Confidence)).OrderBy(x => x.Pitch).ThenBy(x => x.Onset);
        Assert.Equal(expected, actual);
    }
}
