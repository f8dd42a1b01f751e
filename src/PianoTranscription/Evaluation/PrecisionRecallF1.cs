using System.Globalization;

namespace PianoTranscription.Evaluation;

/// <summary>Precision, recall and F1 of one kind of match, with the counts they come from.</summary>
/// <param name="Precision">Matched estimates / estimates (0 when either side is empty, as in mir_eval).</param>
/// <param name="Recall">Matched references / references (0 when either side is empty, as in mir_eval).</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when both are 0).</param>
/// <param name="Matched">The number of matched pairs (true positives).</param>
/// <param name="ReferenceCount">The number of reference items.</param>
/// <param name="EstimateCount">The number of estimated items.</param>
public sealed record PrecisionRecallF1(double Precision, double Recall, double F1, int Matched, int ReferenceCount, int EstimateCount)
{
    /// <summary>Computes the scores from counts the way mir_eval does.</summary>
    /// <param name="matched">True positives.</param>
    /// <param name="referenceCount">Reference items.</param>
    /// <param name="estimateCount">Estimated items.</param>
    /// <returns>The scores.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or <paramref name="matched"/> exceeds a count.</exception>
    public static PrecisionRecallF1 FromCounts(int matched, int referenceCount, int estimateCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(matched);
        ArgumentOutOfRangeException.ThrowIfNegative(referenceCount);
        ArgumentOutOfRangeException.ThrowIfNegative(estimateCount);
        if (matched > referenceCount || matched > estimateCount)
        {
            throw new ArgumentOutOfRangeException(nameof(matched), matched, "More matches than reference or estimated items.");
        }

        if (referenceCount == 0 || estimateCount == 0)
        {
            return new PrecisionRecallF1(0, 0, 0, matched, referenceCount, estimateCount);
        }

        double precision = (double)matched / estimateCount;
        double recall = (double)matched / referenceCount;
        return new PrecisionRecallF1(precision, recall, FMeasure(precision, recall), matched, referenceCount, estimateCount);
    }

    /// <summary>mir_eval's <c>util.f_measure</c> with β = 1, in the same operation order.</summary>
    internal static double FMeasure(double precision, double recall) =>
        precision == 0 && recall == 0 ? 0 : 2.0 * precision * recall / (precision + recall);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"P={Precision:0.0000} R={Recall:0.0000} F1={F1:0.0000} ({Matched} matched, {ReferenceCount} ref, {EstimateCount} est)");
}
