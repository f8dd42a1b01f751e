namespace PianoTranscription.ML.Classification;

/// <summary>
/// The ML.NET multiclass trainers built into Microsoft.ML that an <see cref="AudioClassifier"/> can fit on the clips'
/// (mean–variance normalised) features. Any other trainer — LightGbm from the package Microsoft.ML.LightGbm, for
/// example — goes in <see cref="AudioClassifierOptions.CustomTrainer"/>.
/// </summary>
public enum ClassifierTrainer
{
    /// <summary>Multinomial logistic regression fitted by L-BFGS (<c>LbfgsMaximumEntropy</c>): deterministic, good with few examples and many features.</summary>
    MaximumEntropy,

    /// <summary>Multinomial logistic regression fitted by stochastic dual coordinate ascent (<c>SdcaMaximumEntropy</c>).</summary>
    Sdca,
}
