namespace PianoTranscription.Audio;

/// <summary>The sample encoding <see cref="AudioClip.SaveWav(string, WavSampleFormat)"/> writes.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed PCM; samples are clamped to [-1, 1) and rounded to the nearest step of 1/32768.</summary>
    Pcm16 = 0,

    /// <summary>32-bit IEEE float: the samples exactly as they are.</summary>
    IeeeFloat,
}
