namespace PianoTranscription.Notation.Layout;

/// <summary>
/// A written note value: a base value (breve ... 64th) with 0 or 1 dot, and its written length in ticks at
/// <see cref="Score"/>'s 480 ticks per quarter note. Inside a triplet the written length is 3/2 of the sounding one.
/// </summary>
internal readonly record struct NoteValue(string Type, int Dots, long WrittenTicks)
{
    /// <summary>The resolution the table is written for (<see cref="Score"/> ticks per quarter note).</summary>
    public const int TicksPerQuarterNote = 480;

    /// <summary>The shortest value written, a 64th note (30 ticks).</summary>
    public const long Shortest = 30;

    private static readonly (string Type, long Ticks)[] Plain =
    [
        ("breve", 3840), ("whole", 1920), ("half", 960), ("quarter", 480), ("eighth", 240), ("16th", 120), ("32nd", 60), ("64th", 30),
    ];

    /// <summary>Plain (undotted) lengths, longest first: 3840 ... 30.</summary>
    public static IEnumerable<long> PlainLengths => Plain.Select(p => p.Ticks);

    /// <summary>The undotted length this value is built on (a dotted quarter's is a quarter).</summary>
    public long BaseTicks => Dots == 0 ? WrittenTicks : WrittenTicks * 2 / 3;

    /// <summary>The value with exactly this written length (plain or single-dotted), if there is one.</summary>
    public static NoteValue? Exact(long writtenTicks)
    {
        foreach ((string type, long ticks) in Plain)
        {
            if (ticks == writtenTicks)
            {
                return new NoteValue(type, 0, ticks);
            }

            if (ticks >= 60 && ticks * 3 / 2 == writtenTicks && ticks * 3 % 2 == 0)
            {
                return new NoteValue(type, 1, writtenTicks);
            }
        }

        return null;
    }

    /// <summary>
    /// The longest plain value not longer than <paramref name="writtenTicks"/> (a 64th for anything shorter): the type
    /// shown for a length no value spells exactly, which only off-grid input produces.
    /// </summary>
    public static NoteValue Nearest(long writtenTicks)
    {
        foreach ((string type, long ticks) in Plain)
        {
            if (ticks <= writtenTicks)
            {
                return new NoteValue(type, 0, ticks);
            }
        }

        return new NoteValue("64th", 0, Shortest);
    }
}
