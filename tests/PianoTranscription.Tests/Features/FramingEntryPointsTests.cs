using System.Runtime.InteropServices;
using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Features;

/// <summary>
/// Every way audio becomes frames gives the same bits: the offline <see cref="Featurizer.Compute(AudioClip)"/> (what
/// the CLI's <c>features</c> command and so training use), <see cref="Featurizer.ComputeInto"/>, a
/// <see cref="StreamingFeaturizer"/> fed random block sizes, and the transcriber's frame window (what
/// <see cref="PianoTranscriber"/> and <see cref="LiveTranscription"/> run the model on).
/// </summary>
public sealed class FramingEntryPointsTests
{
    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (string name in new[] { "default", "uncentred-mel-db", "meanvar", "hop-equals-window", "odd-hop-power" })
        {
            // Lengths: empty, shorter than half a window, shorter than a window, and several seconds.
            foreach (int length in new[] { 0, 300, 1500, 57_321 })
            {
                data.Add(name, length, length + name.Length);
            }
        }

        return data;
    }

    private static Featurizer Make(string name) => name switch
    {
        "default" => Featurizer.PianoDefault,
        "uncentred-mel-db" => Featurizer.ForSampleRate(16000).Stft(1024, 200, centered: false).Mel(64, 30, 8000).Decibels(),
        "meanvar" => Featurizer.ForSampleRate(16000).Stft(512, 128).Mel(16, 30, 8000).Log1p()
            .NormalizeMeanVariance(Enumerable.Range(0, 16).Select(i => 0.1f * i).ToArray(), Enumerable.Repeat(2f, 16).ToArray()),
        "hop-equals-window" => Featurizer.ForSampleRate(16000).Stft(256, 256).Linear(),
        "odd-hop-power" => Featurizer.ForSampleRate(22050).Stft(1000, 333).LogFrequency(2, 40, 8000).Power(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Offline_streaming_and_the_transcriber_window_give_bit_identical_frames(string name, int length, int seed)
    {
        Featurizer f = Make(name);
        var random = new Random(seed);
        float[] samples = new float[length];
        for (int i = 0; i < length; i++)
        {
            samples[i] = (float)((random.NextDouble() * 2) - 1) * (float)random.NextDouble();
        }

        float[] offline = f.Compute(AudioClip.FromSamples(samples, f.SampleRate)).Values.ToArray();
        Assert.Equal(f.FrameCountFor(length) * f.BinCount, offline.Length);

        float[] oneThread = f.ComputeSamples(samples, new ParallelOptions { MaxDegreeOfParallelism = 1 }).Values.ToArray();
        float[] into = new float[offline.Length + 7];
        Assert.Equal(f.FrameCountFor(length), f.ComputeInto(samples, into));

        AssertBits(offline, oneThread);
        AssertBits(offline, into.AsSpan(0, offline.Length).ToArray());
        AssertBits(offline, Streamed(f, samples, random));
        AssertBits(offline, Windowed(LiveTranscription.CreateFramer(f, threads: 1), samples, random));
        AssertBits(offline, Windowed(LiveTranscription.CreateFramer(f, threads: 4), samples, random));

        // The smallest buffers the framer accepts: compaction and frame-buffer growth on almost every block.
        AssertBits(offline, Windowed(new Framer(f, threads: 2, sampleCapacity: f.WindowSize + 1, frameCapacity: 1), samples, random));
    }

    private static float[] Streamed(Featurizer f, float[] samples, Random random)
    {
        StreamingFeaturizer stream = f.CreateStream();
        var collected = new List<float>();
        int pos = 0;
        while (pos < samples.Length)
        {
            int n = Math.Min(samples.Length - pos, NextBlock(random));
            stream.Push(samples.AsSpan(pos, n));
            pos += n;
            if (random.Next(3) == 0)
            {
                collected.AddRange(stream.ReadAvailable().Values.ToArray());
            }
        }

        stream.Complete();
        collected.AddRange(stream.ReadAvailable().Values.ToArray());
        Assert.Equal(f.FrameCountFor(samples.Length), stream.FramesRead);
        return [.. collected];
    }

    private static float[] Windowed(Framer window, float[] samples, Random random)
    {
        Featurizer f = window.Featurizer;
        var collected = new List<float>();
        long taken = 0;
        void Take(long upTo)
        {
            collected.AddRange(window.Frames(taken, upTo).ToArray());
            taken = upTo;

            // Like the transcriber, keep a few frames of context before the next unread one.
            window.DropFramesBefore(taken - random.Next(0, 5));
        }

        int pos = 0;
        while (pos < samples.Length)
        {
            int n = Math.Min(samples.Length - pos, NextBlock(random));
            window.Append(samples.AsSpan(pos, n), CancellationToken.None);
            pos += n;
            if (random.Next(3) == 0)
            {
                Take(window.FramesComputed);
            }
        }

        Assert.Equal(f.FrameCountFor(samples.Length), window.Complete(CancellationToken.None));
        Take(window.FramesComputed);
        return [.. collected];
    }

    // Block sizes from 0 to many windows, including ones larger than the internal sample buffers.
    private static int NextBlock(Random random) => random.Next(6) switch
    {
        0 => random.Next(5000, 90_000),
        1 => 0,
        _ => random.Next(1, 700),
    };

    private static void AssertBits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(MemoryMarshal.Cast<float, int>(expected).ToArray(), MemoryMarshal.Cast<float, int>(actual).ToArray());
    }
}
