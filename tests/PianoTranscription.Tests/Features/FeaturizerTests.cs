using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Tests.Audio;

namespace PianoTranscription.Tests.Features;

/// <summary>The fluent featurizer: framing, frequency layouts, compression, normalisation, threads and validation.</summary>
public sealed class FeaturizerTests
{
    private static AudioClip Tone(double frequency, int rate = 16000, double seconds = 1.0, double amplitude = 0.5) =>
        AudioClip.FromSamples(Signals.Sine(frequency, rate, (int)(seconds * rate), amplitude), rate);

    [Fact]
    public void The_issue_example_gives_229_log_mel_bins_at_31_25_frames_per_second()
    {
        AudioClip clip = Tone(440);
        Spectrogram s = Featurizer.ForSampleRate(16000).Stft(windowSize: 2048, hop: 512).LogMel(bins: 229, minHz: 30, maxHz: 8000).Compute(clip);
        Assert.Equal(229, s.BinCount);
        Assert.Equal((16000 / 512) + 1, s.FrameCount);
        Assert.Equal(31.25, s.FrameRate);
        Assert.Equal(s.BinCount, s.BinFrequencies.Count);
        Assert.All(s.Values.ToArray(), v => Assert.True(v >= 0 && float.IsFinite(v)));
    }

    [Fact]
    public void Piano_default_is_the_cross_team_contract()
    {
        Featurizer f = Featurizer.PianoDefault;
        Assert.Equal((16000, 2048, 320, true), (f.SampleRate, f.WindowSize, f.HopSize, f.Centered));
        Assert.Equal((FrequencyScale.LogFrequency, 2, 27.5, 8000.0), (f.Scale, f.BinsPerSemitone, f.MinHz, f.MaxHz));
        Assert.Equal(SpectrumCompression.Log1p, f.Compression);
        Assert.Equal(FeatureNormalization.None, f.Normalization);
        Assert.Equal(50.0, f.FrameRate);
        Assert.Equal(197, f.BinCount);
        Assert.Equal(1 + (48000 / 320), f.Compute(Tone(440, seconds: 3)).FrameCount);
    }

    [Fact]
    public void A_log_frequency_bin_peaks_at_the_tone_frequency()
    {
        // 2 bins per semitone from 27.5 Hz: A4 (440 Hz) is 4 octaves up, bin 96; C5 (523.25 Hz) is bin 102.
        foreach ((double hz, int bin) in new[] { (440.0, 96), (523.2511, 102), (110.0, 48) })
        {
            Spectrogram s = Featurizer.PianoDefault.Compute(Tone(hz));
            ReadOnlySpan<float> frame = s.GetFrame(s.FrameCount / 2);
            int peak = frame.IndexOf(TensorMax(frame));
            Assert.Equal(bin, peak);
            Assert.Equal(hz, s.BinFrequencies[peak], 0.5);
        }
    }

    [Fact]
    public void Linear_magnitude_of_a_sine_is_a_quarter_of_window_times_amplitude()
    {
        // A bin-centred sine of amplitude A under a periodic Hann window of N samples has |X[k]| = A·N/4.
        const int N = 1024;
        double hz = 40 * 16000.0 / N;
        Spectrogram s = Featurizer.ForSampleRate(16000).Stft(N, 256).Compute(Tone(hz, amplitude: 0.5));
        Assert.Equal((N / 2) + 1, s.BinCount);
        Assert.Equal(0.5 * N / 4, s[s.FrameCount / 2, 40], 0.01);
        Assert.Equal(0.5 * N / 8, s[s.FrameCount / 2, 39], 0.01); // the Hann main lobe: half height one bin away
    }

    [Fact]
    public void Power_decibels_and_log1p_are_the_documented_functions_of_the_magnitude()
    {
        AudioClip clip = Tone(1000, amplitude: 0.3);
        Featurizer baseF = Featurizer.ForSampleRate(16000).Stft(1024, 320).Mel(40, 0, 8000);
        // Mel filters apply to magnitude (Magnitude, Log1p) or power (Power, Decibels).
        float[] mag = baseF.Magnitude().Compute(clip).ToArray();
        float[] pow = baseF.Power().Compute(clip).ToArray();
        float[] db = baseF.Decibels(-90).Compute(clip).ToArray();
        float[] log1p = baseF.Log1p(scale: 10).Compute(clip).ToArray();
        Assert.Equal(mag.Length, pow.Length);
        for (int i = 0; i < mag.Length; i++)
        {
            Assert.Equal(Math.Max(-90, 10 * Math.Log10(pow[i])), db[i], 0.001);
            Assert.Equal(Math.Log(1 + (10.0 * mag[i])), log1p[i], 1e-4);
        }

        Assert.Equal(-90f, db.Min(), 0.001f); // the floor is reached in the silent edges of empty bins
    }

    [Fact]
    public void Per_clip_max_normalisation_makes_the_largest_value_one()
    {
        AudioClip clip = Tone(440, amplitude: 0.1);
        Spectrogram plain = Featurizer.PianoDefault.Compute(clip);
        Spectrogram normalised = Featurizer.PianoDefault.NormalizePerClipMax().Compute(clip);
        float max = plain.Values.ToArray().Max();
        Assert.Equal(1f, normalised.Values.ToArray().Max(), 1e-6f);
        float[] p = plain.ToArray(), n = normalised.ToArray();
        for (int i = 0; i < p.Length; i++)
        {
            Assert.Equal(p[i] / max, n[i], 1e-6f);
        }

        Assert.All(Featurizer.PianoDefault.NormalizePerClipMax().Compute(AudioClip.FromSamples(new float[3200], 16000)).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Mean_variance_normalisation_standardises_each_bin()
    {
        AudioClip clip = Tone(440);
        Featurizer f = Featurizer.ForSampleRate(16000).Stft(512, 160).Mel(8, 50, 4000).Log1p();
        float[] mean = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f];
        float[] std = [1f, 2f, 0.5f, 4f, 1f, 1f, 3f, 0.25f];
        float[] raw = f.Compute(clip).ToArray();
        Featurizer normalisedF = f.NormalizeMeanVariance(mean, std);
        float[] normalised = normalisedF.Compute(clip).ToArray();
        for (int i = 0; i < raw.Length; i++)
        {
            Assert.Equal((raw[i] - mean[i % 8]) / std[i % 8], normalised[i], 1e-5f);
        }

        Assert.Equal(mean, normalisedF.NormalizationMean);
        Assert.Equal(raw, normalisedF.NoNormalization().Compute(clip).ToArray());
        Assert.Throws<ArgumentException>(() => f.NormalizeMeanVariance(mean.AsSpan(0, 7), std));
        Assert.Throws<ArgumentException>(() => f.NormalizeMeanVariance(mean, [.. std[..7], 0f]));
        Assert.Throws<ArgumentException>(() => f.NormalizeMeanVariance([.. mean[..7], float.NaN], std));
        Assert.Throws<ArgumentException>(() => normalisedF.Mel(16, 50, 4000)); // the statistics no longer fit
    }

    [Fact]
    public void Results_do_not_depend_on_the_number_of_threads_or_on_reusing_a_buffer()
    {
        AudioClip clip = AudioClip.FromSamples(Signals.Sweep(30, 7000, 16000, 20), 16000); // 1001 frames: several blocks
        Featurizer f = Featurizer.PianoDefault;
        float[] one = f.Compute(clip, new ParallelOptions { MaxDegreeOfParallelism = 1 }).ToArray();
        float[] many = f.Compute(clip, new ParallelOptions { MaxDegreeOfParallelism = 4 }).ToArray();
        Assert.Equal(one, many);

        var buffer = new float[one.Length + 10];
        buffer.AsSpan().Fill(float.NaN);
        Assert.Equal(1001, f.ComputeInto(clip.Samples.Span, buffer));
        Assert.Equal(one, buffer.AsSpan(0, one.Length).ToArray());
        Assert.True(float.IsNaN(buffer[^1])); // nothing written past the frames
        Assert.Equal(1001, f.ComputeInto(clip.Samples.Span, buffer)); // again, into the same buffer
        Assert.Equal(one, buffer.AsSpan(0, one.Length).ToArray());
        Assert.Throws<ArgumentException>(() => f.ComputeInto(clip.Samples.Span, new float[one.Length - 1]));
        Assert.Throws<InvalidOperationException>(() => f.NormalizePerClipMax().ComputeInto(clip.Samples.Span, buffer));
    }

    [Fact]
    public void Cancellation_stops_a_computation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Featurizer.PianoDefault.Compute(Tone(440, seconds: 10), new ParallelOptions { CancellationToken = cts.Token }));
    }

    [Theory]
    [InlineData(0, 2048, 320)]
    [InlineData(16000, 0, 320)]
    [InlineData(16000, 2047, 320)]
    [InlineData(16000, 2048, 0)]
    [InlineData(16000, 2048, 2049)]
    [InlineData(16000, 1 << 17, 320)]
    public void Invalid_framing_is_an_argument_out_of_range_exception(int rate, int window, int hop)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Featurizer.ForSampleRate(rate == 0 ? 999 : rate).Stft(window, hop));
    }

    [Fact]
    public void Invalid_filterbanks_and_compressions_name_the_parameter()
    {
        Featurizer f = Featurizer.ForSampleRate(16000);
        Assert.Equal("bins", Assert.Throws<ArgumentOutOfRangeException>(() => f.Mel(0)).ParamName);
        Assert.Equal("maxHz", Assert.Throws<ArgumentOutOfRangeException>(() => f.Mel(64, 30, 8001)).ParamName);
        Assert.Equal("maxHz", Assert.Throws<ArgumentOutOfRangeException>(() => f.LogMel(64, 300, 200)).ParamName);
        Assert.Equal("minHz", Assert.Throws<ArgumentOutOfRangeException>(() => f.LogFrequency(2, 0, 4000)).ParamName);
        Assert.Equal("minHz", Assert.Throws<ArgumentOutOfRangeException>(() => f.Mel(64, double.NaN, 4000)).ParamName);
        Assert.Equal("binsPerSemitone", Assert.Throws<ArgumentOutOfRangeException>(() => f.LogFrequency(0)).ParamName);
        Assert.Equal("floorDb", Assert.Throws<ArgumentOutOfRangeException>(() => f.Decibels(3)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => f.Log1p(0)).ParamName);
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => Featurizer.ForSampleRate(500)).ParamName);
    }

    [Fact]
    public void A_clip_at_another_rate_is_refused_with_a_hint_to_resample()
    {
        var ex = Assert.Throws<ArgumentException>(() => Featurizer.PianoDefault.Compute(Tone(440, rate: 44100)));
        Assert.Contains("44100 Hz", ex.Message, StringComparison.Ordinal);
        Assert.Contains("resample", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => Featurizer.PianoDefault.Compute(null!));
    }

    [Fact]
    public void Featurizers_are_immutable_values()
    {
        Featurizer a = Featurizer.ForSampleRate(16000).Stft(1024, 256);
        Featurizer b = a.Mel(64, 30, 8000);
        Assert.Equal(FrequencyScale.Linear, a.Scale); // a is unchanged
        Assert.Equal(513, a.BinCount);
        Assert.Equal(64, b.BinCount);
        Assert.Equal(b, Featurizer.ForSampleRate(16000).Stft(1024, 256).Mel(64, 30, 8000));
        Assert.Equal(b.GetHashCode(), Featurizer.ForSampleRate(16000).Stft(1024, 256).Mel(64, 30, 8000).GetHashCode());
        Assert.NotEqual(b, b.Log1p());
        Assert.Contains("mel 64 bins", b.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true, 1)]
    [InlineData(319, true, 1)]
    [InlineData(320, true, 2)]
    [InlineData(2047, false, 0)]
    [InlineData(2048, false, 1)]
    [InlineData(2048 + 320, false, 2)]
    public void Frame_counts_follow_the_centring_rule(int samples, bool centred, int frames)
    {
        Featurizer f = Featurizer.ForSampleRate(16000).Stft(2048, 320, centred);
        Assert.Equal(frames, f.FrameCountFor(samples));
        Assert.Equal(frames, f.Compute(AudioClip.FromSamples(new float[samples], 16000)).FrameCount);
    }

    [Fact]
    public void The_spectrogram_is_read_without_copying_and_validates_indices()
    {
        Spectrogram s = Featurizer.PianoDefault.Compute(Tone(440, seconds: 0.5));
        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(s.Values.Span), ref MemoryMarshal.GetReference(s.Values.Span)));
        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(s.Values.Span[(3 * s.BinCount)..]), ref MemoryMarshal.GetReference(s.GetFrame(3))));
        Assert.Equal(s.FrameCount * s.BinCount, s.Values.Length);
        Assert.Equal(s.GetFrame(7)[12], s[7, 12]);
        Assert.Equal(0.14, s.TimeOf(7), 12);
        Assert.Equal(s.FrameCount, s.GetFrameTimes().Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.GetFrame(s.FrameCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => s[0, s.BinCount]);
        float[] copy = s.ToArray();
        copy[0] = 42;
        Assert.NotEqual(42, s[0, 0]);

        Spectrogram created = Spectrogram.Create(copy, s.FrameCount, s.BinCount, 50);
        Assert.Equal(42, created[0, 0]);
        Assert.Throws<ArgumentException>(() => Spectrogram.Create(copy, s.FrameCount + 1, s.BinCount, 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Spectrogram.Create(copy, s.FrameCount, s.BinCount, 0));
    }

    private static float TensorMax(ReadOnlySpan<float> x) => System.Numerics.Tensors.TensorPrimitives.Max(x);
}
