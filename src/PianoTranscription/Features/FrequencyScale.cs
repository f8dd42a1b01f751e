namespace PianoTranscription.Features;

/// <summary>How the bins of a <see cref="Featurizer"/>'s output are laid out along the frequency axis.</summary>
public enum FrequencyScale
{
    /// <summary>The raw STFT bins: <c>windowSize / 2 + 1</c> bins from 0 Hz to the Nyquist frequency, evenly spaced.</summary>
    Linear,

    /// <summary>A triangular mel filterbank (Slaney mel scale, Slaney area normalisation, as librosa's defaults).</summary>
    Mel,

    /// <summary>
    /// A triangular filterbank with centres evenly spaced in log-frequency (a fixed number of bins per semitone),
    /// a constant-Q-like layout that suits pitched music.
    /// </summary>
    LogFrequency,
}
