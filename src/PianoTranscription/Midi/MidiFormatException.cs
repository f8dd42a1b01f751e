namespace PianoTranscription.Midi;

/// <summary>Thrown when MIDI data cannot be read: not a Standard MIDI File, truncated, or inconsistent chunk sizes.</summary>
public class MidiFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public MidiFormatException() : base("The MIDI data could not be read.") { }

    /// <summary>Creates the exception with a message naming the problem.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    public MidiFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public MidiFormatException(string message, Exception innerException) : base(message, innerException) { }
}
