using PianoTranscription.Decoding;

namespace PianoTranscription.Notation;

/// <summary>
/// A note of a <see cref="Score"/>: its quantised place in the score (ticks from the start of the first, possibly
/// partial, bar), the hand and voice it is written in, and the performed note it came from.
/// </summary>
/// <param name="Pitch">MIDI pitch.</param>
/// <param name="Velocity">MIDI velocity 1–127.</param>
/// <param name="StartTick">Quantised start in ticks (<see cref="Score.TicksPerQuarterNote"/> per quarter note); tick 0 is
/// the start of the score, pickup bar included (see <see cref="Score.PickupTicks"/>).</param>
/// <param name="DurationTicks">Quantised duration in ticks, at least one grid step. Writers split notes that cross
/// bar lines into tied parts; the score keeps them whole.</param>
/// <param name="Hand">The hand (staff).</param>
/// <param name="Voice">The voice within the hand's staff, from 1.</param>
/// <param name="Performed">The performed note (seconds), kept beside the quantised values.</param>
public readonly record struct ScoreNote(int Pitch, int Velocity, long StartTick, long DurationTicks, Hand Hand, int Voice, Note Performed)
{
    /// <summary>The quantised end tick.</summary>
    public long EndTick => StartTick + DurationTicks;
}
