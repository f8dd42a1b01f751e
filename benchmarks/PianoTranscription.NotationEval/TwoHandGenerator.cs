using PianoTranscription.Decoding;
using PianoTranscription.Notation;

namespace PianoTranscription.NotationEval;

/// <summary>
/// Generated two-hand piano pieces with known hands: a right-hand melody (stepwise, eighths and quarters,
/// sometimes in thirds or with a chord under it) over a left-hand accompaniment (bass with Alberti figures,
/// block chords or broken octaves) on a I–V–vi–IV style progression in a random key and tempo. The ranges
/// overlap: the left hand climbs to around middle C and above, the right hand dips below it, so a fixed split
/// point cannot separate them. Deterministic for a seed.
/// </summary>
internal static class TwoHandGenerator
{
    private static readonly int[][] Progressions = [[0, 7, 9, 5], [0, 5, 7, 0], [9, 5, 0, 7], [0, 9, 5, 7], [2, 7, 0, 0]];

    /// <summary>A piece of <paramref name="bars"/> 4/4 bars: its notes and each note's hand.</summary>
    public static (List<Note> Notes, List<Hand> Hands) Piece(int seed, int bars = 16)
    {
        var random = new Random(seed);
        int key = random.Next(12);
        double beat = 60.0 / (70 + random.Next(70));
        int[] progression = Progressions[random.Next(Progressions.Length)];
        int style = random.Next(3);
        int melody = 64 + key % 7 + random.Next(-2, 3);
        var notes = new List<Note>();
        var hands = new List<Hand>();
        void Add(int pitch, double onset, double length, int velocity, Hand hand)
        {
            notes.Add(new Note(Math.Clamp(pitch, 21, 108), onset, onset + length, velocity));
            hands.Add(hand);
        }

        for (int bar = 0; bar < bars; bar++)
        {
            int root = key + progression[bar % progression.Length];
            bool minor = progression[bar % progression.Length] is 9 or 2;
            int third = minor ? 3 : 4;
            double t0 = bar * 4 * beat;

            // Left hand: the bass register drifts up in some bars so the hands' ranges cross.
            int bass = 36 + (((root % 12) + 12) % 12);
            if (style != 1 && bass < 42 && random.NextDouble() < 0.3)
            {
                bass += 12;
            }

            switch (style)
            {
                case 0: // Alberti: root, fifth, third, fifth in eighths, within an octave
                    for (int i = 0; i < 8; i++)
                    {
                        int[] figure = [0, 7, third, 7];
                        Add(bass + figure[i % 4], t0 + (i * beat / 2), beat / 2, 60, Hand.Left);
                    }

                    break;
                case 1: // bass note on beats 1 and 3, block chords on beats 2 and 4 (oom-pah)
                    Add(bass, t0, beat * 0.9, 70, Hand.Left);
                    Add(bass + 7, t0 + 2 * beat, beat * 0.9, 66, Hand.Left);
                    foreach (double b in (double[])[1, 3])
                    {
                        foreach (int iv in (int[])[7, 12, 12 + third])
                        {
                            Add(bass + iv, t0 + b * beat, beat * 0.9, 55, Hand.Left);
                        }
                    }

                    break;
                default: // broken octaves and a tenth
                    for (int i = 0; i < 4; i++)
                    {
                        Add(bass, t0 + i * beat, beat / 2, 68, Hand.Left);
                        Add(bass + (i % 2 == 0 ? 12 : 12 + third), t0 + (i + 0.5) * beat, beat / 2, 58, Hand.Left);
                    }

                    break;
            }

            // Right hand: a stepwise melody, sometimes dropping toward middle C.
            double t = t0;
            while (t < t0 + 4 * beat - 1e-9)
            {
                double length = random.NextDouble() < 0.5 ? beat / 2 : beat;
                melody += random.Next(-2, 3);
                if (random.NextDouble() < 0.08)
                {
                    melody -= 7;
                }

                melody = Math.Clamp(melody, 58, 86);
                Add(melody, t, length * 0.95, 80, Hand.Right);
                if (random.NextDouble() < 0.25)
                {
                    Add(melody - (random.NextDouble() < 0.5 ? 3 : 4), t, length * 0.95, 72, Hand.Right);
                }

                if (Math.Abs(t - t0) < 1e-9 && melody >= 67 && random.NextDouble() < 0.3)
                {
                    Add(melody - 8, t, length * 0.95, 70, Hand.Right);
                }

                t += length;
            }
        }

        // Sorted by onset then pitch, hands kept in step.
        var order = Enumerable.Range(0, notes.Count).OrderBy(i => notes[i].Onset).ThenBy(i => notes[i].Pitch).ToArray();
        return (order.Select(i => notes[i]).ToList(), order.Select(i => hands[i]).ToList());
    }
}
