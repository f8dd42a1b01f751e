namespace PianoTranscription.Notation.Layout;

/// <summary>Where a written element stands in a triplet bracket.</summary>
internal enum TupletMark
{
    /// <summary>Not in a triplet.</summary>
    None,

    /// <summary>The first element of a triplet bracket.</summary>
    Start,

    /// <summary>Inside a triplet bracket.</summary>
    Middle,

    /// <summary>The last element of a triplet bracket.</summary>
    Stop,
}

/// <summary>
/// One written element of a voice in a measure: a note or chord (all its notes start and end together, each maybe tied
/// on) or a rest, with its written value, ties and triplet bracket.
/// </summary>
/// <param name="Start">Start tick in the score.</param>
/// <param name="Duration">Sounding length in ticks (2/3 of the written value inside a triplet).</param>
/// <param name="Pitches">The chord's MIDI pitches, low to high; empty for a rest.</param>
/// <param name="Velocities">The velocity of each pitch.</param>
/// <param name="Value">The written value.</param>
/// <param name="TiesFrom">For each pitch: it continues from the previous element of the voice.</param>
/// <param name="TiesTo">For each pitch: it continues into the next element of the voice.</param>
/// <param name="Tuplet">The element's place in a triplet bracket.</param>
/// <param name="IsMeasureRest">A rest filling a whole (non-pickup) measure.</param>
internal sealed record LaidElement(
    long Start,
    long Duration,
    IReadOnlyList<int> Pitches,
    IReadOnlyList<int> Velocities,
    NoteValue Value,
    IReadOnlyList<bool> TiesFrom,
    IReadOnlyList<bool> TiesTo,
    TupletMark Tuplet,
    bool IsMeasureRest)
{
    /// <summary>True for a rest.</summary>
    public bool IsRest => Pitches.Count == 0;

    /// <summary>The end tick.</summary>
    public long End => Start + Duration;

    /// <summary>True when any of the notes continues from the previous element.</summary>
    public bool TiedFromPrevious => TiesFrom.Any(t => t);

    /// <summary>True when any of the notes continues into the next element.</summary>
    public bool TiedToNext => TiesTo.Any(t => t);
}

/// <summary>The elements of one voice of one staff in one measure; they cover the measure without gaps.</summary>
/// <param name="Hand">The staff.</param>
/// <param name="Number">The voice within the staff, from 1.</param>
/// <param name="Elements">The elements in time order.</param>
internal sealed record LaidVoice(Hand Hand, int Number, IReadOnlyList<LaidElement> Elements);

/// <summary>One measure of a laid-out score.</summary>
/// <param name="Index">The measure's index from 0 (the pickup measure, where there is one, is 0).</param>
/// <param name="Start">Its start tick.</param>
/// <param name="Length">Its length in ticks (the pickup's length for a pickup measure).</param>
/// <param name="IsPickup">True for an incomplete first measure.</param>
/// <param name="Voices">Voice 1 of both hands, then the other voices that have notes in this measure; right hand first.</param>
internal sealed record LaidMeasure(int Index, long Start, long Length, bool IsPickup, IReadOnlyList<LaidVoice> Voices)
{
    /// <summary>The end tick.</summary>
    public long End => Start + Length;
}
