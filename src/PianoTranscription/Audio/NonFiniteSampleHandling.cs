namespace PianoTranscription.Audio;

/// <summary>What to do with NaN or infinite samples in floating-point audio.</summary>
public enum NonFiniteSampleHandling
{
    /// <summary>Refuse the file with an <see cref="AudioFormatException"/> naming the first bad sample (the default: such data is corrupt).</summary>
    Throw = 0,

    /// <summary>Replace every NaN or infinite sample by 0 and go on.</summary>
    ReplaceWithZero,
}
