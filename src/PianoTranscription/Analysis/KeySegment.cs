namespace PianoTranscription.Analysis;

/// <summary>A span of time in one key.</summary>
/// <param name="Start">The start in seconds.</param>
/// <param name="End">The end in seconds (not before <paramref name="Start"/>).</param>
/// <param name="Key">The key.</param>
/// <param name="Confidence">For estimated segments, the mean margin of the key's correlation over the runner-up's
/// in the segment's frames (see <see cref="KeyEstimate.Confidence"/>); 1 for reference labels.</param>
public readonly record struct KeySegment(double Start, double End, Key Key, double Confidence = 1)
{
    /// <summary>The segment's length in seconds.</summary>
    public double Duration => End - Start;
}
