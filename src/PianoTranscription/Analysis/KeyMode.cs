namespace PianoTranscription.Analysis;

/// <summary>The mode of a major or minor key.</summary>
public enum KeyMode
{
    /// <summary>A major key.</summary>
    Major = 0,

    /// <summary>A (natural, harmonic or melodic) minor key.</summary>
    Minor = 1,
}
