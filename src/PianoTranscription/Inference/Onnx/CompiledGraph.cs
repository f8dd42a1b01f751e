using PianoTranscription.Inference.Onnx.Kernels;

namespace PianoTranscription.Inference.Onnx;

/// <summary>One step of a compiled graph: a kernel with the value slots it reads and writes.</summary>
internal sealed class Step
{
    public required Kernel Kernel { get; init; }

    public required int[] Inputs { get; set; } // -1 = absent optional input

    public required int[] Outputs { get; set; }

    /// <summary>Slots whose float buffers can be recycled once this step has run.</summary>
    public int[] ReleaseAfter { get; set; } = [];
}

/// <summary>
/// An immutable, validated, topologically ordered program: constant values (shared, read-only), steps, and the slots
/// of the graph inputs and outputs. Sessions execute it with their own value storage.
/// </summary>
internal sealed class CompiledGraph
{
    public required int SlotCount { get; init; }

    public required Value?[] Constants { get; init; } // per slot; null for computed slots

    public required Step[] Steps { get; init; }

    public required int[] InputSlots { get; init; }

    public required string[] InputNames { get; init; }

    public required int[] OutputSlots { get; init; }

    public required string[] OutputNames { get; init; }
}
