using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Decoding;

/// <summary>Cuts a posteriorgram into consecutive blocks, as a chunked transcriber would produce them.</summary>
internal static class PosteriorgramBlocks
{
    public static Posteriorgram Slice(Posteriorgram p, int start, int count)
    {
        const int k = Posteriorgram.KeyCount;
        static float[] Part(ReadOnlyMemory<float> head, int start, int count, int stride) =>
            head.IsEmpty ? [] : head.Slice(start * stride, count * stride).ToArray();

        return new Posteriorgram(
            p.FrameRate,
            p.TimeOf(start),
            Part(p.Onset, start, count, k),
            Part(p.Frame, start, count, k),
            Part(p.Offset, start, count, k),
            Part(p.Velocity, start, count, k),
            Part(p.PedalOnset, start, count, 1),
            Part(p.PedalFrame, start, count, 1),
            Part(p.PedalOffset, start, count, 1));
    }

    public static IEnumerable<Posteriorgram> RandomSplit(Posteriorgram p, Random random, int maxBlock)
    {
        int start = 0;
        while (start < p.FrameCount)
        {
            int count = Math.Min(p.FrameCount - start, random.Next(0, maxBlock + 1));
            yield return Slice(p, start, count);
            start += count;
        }
    }
}
