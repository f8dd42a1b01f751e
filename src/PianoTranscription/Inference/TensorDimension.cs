using System.Globalization;

namespace PianoTranscription.Inference;

/// <summary>One dimension of a declared tensor shape: a fixed size, a symbolic name (such as <c>"time"</c>), or unknown.</summary>
public readonly record struct TensorDimension
{
    /// <summary>Creates a dimension.</summary>
    /// <param name="value">The fixed size, or null when the dimension is dynamic.</param>
    /// <param name="symbol">The symbolic name of a dynamic dimension, or null.</param>
    public TensorDimension(long? value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or null when the dimension is dynamic.</summary>
    public long? Value { get; }

    /// <summary>The symbolic name of a dynamic dimension (such as <c>"time"</c>), or null.</summary>
    public string? Symbol { get; }

    /// <summary>Whether the dimension has a fixed size.</summary>
    public bool IsFixed => Value.HasValue;

    /// <summary>The size, the symbol, or <c>?</c>.</summary>
    /// <returns>Text such as <c>88</c>, <c>time</c> or <c>?</c>.</returns>
    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}
