using PianoTranscription.Inference;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

/// <summary>
/// What chunked transcription relies on: the engine's output for a frame depends only on the frames within the
/// receptive field (±10 for the default model), bit for bit, whatever the run's length, the frame's position in it,
/// and the thread count.
/// </summary>
public sealed class ChunkInvarianceTests
{
    private const int ReceptiveField = 10;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Model_outputs_inside_a_window_equal_the_full_runs_bit_for_bit(int threads)
    {
        AcousticModel model = AcousticModel.Default;
        var features = model.Featurizer.Compute(TranscriptionTestData.ExampleClip.Resample(model.SampleRate));
        int total = features.FrameCount;
        int bins = features.BinCount;
        float[] all = features.ToArray();
        using IInferenceSession session = model.Inference.CreateSession(new InferenceOptions { MaxDegreeOfParallelism = threads });
        IReadOnlyDictionary<string, Tensor> Run(int from, int to) => session.Run(new Dictionary<string, Tensor>
        {
            [AcousticModel.InputName] = new Tensor(all.AsSpan(from * bins, (to - from) * bins).ToArray(), 1, to - from, bins),
        });

        var full = Run(0, total);

        // Window lengths ≡ 1, 2, 3 (mod 64) once crashed the dilated convolutions; others put frames in vector tails.
        foreach (var (from, to) in new[] { (100, total), (total - 643, total), (0, 501), (37, 37 + 65), (200, 200 + 66), (300, 300 + 67), (5, 6), (0, 1) })
        {
            var part = Run(from, to);
            foreach (string head in new[] { "onset", "frame", "offset", "velocity", "pedal_onset", "pedal_frame", "pedal_offset" })
            {
                int stride = head.StartsWith("pedal", StringComparison.Ordinal) ? 1 : Posteriorgram.KeyCount;
                ReadOnlySpan<float> x = full[head].Data.Span;
                ReadOnlySpan<float> y = part[head].Data.Span;
                Assert.Equal((to - from) * stride, y.Length);
                int first = from == 0 ? 0 : from + ReceptiveField;
                int last = to == total ? total : to - ReceptiveField;
                for (int t = first; t < last; t++)
                {
                    Assert.True(
                        x.Slice(t * stride, stride).SequenceEqual(y.Slice((t - from) * stride, stride)),
                        $"{head}: frame {t} of the window {from}..{to} differs from the full run");
                }
            }
        }
    }
}
