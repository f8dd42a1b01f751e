using System.Numerics;

namespace PianoTranscription.Midi.Events;

/// <summary>A time signature (<c>FF 58 04 nn dd cc bb</c>).</summary>
public sealed class TimeSignatureEvent : MetaEvent
{
    /// <summary>Creates a time signature event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="numerator">Beats per bar, 1 to 255.</param>
    /// <param name="denominator">The beat's note value: a power of two, 1 to 128 (4 = quarter note).</param>
    /// <param name="clocksPerClick">MIDI clocks per metronome click (usually 24).</param>
    /// <param name="thirtySecondNotesPerQuarterNote">Notated 32nd notes per MIDI quarter note (usually 8).</param>
    public TimeSignatureEvent(int deltaTicks, int numerator, int denominator, int clocksPerClick = 24, int thirtySecondNotesPerQuarterNote = 8)
        : base(deltaTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numerator, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numerator, 255);
        if (denominator is < 1 or > 128 || !BitOperations.IsPow2(denominator))
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "The denominator must be a power of two from 1 to 128.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(clocksPerClick);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clocksPerClick, 255);
        ArgumentOutOfRangeException.ThrowIfNegative(thirtySecondNotesPerQuarterNote);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(thirtySecondNotesPerQuarterNote, 255);
        Numerator = numerator;
        Denominator = denominator;
        ClocksPerClick = clocksPerClick;
        ThirtySecondNotesPerQuarterNote = thirtySecondNotesPerQuarterNote;
    }

    /// <summary>Beats per bar.</summary>
    public int Numerator { get; }

    /// <summary>The beat's note value (4 = quarter note, 8 = eighth note).</summary>
    public int Denominator { get; }

    /// <summary>MIDI clocks per metronome click.</summary>
    public int ClocksPerClick { get; }

    /// <summary>Notated 32nd notes per MIDI quarter note.</summary>
    public int ThirtySecondNotesPerQuarterNote { get; }

    /// <inheritdoc />
    public override byte MetaType => TimeSignatureType;

    /// <inheritdoc />
    public override byte[] GetData() => [(byte)Numerator, (byte)BitOperations.Log2((uint)Denominator), (byte)ClocksPerClick, (byte)ThirtySecondNotesPerQuarterNote];

    /// <inheritdoc />
    public override MidiEvent WithDeltaTicks(int deltaTicks) => new TimeSignatureEvent(deltaTicks, Numerator, Denominator, ClocksPerClick, ThirtySecondNotesPerQuarterNote);

    /// <inheritdoc />
    public override string ToString() => $"+{DeltaTicks} TimeSignature {Numerator}/{Denominator}";
}
