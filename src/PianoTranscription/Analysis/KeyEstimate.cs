namespace PianoTranscription.Analysis;

/// <summary>The key a <see cref="KeyEstimator"/> found, with the runner-up and all 24 correlations.</summary>
public sealed class KeyEstimate
{
    internal KeyEstimate(double[] correlations, IReadOnlyList<double> pitchClassWeights)
    {
        Correlations = correlations;
        PitchClassWeights = pitchClassWeights;
        int best = 0;
        int second = -1;
        for (int i = 1; i < 24; i++)
        {
            if (correlations[i] > correlations[best])
            {
                second = best;
                best = i;
            }
            else if (second < 0 || correlations[i] > correlations[second])
            {
                second = i;
            }
        }

        Key = Key.FromIndex(best);
        RunnerUp = Key.FromIndex(second);
        Correlation = correlations[best];
        RunnerUpCorrelation = correlations[second];
    }

    /// <summary>The best-correlated key.</summary>
    public Key Key { get; }

    /// <summary>The second-best key.</summary>
    public Key RunnerUp { get; }

    /// <summary>The Pearson correlation of the pitch-class histogram with <see cref="Key"/>'s profile, -1 to 1.</summary>
    public double Correlation { get; }

    /// <summary>The correlation with <see cref="RunnerUp"/>'s profile.</summary>
    public double RunnerUpCorrelation { get; }

    /// <summary>
    /// How clearly the key won: <see cref="Correlation"/> minus <see cref="RunnerUpCorrelation"/>, 0 to 2
    /// (0 is a tie).
    /// </summary>
    public double Confidence => Correlation - RunnerUpCorrelation;

    /// <summary>The correlation with each of the 24 keys, indexed by <see cref="Key.Index"/>.</summary>
    public IReadOnlyList<double> Correlations { get; }

    /// <summary>The pitch-class histogram the estimate came from (C ... B, summing to 1).</summary>
    public IReadOnlyList<double> PitchClassWeights { get; }

    /// <summary>The key, its correlation and the runner-up, e.g. "Gb major (r 0.912; runner-up Db major, 0.871)".</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => FormattableString.Invariant($"{Key} (r {Correlation:0.000}; runner-up {RunnerUp}, {RunnerUpCorrelation:0.000})");
}
