namespace PianoTranscription.Inference;

/// <summary>Execution settings for an inference session.</summary>
public sealed record InferenceOptions
{
    private readonly int _maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>The default settings: all processors.</summary>
    public static InferenceOptions Default { get; } = new();

    /// <summary>
    /// The most threads one run may use (default: <see cref="Environment.ProcessorCount"/>). 1 runs everything on the
    /// calling thread. Several sessions running at once each use up to this many.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxDegreeOfParallelism = value;
        }
    }
}
