namespace PianoTranscription.ML.Classification;

/// <summary>
/// Thrown when the data given to <see cref="AudioClassifier"/> cannot train or be classified: an empty or missing
/// label folder, a single label, a label with fewer than two usable files, an unreadable or silent file. The message
/// names the folder, label or file and what to do.
/// </summary>
public class ClassifierDataException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ClassifierDataException() : base("The data cannot train a classifier.") { }

    /// <summary>Creates the exception with a message naming the problem.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    public ClassifierDataException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong and, where useful, how to fix it.</param>
    /// <param name="innerException">The underlying error (for example the audio reader's).</param>
    public ClassifierDataException(string message, Exception innerException) : base(message, innerException) { }
}
