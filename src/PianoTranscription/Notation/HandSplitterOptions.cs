namespace PianoTranscription.Notation;

/// <summary>Options of the <see cref="HandSplitter"/>. Immutable.</summary>
public sealed record HandSplitterOptions
{
    /// <summary>The defaults.</summary>
    public static HandSplitterOptions Default { get; } = new();

    /// <summary>The widest chord one hand plays comfortably, in semitones (an octave). Default 12.</summary>
    public int MaxHandSpan { get; init; } = 12;

    /// <summary>The cost per semitone of a hand's chord beyond <see cref="MaxHandSpan"/>. Default 2.</summary>
    public double SpanCost { get; init; } = 2;

    /// <summary>
    /// The cost per semitone beyond <see cref="MaxHandSpan"/> of a hand reaching a new note while still holding
    /// earlier ones (less than <see cref="SpanCost"/>: the pedal may be doing the holding). Default 0.5.
    /// </summary>
    public double HeldSpanCost { get; init; } = 0.5;

    /// <summary>The cost per semitone of a hand's jump from where it last played, beyond <see cref="MoveAllowance"/>. Default 0.05.</summary>
    public double MoveCost { get; init; } = 0.05;

    /// <summary>
    /// How far (semitones) a hand reaches from where it has been playing without moving: a broken octave or an
    /// Alberti figure is played from one hand position, so only the distance beyond this costs <see cref="MoveCost"/>. Default 10.
    /// </summary>
    public double MoveAllowance { get; init; } = 10;

    /// <summary>The cost per semitone of a note away from the hand's home register (left around C3, right around G4). Default 0.1.</summary>
    public double RegisterCost { get; init; } = 0.1;

    /// <summary>The home pitch of the left hand (MIDI). Default 48 (C3).</summary>
    public int LeftHome { get; init; } = 48;

    /// <summary>The home pitch of the right hand (MIDI). Default 67 (G4).</summary>
    public int RightHome { get; init; } = 67;

    /// <summary>
    /// The cost of a hand striking a note while it still holds one struck earlier (the other hand, if free, more
    /// likely plays it). Default 3.
    /// </summary>
    public double BusyCost { get; init; } = 3;

    /// <summary>The cost of the hands crossing (the left hand playing above where the right hand is). Default 3.</summary>
    public double CrossingCost { get; init; } = 3;

    /// <summary>Onsets closer than this (seconds) are played together (one chord). Default 0.035.</summary>
    public double ChordWindow { get; init; } = 0.035;

    /// <summary>
    /// How long (seconds) before a new onset a hand's earlier note must end to count as released: a note that ends
    /// later is still held (it costs <see cref="BusyCost"/> and <see cref="HeldSpanCost"/>). Transcribed offsets
    /// trail the key release, so this is more than a frame or two (0.15 was chosen on transcriptions of generated pieces, seeds 1000–1011). Default 0.15.
    /// </summary>
    public double ReleaseMargin { get; init; } = 0.15;

    /// <summary>A hand that has not played for this long (seconds) may move freely. Default 2.</summary>
    public double RestTime { get; init; } = 2;
}
