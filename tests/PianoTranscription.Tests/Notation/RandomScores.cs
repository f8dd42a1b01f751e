using PianoTranscription.Analysis;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Notation;

namespace PianoTranscription.Tests.Notation;

/// <summary>
/// Random quantised scores for property tests: per hand up to three independent voices (each in its own pitch range,
/// so no key sounds twice at once), notes, chords and rests on a sixteenth or triplet grid chosen per voice and beat
/// (sixteenths only in x/8), tied over beats and bars at random; any meter and pickup.
/// </summary>
internal static class RandomScores
{
    public static Score Create(int seed, TimeSignature time, long pickup)
    {
        var random = new Random(seed);
        var tempo = TempoMap.Constant(480, 60 + random.Next(80));
        long bar = time.TicksPerBar(480);
        long end = pickup + (bar * (2 + random.Next(3)));
        long cell = time.Denominator <= 4 ? 480 : 240;
        var notes = new List<ScoreNote>();
        foreach (Hand hand in new[] { Hand.Right, Hand.Left })
        {
            int voices = 1 + random.Next(3);
            for (int v = 0; v < voices; v++)
            {
                // Cut points: every cell split on its grid, then pieces merged at random into notes and rests.
                var cuts = new List<long>();
                long offset = pickup > 0 ? bar - pickup : 0;
                for (long c = 0; c < end; c += cell)
                {
                    long aligned = c - (offset % cell);
                    long start = Math.Max(0, aligned);
                    cuts.Add(start);
                    bool triplet = cell == 480 && random.Next(4) == 0;
                    foreach (long inner in triplet ? new long[] { 160, 320 } : cell == 480 ? [120, 240, 360] : [120])
                    {
                        if (random.Next(2) == 0 && aligned + inner > 0 && aligned + inner < end)
                        {
                            cuts.Add(aligned + inner);
                        }
                    }
                }

                cuts.Add(end);
                cuts = cuts.Distinct().Order().ToList();
                int low = hand == Hand.Right ? 60 + (v * 10) : 28 + (v * 10);
                int i = 0;
                while (i + 1 < cuts.Count)
                {
                    int j = Math.Min(cuts.Count - 1, i + 1 + (random.Next(3) == 0 ? random.Next(4) : 0));
                    long s = cuts[i];
                    long e = cuts[j];
                    if (random.Next(4) != 0)
                    {
                        int count = 1 + (random.Next(3) == 0 ? random.Next(3) : 0);
                        foreach (int pitch in Enumerable.Range(low, 9).OrderBy(_ => random.Next()).Take(count))
                        {
                            notes.Add(new ScoreNote(pitch, 40 + random.Next(80), s, e - s, hand, v + 1,
                                new Note(pitch, tempo.ToSeconds(s), tempo.ToSeconds(e), 64)));
                        }
                    }

                    i = j;
                }
            }
        }

        return new Score(notes, tempo, time, pickup, Key.FromIndex(random.Next(24)), title: $"Random {seed}");
    }

    public static IEnumerable<object[]> Cases()
    {
        (int, int, long)[] meters = [(4, 4, 0), (3, 4, 480), (2, 2, 0), (5, 4, 960), (6, 8, 240), (3, 8, 0), (7, 8, 480), (12, 8, 720), (2, 4, 240)];
        int seed = 1;
        foreach ((int n, int d, long pickup) in meters)
        {
            for (int k = 0; k < 3; k++, seed++)
            {
                yield return [seed, n, d, pickup];
            }
        }
    }
}
