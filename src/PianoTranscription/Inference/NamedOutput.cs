namespace PianoTranscription.Inference;

/// <summary>A caller-owned destination for a model output, for <see cref="IInferenceSession.Run(ReadOnlySpan{NamedInput}, ReadOnlySpan{NamedOutput}, CancellationToken)"/>.</summary>
public readonly record struct NamedOutput
{
    /// <summary>Pairs an output name with the tensor that receives it.</summary>
    /// <param name="name">The model output name (see <see cref="IInferenceModel.Outputs"/>).</param>
    /// <param name="destination">A tensor whose shape equals the output's shape for the given inputs; its buffer is overwritten.</param>
    public NamedOutput(string name, Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(destination);
        Name = name;
        Destination = destination;
    }

    /// <summary>The model output name.</summary>
    public string Name { get; }

    /// <summary>The tensor that receives the output.</summary>
    public Tensor Destination { get; }
}
