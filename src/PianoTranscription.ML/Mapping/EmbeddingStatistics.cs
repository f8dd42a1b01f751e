using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML.Mapping;

/// <summary>
/// A fixed-size summary of the acoustic model's outputs over a clip, for small classifiers: per key (A0…C8) the mean
/// and the maximum of the frame head (how much and how strongly a key sounds), the mean of the onset head (how often
/// it is struck) and the standard deviation of the frame head (how it comes and goes). 4 × 88 values.
/// </summary>
internal static class EmbeddingStatistics
{
    private const int Keys = Posteriorgram.KeyCount;

    /// <summary>
    /// The embedding of a clip at the model's sample rate: the model run over the whole clip, then <see cref="Compute"/>
    /// (zeros for a clip too short for a frame). <c>Piano.Embed</c> and <c>AudioClassifier</c> both use this.
    /// </summary>
    public static void Embed(AcousticModel model, InferenceSessionPool pool, AudioClip clip, Span<float> destination, CancellationToken cancellationToken = default)
    {
        destination.Clear();
        Spectrogram features = model.Featurizer.Compute(clip, new ParallelOptions { MaxDegreeOfParallelism = pool.Options.MaxDegreeOfParallelism, CancellationToken = cancellationToken });
        if (features.FrameCount == 0)
        {
            return;
        }

        IReadOnlyDictionary<string, Tensor> heads = pool.Run(
            new Dictionary<string, Tensor> { [ModelContract.InputName] = new Tensor(features.ToArray(), 1, features.FrameCount, features.BinCount) },
            cancellationToken);
        Compute(heads["frame"].Data.Span, heads["onset"].Data.Span, features.FrameCount, destination);
    }

    public static void Compute(ReadOnlySpan<float> frame, ReadOnlySpan<float> onset, int frames, Span<float> destination)
    {
        Span<double> sum = stackalloc double[Keys];
        Span<double> sumSquares = stackalloc double[Keys];
        Span<double> onsetSum = stackalloc double[Keys];
        Span<float> max = destination.Slice(Keys, Keys);
        for (int t = 0; t < frames; t++)
        {
            for (int k = 0; k < Keys; k++)
            {
                float f = frame[(t * Keys) + k];
                sum[k] += f;
                sumSquares[k] += (double)f * f;
                onsetSum[k] += onset[(t * Keys) + k];
                max[k] = Math.Max(max[k], f);
            }
        }

        for (int k = 0; k < Keys; k++)
        {
            double mean = sum[k] / frames;
            destination[k] = (float)mean;
            destination[(2 * Keys) + k] = (float)(onsetSum[k] / frames);
            destination[(3 * Keys) + k] = (float)Math.Sqrt(Math.Max(0, (sumSquares[k] / frames) - (mean * mean)));
        }
    }
}
