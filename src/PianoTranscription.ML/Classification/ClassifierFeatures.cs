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
    /// Statistics of a 64-band log-mel spectrogram (16 kHz, 1024-sample window, 16 ms hop, 30–8000 Hz): per band the
    /// mean and standard deviation of the level, and the mean size and standard deviation of its change from one frame
    /// to the next (256 values). Says what the clip's spectrum looks like and how it moves — timbre — with no model in
    /// the way. The default.
    /// </summary>
    LogMel,

    /// <summary>Both, side by side (608 values).</summary>
    EmbeddingAndLogMel,
}
