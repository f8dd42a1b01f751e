using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Inference;

public sealed class OnnxOperatorTests
{
    public static IEnumerable<object[]> Cases() => OnnxFixture.OperatorCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Operator_matches_onnx_runtime_single_threaded(string name) => Check(name, 1);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Operator_matches_onnx_runtime_multi_threaded(string name) => Check(name, 4);

    private static void Check(string name, int threads)
    {
        var fixture = OnnxFixture.Load(Path.Combine(OnnxFixture.Directory, "ops", name + ".json"));
        var model = OnnxModel.Load(fixture.ModelPath, new InferenceOptions { MaxDegreeOfParallelism = threads });
        var outputs = model.Run(fixture.Inputs);
        Assert.Equal(fixture.Outputs.Count, outputs.Count);
        foreach (var (outName, expected) in fixture.Outputs)
        {
            OnnxFixture.AssertClose(expected, outputs[outName], $"{name}/{outName}");
        }
    }

    [Fact]
    public void Gelu_operator_follows_the_erf_definition()
    {
        // Opset 20 Gelu is newer than the fixture tooling's ONNX Runtime export path, so check it against the formula.
        var model = OnnxModel.Load(TestModels.SingleNode("Gelu", opset: 20));
        float[] x = [-3f, -1f, -0.5f, 0f, 0.5f, 1f, 3f];
        float[] expected = [-0.00404969f, -0.15865526f, -0.15426877f, 0f, 0.34573123f, 0.84134474f, 2.99595031f];
        var y = model.Run(new Dictionary<string, Tensor> { ["x"] = new Tensor(x, x.Length) })["y"];
        OnnxFixture.AssertClose(new Tensor(expected, x.Length), y, "Gelu");
    }
}
