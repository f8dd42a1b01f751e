namespace PianoTranscription.Features;

/// <summary>The last step of a <see cref="Featurizer"/>: how compressed values are normalised.</summary>
public enum FeatureNormalization
{
    /// <summary>Values are left as they are.</summary>
    None,

    /// <summary>
    /// Each bin is standardised with stored statistics: <c>(x - mean[bin]) / std[bin]</c>. Works frame by frame, so
    /// streaming is supported.
    /// </summary>
    MeanVariance,

    /// <summary>
    /// Every value is divided by the largest absolute value of the whole clip (a silent clip is left as zeros).
    /// Needs the whole clip, so it cannot be used with <see cref="Featurizer.CreateStream"/>.
    /// </summary>
    PerClipMax,
}
