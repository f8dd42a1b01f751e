namespace PianoTranscription.Notation;

/// <summary>The hand that plays a note, and so the staff it is written on (right: treble, left: bass).</summary>
public enum Hand
{
    /// <summary>The right hand (upper staff).</summary>
    Right = 0,

    /// <summary>The left hand (lower staff).</summary>
    Left = 1,
}
