namespace PianoTranscription.Inference;

/// <summary>Thrown when model file cannot be loaded: malformed protobuf, unsupported operator, opset or data type, or inconsistent sizes.</summary>
public class ModelFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ModelFormatException() : base("The model could not be loaded.") { }

    /// <summary>Creates the exception with a message naming the problem.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    public ModelFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public ModelFormatException(string message, Exception innerException) : base(message, innerException) { }
}
