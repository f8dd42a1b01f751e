using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Inference;

/// <summary>
/// The bundled default model (src/PianoTranscription/Models/piano-default.onnx) run by the managed engine must equal the
/// PyTorch outputs that training/export.py wrote next to it (Fixtures/Model: input_spectrogram.npy → expected_*.npy).
/// The fixture is regenerated whenever the model is replaced, so nothing here depends on particular weights.
/// </summary>
public sealed class DefaultModelParityTests
{
    private const float Tolerance = 1e-4f;

    private static readonly string[] OutputNames = ["onset", "frame", "offset", "velocity", "pedal_onset", "pedal_frame", "pedal_offset"];

    private static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Model");

    internal static string DefaultModelPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "PianoTranscription", "Models", "piano-default.onnx");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("src/PianoTranscription/Models/piano-default.onnx was not found above the test output folder.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Default_model_matches_the_pytorch_fixture(int threads)
    {
        var model = OnnxModel.Load(DefaultModelPath(), new InferenceOptions { MaxDegreeOfParallelism = threads });
        var (inputValues, inputShape) = NpyFixture.Read(Path.Combine(FixtureDirectory, "input_spectrogram.npy"));
        Assert.Equal(3, inputShape.Length);
        Assert.Equal(1, inputShape[0]);
        var spectrogram = new Tensor(inputValues, inputShape);

        var outputs = model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = spectrogram });

        Assert.Equal(OutputNames.Order(StringComparer.Ordinal), outputs.Keys.Order(StringComparer.Ordinal));
        foreach (string name in OutputNames)
        {
            var (e, expectedShape) = NpyFixture.Read(Path.Combine(FixtureDirectory, $"expected_{name}.npy"));
            var actual = outputs[name];
            Assert.Equal(expectedShape, actual.Shape);
            var a = actual.Data.Span;
            float worst = 0f;
            int worstAt = -1;
            for (int i = 0; i < e.Length; i++)
            {
                float d = MathF.Abs(e[i] - a[i]);
                if (!(d <= worst))
                {
                    worst = d;
                    worstAt = i;
                }
            }

            Assert.True(worst <= Tolerance, $"{name}: |managed - PyTorch| = {worst} at flat index {worstAt} (expected {e[Math.Max(worstAt, 0)]}, got {a[Math.Max(worstAt, 0)]}), tolerance {Tolerance}.");
        }
    }

    [Fact]
    public void Default_model_output_frame_t_depends_on_input_frame_t()
    {
        // The I/O contract aligns output frame t with input frame t: changing only the last input frames must leave the
        // early output frames (outside the receptive field) unchanged and change the late ones.
        var model = OnnxModel.Load(DefaultModelPath(), new InferenceOptions { MaxDegreeOfParallelism = 1 });
        var (original, shape) = NpyFixture.Read(Path.Combine(FixtureDirectory, "input_spectrogram.npy"));
        int frames = shape[1], bins = shape[2];
        var changed = (float[])original.Clone();
        for (int i = (frames - 5) * bins; i < frames * bins; i++) changed[i] += 1f;

        var a = model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = new Tensor(original, 1, frames, bins) })["frame"].Data.Span;
        var b = model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = new Tensor(changed, 1, frames, bins) })["frame"].Data.Span;

        Assert.True(a[..(88 * (frames / 2))].SequenceEqual(b[..(88 * (frames / 2))]), "early frames must not depend on late input frames");
        Assert.False(a[(88 * (frames - 1))..].SequenceEqual(b[(88 * (frames - 1))..]), "the last output frame must depend on the last input frames");
    }
}
