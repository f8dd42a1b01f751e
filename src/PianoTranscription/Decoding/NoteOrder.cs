namespace PianoTranscription.Decoding;

/// <summary>Orders notes by onset, then pitch, then offset, then velocity.</summary>
internal sealed class NoteOrder : IComparer<Note>
{
    public static readonly NoteOrder Instance = new();

    public int Compare(Note x, Note y)
    {
        int c = x.Onset.CompareTo(y.Onset);
        if (c != 0)
        {
            return c;
        }

        c = x.Pitch.CompareTo(y.Pitch);
        if (c != 0)
        {
            return c;
        }

        c = x.Offset.CompareTo(y.Offset);
        return c != 0 ? c : x.Velocity.CompareTo(y.Velocity);
    }
}

/// <summary>Orders pedal presses by onset, then offset.</summary>
internal sealed class PedalOrder : IComparer<PedalInterval>
{
    public static readonly PedalOrder Instance = new();

    public int Compare(PedalInterval x, PedalInterval y) => x.Onset != y.Onset ? x.Onset.CompareTo(y.Onset) : x.Offset.CompareTo(y.Offset);
}
