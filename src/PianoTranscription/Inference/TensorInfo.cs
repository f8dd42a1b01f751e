namespace PianoTranscription.Inference;

/// <summary>The name, element type and declared shape of a model input or output.</summary>
public sealed class TensorInfo
{
    /// <summary>Creates the description.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="elementType">The element type.</param>
    /// <param name="shape">The declared dimensions, or null when the model declares no shape.</param>
    public TensorInfo(string name, TensorElementType elementType, IReadOnlyList<TensorDimension>? shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        ElementType = elementType;
        Shape = shape?.ToArray();
    }

    /// <summary>The tensor name used in <see cref="NamedInput"/> / <see cref="NamedOutput"/>.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The declared dimensions (fixed or symbolic), or null when the model declares no shape.</summary>
    public IReadOnlyList<TensorDimension>? Shape { get; }

    /// <summary>Text such as <c>spectrogram: Float32 [1, time, 196]</c>.</summary>
    /// <returns>A readable description.</returns>
    public override string ToString() => $"{Name}: {ElementType} {(Shape is null ? "(shape unknown)" : "[" + string.Join(", ", Shape) + "]")}";
}
