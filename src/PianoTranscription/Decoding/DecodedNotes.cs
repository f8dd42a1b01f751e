using System.Collections.ObjectModel;

namespace PianoTranscription.Decoding;

/// <summary>The result of decoding: notes sorted by onset then pitch, and sustain-pedal presses sorted by onset.</summary>
public sealed class DecodedNotes
{
    /// <summary>An empty result.</summary>
    public static DecodedNotes Empty { get; } = new([], []);

    /// <summary>Creates a result; the lists are copied and sorted (notes by onset, pitch, offset; pedals by onset, offset).</summary>
    /// <param name="notes">The notes.</param>
    /// <param name="pedals">The sustain-pedal presses.</param>
    public DecodedNotes(IEnumerable<Note> notes, IEnumerable<PedalInterval> pedals)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(pedals);
        Note[] n = notes.ToArray();
        Array.Sort(n, NoteOrder.Instance);
        PedalInterval[] p = pedals.ToArray();
        Array.Sort(p, static (a, b) => a.Onset != b.Onset ? a.Onset.CompareTo(b.Onset) : a.Offset.CompareTo(b.Offset));
        Notes = new ReadOnlyCollection<Note>(n);
        Pedals = new ReadOnlyCollection<PedalInterval>(p);
    }

    /// <summary>The notes, sorted by onset, then pitch, then offset.</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>The sustain-pedal presses, sorted by onset.</summary>
    public IReadOnlyList<PedalInterval> Pedals { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Notes.Count} notes, {Pedals.Count} pedal presses";
}
