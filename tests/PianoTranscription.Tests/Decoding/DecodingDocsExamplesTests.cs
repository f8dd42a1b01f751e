using PianoTranscription.Decoding;
using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Decoding;

/// <summary>The code samples of docs/decoding.md, kept compiling and checked.</summary>
public class DecodingDocsExamplesTests
{
    [Fact]
    public void One_pass_example()
    {
        Posteriorgram posteriorgram = TargetRenderer.Render(
            [new Note(60, 0.512, 1.25, 80), new Note(64, 0.52, 1.1, 72)], [new PedalInterval(0.3, 1.6)], frameCount: 100);

        var decoder = new NoteDecoder(DecoderOptions.Default with { OnsetThreshold = 0.4f });
        DecodedNotes result = decoder.Decode(posteriorgram);
        foreach (Note note in result.Notes)
        {
            Console.WriteLine($"{note.Pitch} {note.Onset:0.000}-{note.Offset:0.000} v{note.Velocity} p={note.Confidence:0.00}");
        }

        Console.WriteLine($"{result.Pedals.Count} pedal presses");

        Assert.Equal([60, 64], result.Notes.Select(n => n.Pitch));
        Assert.Single(result.Pedals);
    }

    [Fact]
    public void Streaming_example()
    {
        var finals = new List<Note>();
        Posteriorgram whole = TargetRenderer.Render([new Note(60, 0.5, 1.0, 64), new Note(62, 1.5, 2.5, 90)], null, 150);
        const int K = Posteriorgram.KeyCount;
        StreamingNoteDecoder stream = new NoteDecoder().CreateStream();
        for (int start = 0; start < whole.FrameCount; start += 50)
        {
            int count = Math.Min(50, whole.FrameCount - start);
            var block = new Posteriorgram(
                whole.FrameRate, whole.TimeOf(start),
                whole.Onset.Slice(start * K, count * K).ToArray(), whole.Frame.Slice(start * K, count * K).ToArray(),
                whole.Offset.Slice(start * K, count * K).ToArray(), whole.Velocity.Slice(start * K, count * K).ToArray());
            foreach (Note note in stream.Push(block).Notes)
            {
                Console.WriteLine($"final: {note}");
                finals.Add(note);
            }
        }

        foreach (Note note in stream.Complete().Notes)
        {
            Console.WriteLine($"at the end: {note}");
            finals.Add(note);
        }

        Assert.Equal(2, finals.Count);
        Assert.Equal(2.5, finals[1].Offset, 3); // the offset regression places the release between frames
    }
}
