namespace PianoTranscription.Inference;

/// <summary>A model input by name, for <see cref="IInferenceSession.Run(ReadOnlySpan{NamedInput}, ReadOnlySpan{NamedOutput}, CancellationToken)"/>.</summary>
public readonly record struct NamedInput
{
    /// <summary>Pairs an input name with its value.</summary>
    /// <param name="name">The model input name (see <see cref="IInferenceModel.Inputs"/>).</param>
    /// <param name="value">The value; read, never modified.</param>
    public NamedInput(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
    }

    /// <summary>The model input name.</summary>
    public string Name { get; }

    /// <summary>The value.</summary>
    public Tensor Value { get; }
}
