namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>
/// One compiled operator. Kernels are immutable after load (weights pre-packed) and are shared by all sessions;
/// per-run state lives in the <see cref="RunContext"/> and the output values.
/// </summary>
internal abstract class Kernel
{
    /// <summary>The node, for error messages.</summary>
    public string Node { get; set; } = "";

    /// <summary>Whether the kernel may be evaluated at load time when all its inputs are constants.</summary>
    public virtual bool CanFold => true;

    public abstract void Run(RunContext ctx, Value?[] inputs, Value[] outputs);

    protected Value Input(Value?[] inputs, int i) =>
        i < inputs.Length && inputs[i] is { } v ? v : throw Fail($"input {i} is missing");

    protected static Value? Optional(Value?[] inputs, int i) => i < inputs.Length ? inputs[i] : null;

    protected KernelInputException Fail(string what) => new($"{Node}: {what}.");

    protected Value FloatInput(Value?[] inputs, int i)
    {
        var v = Input(inputs, i);
        return v.IsFloat ? v : throw Fail($"input {i} must be float, but is {v.Type}");
    }

    /// <summary>Allocates <paramref name="o"/> with the element type of <paramref name="like"/>.</summary>
    protected static void AllocLike(RunContext ctx, Value o, Value like, ReadOnlySpan<int> shape)
    {
        if (like.IsFloat) ctx.AllocFloat(o, shape);
        else ctx.AllocInt(o, shape, like.Type);
    }

    /// <summary>Reads a 1-D integer input as longs (shape, axes, pads …).</summary>
    protected static long[] Longs(Value v)
    {
        var r = new long[v.Count];
        for (int i = 0; i < r.Length; i++) r[i] = v.GetInt(i);
        return r;
    }

    /// <summary>Normalizes a possibly negative axis against <paramref name="rank"/>.</summary>
    protected int Axis(long axis, int rank)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw Fail($"axis {axis} is out of range for rank {rank}");
        }

        return (int)a;
    }
}
