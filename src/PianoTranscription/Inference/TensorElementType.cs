namespace PianoTranscription.Inference;

/// <summary>The element type of a model input or output, as declared in the model.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members name tensor element types.")]
public enum TensorElementType
{
    /// <summary>Unknown or not declared.</summary>
    Unknown = 0,

    /// <summary>32-bit float.</summary>
    Float32,

    /// <summary>16-bit float.</summary>
    Float16,

    /// <summary>64-bit float.</summary>
    Float64,

    /// <summary>Signed 8-bit integer.</summary>
    Int8,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,

    /// <summary>Signed 16-bit integer.</summary>
    Int16,

    /// <summary>Signed 32-bit integer.</summary>
    Int32,

    /// <summary>Signed 64-bit integer.</summary>
    Int64,

    /// <summary>Boolean.</summary>
    Bool,

    /// <summary>Another type the engine does not compute with (string, complex, …).</summary>
    Other,
}
