namespace PianoTranscription.Features;

/// <summary>How the filtered spectrum of a <see cref="Featurizer"/> is mapped to feature values.</summary>
public enum SpectrumCompression
{
    /// <summary>The filterbank is applied to STFT magnitudes; values are left as they are.</summary>
    Magnitude,

    /// <summary>The filterbank is applied to STFT power (magnitude squared); values are left as they are.</summary>
    Power,

    /// <summary>
    /// The filterbank is applied to STFT power; values become <c>10·log10(max(p, 10^(floorDb/10)))</c> decibels.
    /// </summary>
    Decibels,

    /// <summary>The filterbank is applied to STFT magnitudes; values become <c>ln(1 + scale·m)</c>.</summary>
    Log1p,
}
