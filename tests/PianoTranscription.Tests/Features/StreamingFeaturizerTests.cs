using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Tests.Audio;

namespace PianoTranscription.Tests.Features;

/// <summary>Streaming featurization gives exactly the whole-clip features, whatever the block sizes.</summary>
public sealed class StreamingFeaturizerTests
{
    public static TheoryData<string, int> Cases() => new()
    {
        { "default", 1 },
        { "default", 2 },
        { "default", 3 },
        { "uncentred-mel-db", 4 },
        { "meanvar", 5 },
    };

    private static Featurizer Make(string name) => name switch
    {
        "default" => Featurizer.PianoDefault,
        "uncentred-mel-db" => Featurizer.ForSampleRate(16000).Stft(1024, 200, centered: false).Mel(64, 30, 8000).Decibels(),
        "meanvar" => Featurizer.ForSampleRate(16000).Stft(512, 128).Mel(16, 30, 8000).Log1p()
            .NormalizeMeanVariance(Enumerable.Repeat(0.5f, 16).ToArray(), Enumerable.Repeat(2f, 16).ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streamed_frames_equal_the_whole_clip_features_exactly(string name, int seed)
    {
        Featurizer f = Make(name);
        var random = new Random(seed);
        float[] samples = Signals.Sweep(40, 7500, 16000, 2.5 + (random.NextDouble() * 0.1));
        Spectrogram whole = f.Compute(AudioClip.FromSamples(samples, 16000));

        StreamingFeaturizer stream = f.CreateStream();
        var collected = new List<float>();
        var frame = new float[stream.BinCount];
        int pos = 0;
        while (pos < samples.Length)
        {
            // Block sizes from 0 to several windows, including ones larger than the internal buffer.
            int n = Math.Min(samples.Length - pos, random.Next(4) == 0 ? random.Next(5000, 12000) : random.Next(0, 700));
            stream.Push(samples.AsSpan(pos, n));
            pos += n;
            while (stream.TryReadFrame(frame))
            {
                collected.AddRange(frame);
            }
        }

        stream.Complete();
        Spectrogram tail = stream.ReadAvailable();
        collected.AddRange(tail.Values.ToArray());

        Assert.Equal(whole.FrameCount, stream.FramesProduced);
        Assert.Equal(whole.FrameCount, stream.FramesRead);
        Assert.Equal(samples.Length, stream.SamplesPushed);
        Assert.Equal(whole.Values.ToArray(), collected.ToArray());
        Assert.Equal(whole.TimeOf(whole.FrameCount - tail.FrameCount), tail.StartTime, 12);
    }

    [Fact]
    public void A_centred_frame_is_ready_once_half_a_window_past_its_centre_is_pushed()
    {
        StreamingFeaturizer stream = Featurizer.PianoDefault.CreateStream();
        Assert.Equal(0, stream.Push(new float[1023]));
        Assert.Equal(1, stream.Push(new float[1])); // frame 0 needs samples -1024..1023
        Assert.Equal(0, stream.Push(new float[319]));
        Assert.Equal(1, stream.Push(new float[1]));
        Assert.Equal(2, stream.FramesAvailable);
    }

    [Fact]
    public void Complete_Reset_and_misuse()
    {
        StreamingFeaturizer stream = Featurizer.PianoDefault.CreateStream();
        stream.Push(new float[5000]);
        stream.Complete();
        Assert.True(stream.IsCompleted);
        Assert.Equal(Featurizer.PianoDefault.FrameCountFor(5000), stream.FramesProduced);
        Assert.Throws<InvalidOperationException>(() => stream.Push(new float[1]));
        Assert.Throws<InvalidOperationException>(() => stream.Complete());
        Assert.Throws<ArgumentException>(() => stream.TryReadFrame(new float[stream.BinCount - 1]));

        stream.Reset();
        Assert.Equal((0L, 0L, 0, false), (stream.SamplesPushed, stream.FramesProduced, stream.FramesAvailable, stream.IsCompleted));
        stream.Complete();
        Assert.Equal(1, stream.FramesAvailable); // an empty clip still has frame 0, like Compute

        Assert.Throws<InvalidOperationException>(() => Featurizer.PianoDefault.NormalizePerClipMax().CreateStream());
    }
}
