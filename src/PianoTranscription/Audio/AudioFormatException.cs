namespace PianoTranscription.Audio;

/// <summary>Thrown when audio data cannot be read: a truncated, corrupt or unsupported file, or a missing decoder.</summary>
public class AudioFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public AudioFormatException() : base("The audio data could not be read.") { }

    /// <summary>Creates the exception with a message naming the problem.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    public AudioFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public AudioFormatException(string message, Exception innerException) : base(message, innerException) { }
}
