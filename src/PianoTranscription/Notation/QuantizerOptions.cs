namespace PianoTranscription.Notation;

/// <summary>Options of the <see cref="Quantizer"/>. Immutable.</summary>
public sealed record QuantizerOptions
{
    /// <summary>The defaults: sixteenths and eighth triplets in simple meters, sixteenths and duplets in compound meters.</summary>
    public static QuantizerOptions Default { get; } = new();

    /// <summary>
    /// Divisions of a simple beat (a quarter in 4/4) that notes may fall on, with a cost each (the grid is chosen per
    /// beat, the cheapest fit wins). Default: 4 (sixteenths, which include eighths and quarters, cost 0) and 3 (eighth triplets, cost 0.004).
    /// </summary>
    public IReadOnlyList<BeatDivision> SimpleDivisions { get; init; } = [new(4, 0), new(3, 0.004)];

    /// <summary>
    /// Divisions of a compound beat (a dotted quarter in 6/8). Default: 6 (sixteenths, which include eighths and
    /// dotted eighths, cost 0) and 4 (a quadruplet of sixteenths, cost 0.004).
    /// </summary>
    public IReadOnlyList<BeatDivision> CompoundDivisions { get; init; } = [new(6, 0), new(4, 0.004)];

    /// <summary>Allow tuplets (divisions not native to the meter). Default true; false keeps only the first division.</summary>
    public bool AllowTuplets { get; init; } = true;
}

/// <summary>A way to divide a beat into equal grid steps, with the cost of choosing it (in squared beats).</summary>
/// <param name="Steps">Grid steps per beat, 1 to 12.</param>
/// <param name="Cost">The penalty for using this grid in a beat (0 for the meter's native grid).</param>
public readonly record struct BeatDivision(int Steps, double Cost);
