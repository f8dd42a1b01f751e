using PianoTranscription.Inference;
using static PianoTranscription.Tests.Inference.TestModels;

namespace PianoTranscription.Tests.Inference;

public sealed class OnnxLoaderTests
{
    private static string TinyPath => Path.Combine(OnnxFixture.Directory, "acoustic_tiny.onnx");

    [Fact]
    public void Hand_built_model_loads_and_runs()
    {
        var model = OnnxModel.Load(SingleNode("Relu"));
        Assert.Equal("x", model.Inputs[0].Name);
        Assert.Equal(TensorElementType.Float32, model.Inputs[0].ElementType);
        Assert.Equal("n", model.Inputs[0].Shape![0].Symbol);
        var y = model.Run(new Dictionary<string, Tensor> { ["x"] = new Tensor([-1f, 2f], 2) })["y"];
        Assert.Equal([0f, 2f], y.Data.ToArray());
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        var ex = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(ReadOnlySpan<byte>.Empty));
        Assert.Contains("empty", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_truncation_of_a_real_model_is_rejected_cleanly()
    {
        var bytes = File.ReadAllBytes(TinyPath);
        var rng = new Random(5);
        var cuts = Enumerable.Range(0, 300).Select(_ => rng.Next(1, bytes.Length)).Concat([1, 2, 10, bytes.Length - 1]);
        foreach (int cut in cuts)
        {
            Assert.Throws<ModelFormatException>(() => OnnxModel.Load(bytes.AsSpan(0, cut)));
        }
    }

    [Fact]
    public void Random_garbage_is_rejected_cleanly()
    {
        var rng = new Random(11);
        for (int i = 0; i < 300; i++)
        {
            var junk = new byte[rng.Next(1, 4000)];
            rng.NextBytes(junk);
            Assert.Throws<ModelFormatException>(() => OnnxModel.Load(junk));
        }
    }

    [Fact]
    public void Corrupted_bytes_in_a_real_model_never_escape_as_other_exceptions()
    {
        var original = File.ReadAllBytes(TinyPath);
        var rng = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var bytes = (byte[])original.Clone();
            for (int k = 0; k < 4; k++) bytes[rng.Next(Math.Min(bytes.Length, 4096))] = (byte)rng.Next(256);
            try
            {
                OnnxModel.Load(bytes);
            }
            catch (ModelFormatException)
            {
            }
        }
    }

    [Fact]
    public void Tensor_claiming_two_to_the_forty_elements_is_rejected_before_allocation()
    {
        var init = new Msg().PackedInts(1, 1L << 20, 1L << 20).Int(2, 1).Str(8, "w").Bytes(9, new byte[16]);
        var ex = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Add", initializer: init, extraInputs: ["w"])));
        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("elements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dims_whose_product_overflows_are_rejected()
    {
        var init = new Msg().PackedInts(1, long.MaxValue / 2, 4, 4).Int(2, 1).Str(8, "w");
        Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Add", initializer: init, extraInputs: ["w"])));
        var negative = new Msg().PackedInts(1, -3).Int(2, 1).Str(8, "w");
        Assert.Contains("negative", Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Add", initializer: negative, extraInputs: ["w"]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_data_length_mismatch_is_rejected()
    {
        var init = new Msg().PackedInts(1, 3).Int(2, 1).Str(8, "w").Bytes(9, new byte[8]);
        var ex = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Add", initializer: init, extraInputs: ["w"])));
        Assert.Contains("raw_data", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_prefix_past_the_end_is_rejected()
    {
        // ModelProto.graph (field 7) claiming 1,000,000 bytes with 3 present.
        byte[] bytes = [0x3A, 0xC0, 0x84, 0x3D, 1, 2, 3];
        Assert.Contains("truncated", Assert.Throws<ModelFormatException>(() => OnnxModel.Load(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_operator_is_named_at_load()
    {
        var ex = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("NonMaxSuppression")));
        Assert.Contains("NonMaxSuppression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_opset_and_domain_are_named_at_load()
    {
        Assert.Contains("opset 99", Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Relu", opset: 99))).Message, StringComparison.Ordinal);
        Assert.Contains("com.microsoft", Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Relu", domain: "com.microsoft"))).Message, StringComparison.Ordinal);
        Assert.Contains("IR version", Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Relu", irVersion: 1))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_data_type_and_external_data_are_named_at_load()
    {
        var str = new Msg().PackedInts(1, 1).Int(2, 8).Str(8, "w");
        Assert.Contains("String", Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Add", initializer: str, extraInputs: ["w"]))).Message, StringComparison.Ordinal);
        var complex = new Msg().PackedInts(1, 1).Int(2, 14).Str(8, "w");
        Assert.Contains("Complex64", Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Add", initializer: complex, extraInputs: ["w"]))).Message, StringComparison.Ordinal);
        var external = new Msg().PackedInts(1, 4).Int(2, 1).Str(8, "w").Sub(13, new Msg().Str(1, "location").Str(2, "weights.bin"));
        Assert.Contains("external", Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Add", initializer: external, extraInputs: ["w"]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_reading_an_undefined_value_is_rejected()
    {
        var ex = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(SingleNode("Add", extraInputs: ["nowhere"])));
        Assert.Contains("nowhere", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_without_graph_is_rejected()
    {
        var bytes = new Msg().Int(1, 8).Str(2, "x").ToArray();
        Assert.Contains("no graph", Assert.Throws<ModelFormatException>(() => OnnxModel.Load(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float16_initializer_is_converted_at_load()
    {
        // Half bits for 1.5 and -2 as raw_data; Add(x, w).
        byte[] raw = [0x00, 0x3E, 0x00, 0xC0];
        var init = new Msg().PackedInts(1, 2).Int(2, 10).Str(8, "w").Bytes(9, raw);
        var model = OnnxModel.Load(SingleNode("Add", initializer: init, extraInputs: ["w"]));
        var y = model.Run(new Dictionary<string, Tensor> { ["x"] = new Tensor([1f, 1f], 2) })["y"];
        Assert.Equal([2.5f, -1f], y.Data.ToArray());
    }

    [Fact]
    public void Load_from_path_stream_and_span_agree()
    {
        var bytes = File.ReadAllBytes(TinyPath);
        using var stream = new MemoryStream(bytes);
        var a = OnnxModel.Load(TinyPath);
        var b = OnnxModel.Load(stream);
        var c = OnnxModel.Load(bytes.AsSpan());
        Assert.Equal(a.ToString(), b.ToString());
        Assert.Equal(a.ToString(), c.ToString());
    }
}
