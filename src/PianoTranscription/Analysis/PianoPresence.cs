namespace PianoTranscription.Analysis;

/// <summary>What a <see cref="PianoDetector"/> found in a segment or a whole recording.</summary>
public enum PianoPresence
{
    /// <summary>A piano and nothing else.</summary>
    SoloPiano,

    /// <summary>A piano together with other instruments or voices.</summary>
    PianoWithOthers,

    /// <summary>No piano (other instruments, voices, noise).</summary>
    NoPiano,

    /// <summary>Silence or near-silence (see <see cref="AudioActivity"/>): reported as such, not classified.</summary>
    Silence,
}
