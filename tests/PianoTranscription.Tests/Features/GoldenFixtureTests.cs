using System.Text.Json;
using PianoTranscription.Features;

namespace PianoTranscription.Tests.Features;

/// <summary>Features against an independent numpy/scipy reference (tools/features/make_fixtures.py).</summary>
public sealed class GoldenFixtureTests
{
    [Fact]
    public void Centred_stft_magnitudes_match_numpy_rfft_with_scipy_hann()
    {
        NpyArray expected = FeatureFixtures.Load("stft_magnitude.npy");
        Spectrogram s = Featurizer.ForSampleRate(16000).Stft(2048, 320).Linear().Magnitude().Compute(FeatureFixtures.Signal());

        Assert.Equal(expected.Shape, new[] { s.FrameCount, s.BinCount });
        Assert.Equal(4800 / 320 + 1, s.FrameCount);
        FeatureFixtures.AssertClose(expected.Values.Span, s.Values.Span, 1e-4);
    }

    [Fact]
    public void Uncentred_stft_power_matches_numpy()
    {
        NpyArray expected = FeatureFixtures.Load("stft_power_uncentred.npy");
        Spectrogram s = Featurizer.ForSampleRate(16000).Stft(1024, 256, centered: false).Power().Compute(FeatureFixtures.Signal());

        Assert.Equal(expected.Shape, new[] { s.FrameCount, s.BinCount });
        Assert.Equal((4800 - 1024) / 256 + 1, s.FrameCount);
        Assert.Equal(512.0 / 16000, s.StartTime, 12);
        FeatureFixtures.AssertClose(expected.Values.Span, s.Values.Span, 1e-4);
    }

    [Fact]
    public void Log_frequency_filterbank_weights_match_the_reference()
    {
        using JsonDocument meta = FeatureFixtures.Meta();
        Filterbank fb = Featurizer.PianoDefault.Kernel.Filterbank;
        AssertFilterbank(meta.RootElement.GetProperty("logfreq"), FeatureFixtures.Load("logfreq_weights.npy"), fb);
        Assert.Equal(197, fb.BinCount);
        Assert.Equal(27.5, Featurizer.PianoDefault.BinFrequencies[0], 9);
        Assert.Equal(55.0, Featurizer.PianoDefault.BinFrequencies[24], 9);
        Assert.Equal(440.0, Featurizer.PianoDefault.BinFrequencies[96], 9);
    }

    [Fact]
    public void Mel_filterbank_weights_match_the_librosa_slaney_definition()
    {
        using JsonDocument meta = FeatureFixtures.Meta();
        Filterbank fb = Featurizer.ForSampleRate(16000).Stft(2048, 512).Mel(229, 30, 8000).Kernel.Filterbank;
        AssertFilterbank(meta.RootElement.GetProperty("mel"), FeatureFixtures.Load("mel_weights.npy"), fb);
    }

    [Fact]
    public void Piano_default_features_match_the_reference()
    {
        NpyArray expected = FeatureFixtures.Load("piano_default.npy");
        Spectrogram s = Featurizer.PianoDefault.Compute(FeatureFixtures.Signal());

        Assert.Equal(expected.Shape, new[] { s.FrameCount, s.BinCount });
        Assert.Equal(50.0, s.FrameRate);
        // log1p of values with relative error 1e-4 has absolute error below 1e-4.
        FeatureFixtures.AssertAbsolute(expected.Values.Span, s.Values.Span, 1e-4);
    }

    [Fact]
    public void Log_mel_decibels_match_the_reference()
    {
        NpyArray expected = FeatureFixtures.Load("mel_decibels_hop512.npy");
        Spectrogram s = Featurizer.ForSampleRate(16000).Stft(2048, 512).Mel(229, 30, 8000).Decibels(-100).Compute(FeatureFixtures.Signal());

        Assert.Equal(expected.Shape, new[] { s.FrameCount, s.BinCount });
        // 10·log10 of a value with relative error 1e-4 is off by at most 4.3e-4 dB.
        FeatureFixtures.AssertAbsolute(expected.Values.Span, s.Values.Span, 1e-3);
    }

    private static void AssertFilterbank(JsonElement meta, NpyArray weights, Filterbank fb)
    {
        int[] starts = meta.GetProperty("starts").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] lengths = meta.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        double[] centres = meta.GetProperty("centres").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(starts.Length, fb.BinCount);
        int offset = 0;
        for (int b = 0; b < starts.Length; b++)
        {
            Assert.Equal(centres[b], fb.Centres[b], 6);
            Assert.Equal(starts[b], fb.Starts[b]);
            Assert.Equal(lengths[b], fb.Offsets[b + 1] - fb.Offsets[b]);
            FeatureFixtures.AssertClose(
                weights.Values.Span.Slice(offset, lengths[b]),
                fb.Weights.AsSpan(fb.Offsets[b], lengths[b]),
                1e-5,
                floorFraction: 1e-6);
            offset += lengths[b];
        }
    }
}
