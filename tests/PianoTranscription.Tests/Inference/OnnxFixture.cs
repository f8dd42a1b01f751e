using System.Text.Json;
using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Inference;

/// <summary>A golden case written by tools/onnx/make_fixtures.py and run_ort.js: model, inputs and ONNX Runtime's outputs.</summary>
internal sealed class OnnxFixture
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Onnx");

    public required string ModelPath { get; init; }

    public required Dictionary<string, Tensor> Inputs { get; init; }

    public required List<(string Name, Tensor Value)> Outputs { get; init; }

    public static IEnumerable<object[]> OperatorCases() =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "ops"), "*.json").Select(f => new object[] { Path.GetFileNameWithoutExtension(f) }).OrderBy(o => (string)o[0], StringComparer.Ordinal);

    public static OnnxFixture Load(string jsonPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
        return new OnnxFixture
        {
            ModelPath = Path.ChangeExtension(jsonPath, ".onnx"),
            Inputs = doc.RootElement.GetProperty("inputs").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, Decode),
            Outputs = doc.RootElement.GetProperty("outputs").EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, Decode(e))).ToList(),
        };
    }

    private static Tensor Decode(JsonElement e)
    {
        var dims = e.GetProperty("dims").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var bytes = Convert.FromBase64String(e.GetProperty("data").GetString()!);
        var data = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, data, 0, bytes.Length);
        return new Tensor(data, dims);
    }

    /// <summary>Asserts equality to 1e-4 relative with an absolute floor.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, string what, float absFloor = 1e-5f, float rel = 1e-4f)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.Data.Span;
        var a = actual.Data.Span;
        for (int i = 0; i < e.Length; i++)
        {
            float tol = absFloor + rel * Math.Abs(e[i]);
            if (!(Math.Abs(e[i] - a[i]) <= tol))
            {
                Assert.Fail($"{what}: element {i} is {a[i]}, expected {e[i]} (tolerance {tol}).");
            }
        }
    }
}
