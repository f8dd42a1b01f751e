namespace PianoTranscription.Analysis;

/// <summary>
/// Scores estimated keys against reference keys with the MIREX key-detection convention (the one mir_eval's
/// <c>key.weighted_score</c> implements): the same key 1.0; the estimate a perfect fifth above the reference, same
/// mode, 0.5; the relative key 0.3; the parallel key 0.2; anything else 0.
/// </summary>
public static class KeyScore
{
    /// <summary>The MIREX weighted score of one estimate.</summary>
    /// <param name="reference">The reference key.</param>
    /// <param name="estimate">The estimated key.</param>
    /// <param name="allowDescendingFifth">Also give 0.5 to an estimate a fifth below the reference (mir_eval's
    /// <c>allow_descending_fifths</c>; off by default, as in MIREX).</param>
    /// <returns>1, 0.5, 0.3, 0.2 or 0.</returns>
    public static double Weighted(Key reference, Key estimate, bool allowDescendingFifth = false)
    {
        int up = ((estimate.Tonic - reference.Tonic) % 12 + 12) % 12;
        if (estimate == reference)
        {
            return 1.0;
        }

        if (estimate.Mode == reference.Mode)
        {
            return up == 7 || (allowDescendingFifth && up == 5) ? 0.5 : 0.0;
        }

        if (estimate == reference.Relative)
        {
            return 0.3;
        }

        return up == 0 ? 0.2 : 0.0;
    }

    /// <summary>
    /// Scores estimated segments against reference segments, weighted by time: each stretch of a reference segment
    /// is scored against the estimated segment covering it (0 where none does).
    /// </summary>
    /// <param name="reference">The reference segments (e.g. POP909 key labels).</param>
    /// <param name="estimate">The estimated segments (e.g. <see cref="KeyEstimator.Segments"/>).</param>
    /// <param name="allowDescendingFifth">See <see cref="Weighted(Key, Key, bool)"/>.</param>
    /// <returns>The duration-weighted MIREX score and accuracy and the duration scored.</returns>
    public static KeyScoreResult Compare(IReadOnlyList<KeySegment> reference, IReadOnlyList<KeySegment> estimate, bool allowDescendingFifth = false)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(estimate);
        double total = 0;
        double weighted = 0;
        double correct = 0;
        foreach (KeySegment r in reference)
        {
            if (!(r.End > r.Start))
            {
                continue;
            }

            total += r.Duration;
            foreach (KeySegment e in estimate)
            {
                double overlap = Math.Min(r.End, e.End) - Math.Max(r.Start, e.Start);
                if (overlap > 0)
                {
                    weighted += overlap * Weighted(r.Key, e.Key, allowDescendingFifth);
                    correct += r.Key == e.Key ? overlap : 0;
                }
            }
        }

        return total > 0 ? new KeyScoreResult(weighted / total, correct / total, total) : new KeyScoreResult(0, 0, 0);
    }

    /// <summary>Scores one key for a whole piece against reference segments, weighted by time.</summary>
    /// <param name="reference">The reference segments.</param>
    /// <param name="estimate">The estimated key.</param>
    /// <param name="allowDescendingFifth">See <see cref="Weighted(Key, Key, bool)"/>.</param>
    /// <returns>The duration-weighted MIREX score and accuracy and the duration scored.</returns>
    public static KeyScoreResult Compare(IReadOnlyList<KeySegment> reference, Key estimate, bool allowDescendingFifth = false)
    {
        ArgumentNullException.ThrowIfNull(reference);
        double start = reference.Count == 0 ? 0 : reference.Min(r => r.Start);
        double end = reference.Count == 0 ? 0 : reference.Max(r => r.End);
        return Compare(reference, [new KeySegment(start, end, estimate)], allowDescendingFifth);
    }
}

/// <summary>A time-weighted key score.</summary>
/// <param name="Weighted">The MIREX weighted score, 0 to 1.</param>
/// <param name="Accuracy">The share of the time in exactly the reference key, 0 to 1.</param>
/// <param name="Duration">The reference time scored, in seconds.</param>
public readonly record struct KeyScoreResult(double Weighted, double Accuracy, double Duration);
