using PianoTranscription.Decoding;

namespace PianoTranscription.Tests.Notation;

/// <summary>Synthetic accompaniments at known beats: a bass note on each downbeat, chords on the other beats, a melody in eighths.</summary>
internal static class RhythmMaterial
{
    /// <summary>Beat times from <paramref name="start"/> with one period per beat (tempo changes where the periods change).</summary>
    public static List<double> Beats(double start, IEnumerable<double> periods)
    {
        var beats = new List<double> { start };
        foreach (double p in periods)
        {
            beats.Add(beats[^1] + p);
        }

        return beats;
    }

    /// <summary>
    /// Notes on the given beats in bars of <paramref name="beatsPerBar"/> (the first bar starting at beat
    /// <paramref name="firstDownbeat"/>; beats before it are a pickup with melody only). Chords change every bar,
    /// the downbeat has a low bass; each beat is divided into <paramref name="division"/> melody notes (2 simple, 3 compound).
    /// </summary>
    public static List<Note> Accompaniment(IReadOnlyList<double> beats, int beatsPerBar, int firstDownbeat = 0, int division = 2)
    {
        int[][] chords = [[0, 4, 7], [9, 12, 16], [5, 9, 12], [7, 11, 14]];
        var notes = new List<Note>();
        for (int i = 0; i + 1 < beats.Count; i++)
        {
            double t = beats[i], p = beats[i + 1] - beats[i];
            int bar = (i - firstDownbeat) / beatsPerBar;
            int inBar = i - firstDownbeat - (bar * beatsPerBar);
            for (int d = 0; d < division; d++)
            {
                notes.Add(new Note(72 + ((i * 3 + d * 2) % 7), t + (d * p / division), t + ((d + 1) * p / division) - 0.01, d == 0 ? 80 : 60));
            }

            if (i < firstDownbeat)
            {
                continue;
            }

            int[] chord = chords[bar % chords.Length];
            if (inBar == 0)
            {
                notes.Add(new Note(36 + chord[0], t, t + (beatsPerBar * p) - 0.02, 100));
            }
            else
            {
                foreach (int c in chord)
                {
                    notes.Add(new Note(55 + c, t, t + (0.8 * p), 55));
                }
            }
        }

        return notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList();
    }
}
