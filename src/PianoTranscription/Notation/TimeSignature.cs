namespace PianoTranscription.Notation;

/// <summary>A time signature such as 4/4, 3/4 or 6/8.</summary>
public readonly record struct TimeSignature
{
    /// <summary>Creates a time signature.</summary>
    /// <param name="numerator">Beats (notated units) per bar, 1 to 32.</param>
    /// <param name="denominator">The notated unit: 1, 2, 4, 8, 16 or 32.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside those ranges.</exception>
    public TimeSignature(int numerator, int denominator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numerator, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numerator, 32);
        if (denominator is not (1 or 2 or 4 or 8 or 16 or 32))
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "The denominator must be 1, 2, 4, 8, 16 or 32.");
        }

        Numerator = numerator;
        Denominator = denominator;
    }

    /// <summary>2/4.</summary>
    public static TimeSignature TwoFour => new(2, 4);

    /// <summary>3/4.</summary>
    public static TimeSignature ThreeFour => new(3, 4);

    /// <summary>4/4.</summary>
    public static TimeSignature FourFour => new(4, 4);

    /// <summary>6/8.</summary>
    public static TimeSignature SixEight => new(6, 8);

    /// <summary>Notated units per bar.</summary>
    public int Numerator { get; }

    /// <summary>The notated unit (4 = quarter note, 8 = eighth note).</summary>
    public int Denominator { get; }

    /// <summary>True for compound meters (6/8, 9/8, 12/8): the beat is a dotted value of three units.</summary>
    public bool IsCompound => Denominator >= 8 && Numerator % 3 == 0 && Numerator > 3;

    /// <summary>The felt beats per bar: 2 for 6/8, 4 for 4/4, 3 for 3/4.</summary>
    public int BeatsPerBar => IsCompound ? Numerator / 3 : Numerator;

    /// <summary>The length of one bar in quarter notes (4 for 4/4, 3 for 6/8).</summary>
    public double QuarterNotesPerBar => Numerator * 4.0 / Denominator;

    /// <summary>The length of one bar in ticks at <paramref name="ticksPerQuarterNote"/>.</summary>
    /// <param name="ticksPerQuarterNote">The score's resolution.</param>
    public long TicksPerBar(int ticksPerQuarterNote) => (long)Numerator * 4 * ticksPerQuarterNote / Denominator;

    /// <summary>The length of one felt beat in ticks (a dotted quarter in 6/8, a quarter in 4/4).</summary>
    /// <param name="ticksPerQuarterNote">The score's resolution.</param>
    public long TicksPerBeat(int ticksPerQuarterNote) => TicksPerBar(ticksPerQuarterNote) / BeatsPerBar;

    /// <summary>"4/4".</summary>
    public override string ToString() => $"{Numerator}/{Denominator}";
}
