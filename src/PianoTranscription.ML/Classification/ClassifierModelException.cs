namespace PianoTranscription.ML.Classification;

/// <summary>
/// Thrown by <see cref="AudioClassifier.Load(string)"/> when a file is not a saved classifier: not a zip, no or an
/// unreadable manifest, a newer format version, a different acoustic model, or a damaged ML.NET model inside.
/// </summary>
public class ClassifierModelException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ClassifierModelException() : base("The file is not a saved audio classifier.") { }

    /// <summary>Creates the exception with a message naming the problem.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    public ClassifierModelException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public ClassifierModelException(string message, Exception innerException) : base(message, innerException) { }
}
