using System.Text.Json;
using PianoTranscription.Audio;
using PianoTranscription.Features;

namespace PianoTranscription.Tests.Features;

/// <summary>Loads the golden numpy/scipy fixtures made by tools/features/make_fixtures.py.</summary>
internal static class FeatureFixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Features");

    public static NpyArray Load(string name) => NpyFile.Read(Path.Combine(Dir, name));

    public static JsonDocument Meta() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "fixtures.json")));

    public static AudioClip Signal() => AudioClip.FromSamples(Load("signal.npy").Values.Span, 16000);

    /// <summary>
    /// Asserts |actual - expected| ≤ relative · max(|expected|, floorFraction · max|expected|): a relative check for
    /// values that are not near zero, an absolute one (scaled to the data) for those that are.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, double floorFraction = 1e-3)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        foreach (float e in expected)
        {
            max = Math.Max(max, Math.Abs(e));
        }

        double floor = floorFraction * max;
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = relative * Math.Max(Math.Abs(expected[i]), floor);
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= tolerance, $"value {i}: expected {expected[i]}, got {actual[i]} (error {error:g3} > {tolerance:g3})");
        }
    }

    /// <summary>Asserts an absolute tolerance (for log-compressed values).</summary>
    public static void AssertAbsolute(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= tolerance, $"value {i}: expected {expected[i]}, got {actual[i]} (error {error:g3})");
        }
    }
}
