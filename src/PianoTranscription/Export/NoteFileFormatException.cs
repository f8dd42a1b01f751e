namespace PianoTranscription.Export;

/// <summary>Thrown when a note file (CSV or JSON) cannot be read: wrong columns, bad numbers, missing fields.</summary>
public class NoteFileFormatException : FormatException
{
    /// <summary>Creates the exception with a default message.</summary>
    public NoteFileFormatException() : base("The note file could not be read.") { }

    /// <summary>Creates the exception with a message naming the problem.</summary>
    /// <param name="message">What is wrong and where.</param>
    public NoteFileFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The underlying error.</param>
    public NoteFileFormatException(string message, Exception innerException) : base(message, innerException) { }
}
