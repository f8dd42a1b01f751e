using System.Collections.ObjectModel;

namespace PianoTranscription.Decoding;

/// <summary>The result of decoding: notes sorted by onset then pitch, and sustain-pedal presses sorted by onset.</summary>
public sealed class DecodedNotes
{
    /// <summary>Creates a result; the lists are copied and sorted (notes by onset, pitch, offset; pedals by onset, offset).</summary>
    /// <param name="notes">The notes.</param>
    /// <param name="pedals">The sustain-pedal presses.</param>
    public DecodedNotes(IEnumerable<Note> notes, IEnumerable<PedalInterval> pedals)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(pedals);
        (Notes, Pedals) = SortAndWrap(notes.ToArray(), pedals.ToArray());
    }

    private DecodedNotes((ReadOnlyCollection<Note> Notes, ReadOnlyCollection<PedalInterval> Pedals) sorted)
    {
        (Notes, Pedals) = sorted;
    }

    /// <summary>An empty result.</summary>
    public static DecodedNotes Empty { get; } = Own([], []);

    /// <summary>The notes, sorted by onset, then pitch, then offset.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The sustain-pedal presses, sorted by onset.</summary>
    public IReadOnlyList<PedalInterval> Pedals { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Notes.Count} notes, {Pedals.Count} pedal presses";

    /// <summary>
    /// A result that takes ownership of <paramref name="notes"/> and <paramref name="pedals"/>: both are sorted in
    /// place (the public constructor's order) and wrapped without a copy; the caller must not touch them afterwards.
    /// </summary>
    internal static DecodedNotes Own(Note[] notes, PedalInterval[] pedals) => new(SortAndWrap(notes, pedals));

    private static (ReadOnlyCollection<Note>, ReadOnlyCollection<PedalInterval>) SortAndWrap(Note[] notes, PedalInterval[] pedals)
    {
        Array.Sort(notes, NoteOrder.Instance);
        Array.Sort(pedals, PedalOrder.Instance);
        return (new ReadOnlyCollection<Note>(notes), new ReadOnlyCollection<PedalInterval>(pedals));
    }
}
