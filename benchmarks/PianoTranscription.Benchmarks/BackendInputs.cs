using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.OnnxRuntime;
using PianoTranscription.Transcription;

namespace PianoTranscription.Benchmarks;

/// <summary>The two backends compared by <see cref="BackendModelBenchmarks"/>, <see cref="BackendTranscriberBenchmarks"/> and <see cref="BackendConcurrency"/>, and their shared inputs.</summary>
internal static class BackendInputs
{
    /// <summary>The backend names used as BenchmarkDotNet parameters.</summary>
    public const string Managed = "managed";

    /// <summary>ONNX Runtime on the CPU (Microsoft.ML.OnnxRuntime, graph optimisation "all").</summary>
    public const string Ort = "onnxruntime";

    /// <summary>The embedded default model on the named backend.</summary>
    public static AcousticModel Model(string backend) => backend switch
    {
        Managed => AcousticModel.Default,
        Ort => AcousticModel.Default.WithBackend(OnnxRuntimeBackend.Cpu),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "managed or onnxruntime"),
    };

    /// <summary>A transcriber with the embedded model on the named backend.</summary>
    public static PianoTranscriber Transcriber(string backend, int threads) =>
        PianoTranscriber.CreateBuilder().WithModel(Model(backend)).WithThreads(threads).Build();

    /// <summary>Real features: samples/example.wav resampled to 16 kHz, looped to <paramref name="frames"/> frames of the default featurizer.</summary>
    public static Spectrogram ExampleFeatures(int frames)
    {
        Featurizer featurizer = AcousticModel.Default.Featurizer;
        AudioClip clip = AudioClip.Load(ExampleAudio.ExamplePath).Resample(featurizer.SampleRate);
        int n = (frames - 1) * featurizer.HopSize; // centred frames: floor(n / hop) + 1
        float[] looped = new float[n];
        ReadOnlySpan<float> src = clip.Samples.Span;
        for (int i = 0; i < n; i += src.Length)
        {
            src[..Math.Min(src.Length, n - i)].CopyTo(looped.AsSpan(i));
        }

        Spectrogram features = featurizer.Compute(AudioClip.FromSamples(looped, featurizer.SampleRate));
        return features.FrameCount == frames ? features : throw new InvalidOperationException($"{features.FrameCount} frames, expected {frames}");
    }

    /// <summary>The model input for <paramref name="features"/>.</summary>
    public static NamedInput[] Input(Spectrogram features) =>
        [new NamedInput(ModelContract.InputName, new Tensor(features.ToArray(), 1, features.FrameCount, features.BinCount))];

    /// <summary>Caller-owned destinations for every output of the default model.</summary>
    public static NamedOutput[] Outputs(int frames)
    {
        var outputs = new List<NamedOutput>();
        foreach (TensorInfo info in AcousticModel.Default.Inference.Outputs)
        {
            outputs.Add(new NamedOutput(info.Name, info.Shape!.Count == 3 ? Tensor.Zeros(1, frames, 88) : Tensor.Zeros(1, frames)));
        }

        return outputs.ToArray();
    }
}
