namespace PianoTranscription.ML.Classification;

/// <summary>What an <see cref="AudioClassifier"/> measures in each clip before its trainer sees it.</summary>
public enum ClassifierFeatures
{
    /// <summary>
    /// The acoustic model's 352-value embedding (<see cref="PianoTransforms.Embed"/>): per key, the mean, maximum and
    /// spread of how much it sounds and how often it is struck. Says which pitches sound and how notes start and decay.
    /// </summary>
    Embedding,

    /// <summary>
    /// Statistics of a 64-band log-mel spectrogram (16 kHz, 30–8000 Hz): per band the mean and standard deviation of
    /// the level and of its frame-to-frame change (256 values). Says how the clip's spectrum and its movement look:
    /// timbre, with no model in the way.
    /// </summary>
    LogMel,

    /// <summary>Both, side by side (608 values).</summary>
    EmbeddingAndLogMel,
}
