using PianoTranscription.Decoding;

namespace PianoTranscription.Evaluation;

/// <summary>Notes as parallel arrays, sorted the way the field's reference script sorts them.</summary>
internal sealed class NoteSet
{
    private NoteSet(int count)
    {
        Count = count;
        Onset = new double[count];
        Offset = new double[count];
        Pitch = new int[count];
        Velocity = new double[count];
        OriginalIndex = new int[count];
    }

    public int Count { get; }

    public double[] Onset { get; }

    public double[] Offset { get; }

    public int[] Pitch { get; }

    public double[] Velocity { get; }

    public int[] OriginalIndex { get; }

    /// <summary>Validates, sorts by (onset, offset, pitch, velocity) and raises offsets to onset + 1 ms.</summary>
    public static NoteSet From(IReadOnlyList<Note> notes, string paramName)
    {
        ArgumentNullException.ThrowIfNull(notes, paramName);
        for (int i = 0; i < notes.Count; i++)
        {
            Note n = notes[i];
            if (!double.IsFinite(n.Onset) || !double.IsFinite(n.Offset))
            {
                throw new ArgumentException($"Note {i} has a non-finite onset or offset ({n.Onset}, {n.Offset}).", paramName);
            }

            if (n.Pitch is < 0 or > 127 || n.Velocity is < 0 or > 127)
            {
                throw new ArgumentException($"Note {i} has pitch {n.Pitch} and velocity {n.Velocity}; both must be 0-127.", paramName);
            }
        }

        int[] order = Enumerable.Range(0, notes.Count)
            .OrderBy(i => notes[i].Onset)
            .ThenBy(i => notes[i].Offset)
            .ThenBy(i => notes[i].Pitch)
            .ThenBy(i => notes[i].Velocity)
            .ToArray();
        var set = new NoteSet(notes.Count);
        for (int k = 0; k < order.Length; k++)
        {
            Note n = notes[order[k]];
            set.OriginalIndex[k] = order[k];
            set.Onset[k] = n.Onset;
            set.Offset[k] = Math.Max(n.Offset, n.Onset + 1e-3);
            set.Pitch[k] = n.Pitch;
            set.Velocity[k] = n.Velocity;
        }

        return set;
    }
}
