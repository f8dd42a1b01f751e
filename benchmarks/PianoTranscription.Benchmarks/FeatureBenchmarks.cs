using BenchmarkDotNet.Attributes;
using PianoTranscription.Audio;
using PianoTranscription.Features;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// Featurization of 10 minutes of 16 kHz audio on one thread (target: at most 1 s), for the default model's
/// log-frequency features and a 229-bin log-mel configuration, plus the streaming path in 20 ms blocks.
/// Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *FeatureBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class FeatureBenchmarks
{
    private static readonly ParallelOptions OneThread = new() { MaxDegreeOfParallelism = 1 };
    private readonly Featurizer _logMel = Featurizer.ForSampleRate(16000).Stft(windowSize: 2048, hop: 320).LogMel(bins: 229, minHz: 30, maxHz: 8000);
    private AudioClip _clip = null!;
    private float[] _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var samples = new float[16000 * 600];
        var random = new Random(1);
        for (int i = 0; i < samples.Length; i++)
        {
            double t = i / 16000.0;
            samples[i] = (float)((0.3 * Math.Sin(2 * Math.PI * 261.63 * t)) + (0.2 * Math.Sin(2 * Math.PI * 659.26 * t)) + (0.01 * ((random.NextDouble() * 2) - 1)));
        }

        _clip = AudioClip.FromSamples(samples, 16000);
        _buffer = new float[Featurizer.PianoDefault.FrameCountFor(samples.Length) * Featurizer.PianoDefault.BinCount];
        _ = Featurizer.PianoDefault.Compute(AudioClip.FromSamples(samples.AsSpan(0, 16000), 16000));
        _ = _logMel.Compute(AudioClip.FromSamples(samples.AsSpan(0, 16000), 16000));
    }

    [Benchmark(Baseline = true, Description = "PianoDefault, 10 min, 1 thread")]
    public Spectrogram PianoDefault() => Featurizer.PianoDefault.Compute(_clip, OneThread);

    [Benchmark(Description = "LogMel 229, 10 min, 1 thread")]
    public Spectrogram LogMel() => _logMel.Compute(_clip, OneThread);

    [Benchmark(Description = "PianoDefault into a reused buffer, 10 min, 1 thread")]
    public int PianoDefaultInto() => Featurizer.PianoDefault.ComputeInto(_clip.Samples.Span, _buffer);

    [Benchmark(Description = "PianoDefault streaming, 10 min in 320-sample blocks")]
    public long Streaming()
    {
        StreamingFeaturizer stream = Featurizer.PianoDefault.CreateStream();
        ReadOnlySpan<float> samples = _clip.Samples.Span;
        Span<float> frame = stackalloc float[stream.BinCount];
        long frames = 0;
        for (int i = 0; i < samples.Length; i += 320)
        {
            stream.Push(samples.Slice(i, Math.Min(320, samples.Length - i)));
            while (stream.TryReadFrame(frame))
            {
                frames++;
            }
        }

        stream.Complete();
        while (stream.TryReadFrame(frame))
        {
            frames++;
        }

        return frames;
    }
}
