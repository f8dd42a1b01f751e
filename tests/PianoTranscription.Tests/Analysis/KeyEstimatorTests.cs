using PianoTranscription.Analysis;
using PianoTranscription.Decoding;

namespace PianoTranscription.Tests.Analysis;

public class KeyEstimatorTests
{
    /// <summary>Chords (root-position triads, 1 s each) on the given roots, in the given octave.</summary>
    internal static List<Note> Chords(double start, params (int Root, bool Minor)[] chords)
    {
        var notes = new List<Note>();
        double t = start;
        foreach ((int root, bool minor) in chords)
        {
            foreach (int interval in (int[])[0, minor ? 3 : 4, 7])
            {
                notes.Add(new Note(48 + root + interval, t, t + 1, 80));
            }

            notes.Add(new Note(36 + root, t, t + 1, 90));
            t += 1;
        }

        return notes;
    }

    private static List<Note> Scale(int tonic, int[] steps, double start)
    {
        var notes = new List<Note>();
        for (int i = 0; i < steps.Length; i++)
        {
            notes.Add(new Note(60 + tonic + steps[i], start + i * 0.5, start + (i + 1) * 0.5, 70));
        }

        return notes;
    }

    private static readonly int[] MajorScale = [0, 2, 4, 5, 7, 9, 11, 12, 0];
    private static readonly int[] HarmonicMinorScale = [0, 2, 3, 5, 7, 8, 11, 12, 0];

    // I IV V I in C major; i iv V i in A minor (harmonic minor's major dominant).
    private static List<Note> CMajorMaterial() =>
        [.. Scale(0, MajorScale, 0), .. Chords(5, (0, false), (5, false), (7, false), (0, false), (9, true), (2, true), (7, false), (0, false))];

    private static List<Note> AMinorMaterial() =>
        [.. Scale(9, HarmonicMinorScale, 0), .. Chords(5, (9, true), (2, true), (4, false), (9, true), (5, false), (2, true), (4, false), (9, true))];

    [Fact]
    public void CMajorScaleAndCadencesAreCMajor()
    {
        foreach (KeyProfile profile in KeyProfile.All)
        {
            KeyEstimate? e = new KeyEstimator(new KeyEstimatorOptions { Profile = profile }).Estimate(CMajorMaterial());
            Assert.NotNull(e);
            Assert.Equal(new Key(0, KeyMode.Major), e.Key);
            Assert.Equal("C major", e.Key.Name);
            Assert.NotEqual(e.Key, e.RunnerUp);
            Assert.True(e.Confidence > 0);
            Assert.Equal(24, e.Correlations.Count);
            Assert.Equal(e.Correlations.Max(), e.Correlation);
        }
    }

    [Fact]
    public void AMinorMaterialIsAMinor()
    {
        foreach (KeyProfile profile in KeyProfile.All)
        {
            KeyEstimate? e = new KeyEstimator(new KeyEstimatorOptions { Profile = profile }).Estimate(AMinorMaterial());
            Assert.NotNull(e);
            Assert.Equal(Key.Parse("A:min"), e.Key);
        }
    }

    [Fact]
    public void TranspositionMovesTheKeyInAll24Keys()
    {
        var estimator = new KeyEstimator();
        foreach (Key key in Key.All)
        {
            List<Note> source = key.Mode == KeyMode.Major ? CMajorMaterial() : AMinorMaterial();
            int shift = key.Tonic - (key.Mode == KeyMode.Major ? 0 : 9);
            Note[] moved = [.. source.Select(n => n with { Pitch = n.Pitch + shift })];
            KeyEstimate? e = estimator.Estimate(moved);
            Assert.NotNull(e);
            Assert.Equal(key, e.Key);

            // The correlations rotate with the notes.
            KeyEstimate original = estimator.Estimate(source)!;
            foreach (Key k in Key.All)
            {
                Assert.Equal(original.Correlations[k.Index], e.Correlations[k.Transpose(shift).Index], 9);
            }
        }
    }

    [Fact]
    public void NoNotesGivesNoEstimate()
    {
        var estimator = new KeyEstimator();
        Assert.Null(estimator.Estimate([]));
        Assert.Null(estimator.EstimateFromPitchClasses(Enumerable.Repeat(1.0, 12).ToArray()));
        Assert.Equal(Key.Parse("G:maj"), estimator.EstimateFromPitchClasses(KeyProfile.AlbrechtShanahan.For(Key.Parse("G:maj")))?.Key);
        Assert.Empty(estimator.Segments([]));
    }

    [Fact]
    public void WeightingsAndCapShapeTheHistogram()
    {
        Note[] notes = [new Note(60, 0, 10, 127), new Note(62, 0, 1, 127 / 2)];
        double[] count = new KeyEstimator(new KeyEstimatorOptions { Weighting = NoteWeighting.Count }).PitchClassHistogram(notes);
        Assert.Equal(0.5, count[0], 12);
        double[] capped = new KeyEstimator(new KeyEstimatorOptions { Weighting = NoteWeighting.Duration, MaxNoteDuration = 4 }).PitchClassHistogram(notes);
        Assert.Equal(0.8, capped[0], 12);
        double[] velocity = new KeyEstimator(new KeyEstimatorOptions { Weighting = NoteWeighting.DurationAndVelocity, MaxNoteDuration = 1 }).PitchClassHistogram(notes);
        Assert.Equal(127.0 / (127 + 63), velocity[0], 12);
        double[] span = new KeyEstimator().PitchClassHistogram(notes, 5, 7);
        Assert.Equal(1.0, span[0], 12);
        Assert.Equal(0.0, span[2], 12);
    }

    [Fact]
    public void SegmentsFindAModulation()
    {
        // 60 s of C major cadences, then 60 s of the same a major third higher (E major).
        var notes = new List<Note>();
        for (int bar = 0; bar < 15; bar++)
        {
            notes.AddRange(Chords(bar * 4, (0, false), (5, false), (7, false), (0, false)));
        }

        for (int bar = 15; bar < 30; bar++)
        {
            notes.AddRange(Chords(bar * 4, (4, false), (9, false), (11, false), (4, false)));
        }

        IReadOnlyList<KeySegment> segments = new KeyEstimator().Segments(notes);
        Assert.Equal(2, segments.Count);
        Assert.Equal(Key.Parse("C"), segments[0].Key);
        Assert.Equal(Key.Parse("E major"), segments[1].Key);
        Assert.InRange(segments[1].Start, 56, 64);
        Assert.Equal(0, segments[0].Start);
        Assert.Equal(120, segments[1].End);
        Assert.All(segments, s => Assert.True(s.Confidence > 0));
        Assert.Equal(1.0, KeyScore.Compare([new KeySegment(0, 60, Key.Parse("C:maj")), new KeySegment(60, 120, Key.Parse("E:maj"))], segments).Weighted, 1);
    }

    [Fact]
    public void OptionsAreChecked()
    {
        Assert.Throws<ArgumentException>(() => new KeyEstimator(new KeyEstimatorOptions { MaxNoteDuration = 0 }));
        Assert.Throws<ArgumentException>(() => new KeyEstimator(new KeyEstimatorOptions { SegmentHop = double.NaN }));
        Assert.Throws<ArgumentException>(() => new KeyEstimator(new KeyEstimatorOptions { KeyChangePenalty = -1 }));
        Assert.Throws<ArgumentException>(() => new KeyProfile("x", new double[11], new double[12]));
    }
}
