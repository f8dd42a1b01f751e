using PianoTranscription.Analysis;

namespace PianoTranscription.Tests.Analysis;

public class KeyTests
{
    [Theory]
    [InlineData("C:maj", 0, KeyMode.Major, "C major", 0)]
    [InlineData("Gb:maj", 6, KeyMode.Major, "Gb major", -6)]
    [InlineData("F#:maj", 6, KeyMode.Major, "Gb major", -6)]
    [InlineData("B:maj", 11, KeyMode.Major, "B major", 5)]
    [InlineData("Db major", 1, KeyMode.Major, "Db major", -5)]
    [InlineData("A:min", 9, KeyMode.Minor, "A minor", 0)]
    [InlineData("G#:min", 8, KeyMode.Minor, "G# minor", 5)]
    [InlineData("Eb minor", 3, KeyMode.Minor, "Eb minor", -6)]
    [InlineData("F#m", 6, KeyMode.Minor, "F# minor", 3)]
    [InlineData("D", 2, KeyMode.Major, "D major", 2)]
    [InlineData("Cb", 11, KeyMode.Major, "B major", 5)]
    public void ParsesNamesAndSignatures(string text, int tonic, KeyMode mode, string name, int sharps)
    {
        Key key = Key.Parse(text);
        Assert.Equal(tonic, key.Tonic);
        Assert.Equal(mode, key.Mode);
        Assert.Equal(name, key.Name);
        Assert.Equal(sharps, key.SharpsOrFlats);
        Assert.Equal(key, Key.FromKeySignature(key.SharpsOrFlats, mode == KeyMode.Minor));
        Assert.Equal(key, Key.Parse(key.ToLabel()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("H:maj")]
    [InlineData("C:dorian")]
    public void RejectsNonKeys(string text)
    {
        Assert.False(Key.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Key.Parse(text));
    }

    [Fact]
    public void AllKeysHaveDistinctIndicesAndSignaturesMatchTheirRelatives()
    {
        Assert.Equal(24, Key.All.Distinct().Count());
        foreach (Key key in Key.All)
        {
            Assert.Equal(key, Key.FromIndex(key.Index));
            Assert.Equal(key.SharpsOrFlats, key.Relative.SharpsOrFlats);
            Assert.Equal(key, key.Relative.Relative);
            Assert.Equal(key, key.Parallel.Parallel);
            Assert.InRange(key.SharpsOrFlats, -6, 5);
        }

        Assert.Equal(Key.Parse("C#:maj"), Key.FromKeySignature(7, false));
        Assert.Equal(Key.Parse("Ab:min"), Key.FromKeySignature(-7, true));
    }

    [Fact]
    public void ProfilesRotateToTheTonic()
    {
        double[] g = KeyProfile.Temperley.For(Key.Parse("G:maj"));
        Assert.Equal(KeyProfile.Temperley.Major[0], g[7]);
        Assert.Equal(KeyProfile.Temperley.Major[7], g[2]);
        double[] a = KeyProfile.AlbrechtShanahan.For(Key.Parse("A:min"));
        Assert.Equal(KeyProfile.AlbrechtShanahan.Minor[3], a[0]);
        Assert.Equal(3, KeyProfile.All.Count);
    }
}
