using PianoTranscription.Analysis;
using PianoTranscription.Notation;
using PianoTranscription.Notation.Layout;

namespace PianoTranscription.Tests.Notation;

public class ScoreLayoutTests
{
    [Theory]
    [InlineData(71, 6, KeyMode.Major, 'C', -1, 5)]   // Cb in Gb major
    [InlineData(70, 5, KeyMode.Major, 'B', -1, 4)]   // Bb in F major
    [InlineData(71, 5, KeyMode.Major, 'B', 0, 4)]    // B natural in F major
    [InlineData(73, 2, KeyMode.Minor, 'C', 1, 5)]    // the leading tone of D minor is C#, not Db
    [InlineData(68, 9, KeyMode.Minor, 'G', 1, 4)]    // G# in A minor
    [InlineData(66, 0, KeyMode.Major, 'F', 1, 4)]    // F# in C major
    [InlineData(63, 3, KeyMode.Major, 'E', -1, 4)]   // Eb in Eb major
    [InlineData(61, 2, KeyMode.Major, 'C', 1, 4)]    // C# in D major
    [InlineData(60, 1, KeyMode.Major, 'C', 0, 4)]    // C in Db major (a flat key's natural)
    public void Spells_pitches_from_the_key_signature(int pitch, int tonic, KeyMode mode, char step, int alter, int octave)
    {
        SpelledPitch spelled = SpelledPitch.Spell(pitch, new Key(tonic, mode));

        Assert.Equal((step, alter, octave), (spelled.Step, spelled.Alter, spelled.Octave));
        Assert.Equal(pitch, spelled.Pitch);
    }

    [Fact]
    public void Every_voice_fills_its_measure_exactly_and_keeps_every_note()
    {
        foreach (Score score in new[] { NotationFixtures.FourFour(), NotationFixtures.ThreeFourWithPickup() })
        {
            ScoreLayout layout = ScoreLayout.Create(score);

            foreach (LaidMeasure m in layout.Measures)
            {
                Assert.Contains(m.Voices, v => v.Hand == Hand.Right && v.Number == 1);
                Assert.Contains(m.Voices, v => v.Hand == Hand.Left && v.Number == 1);
                foreach (LaidVoice v in m.Voices)
                {
                    Assert.Equal(m.Length, v.Elements.Sum(e => e.Duration));
                    Assert.Equal(m.Start, v.Elements[0].Start);
                    Assert.All(v.Elements.Zip(v.Elements.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
                }
            }

            // Joining tied elements gives back the score's notes.
            var joined = new List<WrittenNote>();
            foreach (Hand hand in new[] { Hand.Right, Hand.Left })
            {
                for (int number = 1; number <= layout.VoicesOf(hand); number++)
                {
                    var elements = layout.Measures.SelectMany(m => m.Voices).Where(v => v.Hand == hand && v.Number == number).SelectMany(v => v.Elements).Where(e => !e.IsRest).ToList();
                    var open = new Dictionary<int, long>(); // pitch -> start of its tied chain
                    foreach (LaidElement e in elements)
                    {
                        for (int i = 0; i < e.Pitches.Count; i++)
                        {
                            long start = e.TiesFrom[i] ? open[e.Pitches[i]] : e.Start;
                            open[e.Pitches[i]] = start;
                            if (!e.TiesTo[i])
                            {
                                joined.Add(new WrittenNote(e.Pitches[i], start, e.End - start, hand == Hand.Right ? 1 : 2));
                            }
                        }
                    }
                }
            }

            Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.Sorted(joined));
        }
    }

    [Fact]
    public void Ties_over_the_bar_line_spell_dots_and_bracket_triplets()
    {
        ScoreLayout layout = ScoreLayout.Create(NotationFixtures.FourFour());
        LaidElement[] right = layout.Measures.SelectMany(m => m.Voices).Where(v => v.Hand == Hand.Right && v.Number == 1).SelectMany(v => v.Elements).ToArray();

        // F5 from beat 3 for six beats: a half tied to a quarter across the bar line.
        LaidElement[] f = right.Where(e => e.Pitches.Contains(77)).ToArray();
        Assert.Equal([("half", 0, false, true), ("quarter", 0, true, false)], f.Select(e => (e.Value.Type, e.Value.Dots, e.TiedFromPrevious, e.TiedToNext)));

        // The eighth triplet on beat 2 of bar 2: three eighths under one bracket, each 160 ticks long.
        LaidElement[] triplet = right.Where(e => e.Tuplet != TupletMark.None).ToArray();
        Assert.Equal([TupletMark.Start, TupletMark.Middle, TupletMark.Stop], triplet.Select(e => e.Tuplet));
        Assert.All(triplet, e => Assert.Equal(("eighth", 160L), (e.Value.Type, e.Duration)));

        // The dotted-quarter chord on beat 3 of bar 2.
        LaidElement chord = Assert.Single(right, e => e.Pitches.Count == 2);
        Assert.Equal(("quarter", 1), (chord.Value.Type, chord.Value.Dots));

        // The second voice holds its whole note only in bar 1.
        Assert.Equal(2, layout.RightVoices);
        Assert.Single(layout.Measures.SelectMany(m => m.Voices), v => v.Hand == Hand.Right && v.Number == 2);
    }

    [Fact]
    public void A_pickup_is_measure_zero_and_empty_bars_get_a_measure_rest()
    {
        ScoreLayout layout = ScoreLayout.Create(NotationFixtures.ThreeFourWithPickup());

        Assert.True(layout.Measures[0].IsPickup);
        Assert.Equal(480, layout.Measures[0].Length);
        Assert.Equal([480L, 1440, 1440, 1440], layout.Measures.Select(m => m.Length));
        LaidElement rest = Assert.Single(layout.Measures[3].Voices.Single(v => v.Hand == Hand.Left).Elements);
        Assert.True(rest.IsMeasureRest);

        // The half note from beat 2 of bar 2, tied into bar 3: a rest, a half, then a quarter.
        LaidElement[] bar2 = layout.Measures[2].Voices.Single(v => v.Hand == Hand.Right).Elements.ToArray();
        Assert.Equal([("quarter", true), ("half", false)], bar2.Select(e => (e.Value.Type, e.IsRest)));
        Assert.True(bar2[1].TiedToNext);
    }

    [Fact]
    public void Overlapping_notes_of_one_voice_go_to_another_voice_and_off_grid_times_are_snapped()
    {
        var tempo = PianoTranscription.Midi.TempoMap.Constant(480, 120);
        var d = new PianoTranscription.Decoding.Note(60, 0, 1, 80);
        var score = new Score(
            [
                new ScoreNote(60, 80, 0, 1920, Hand.Right, 1, d),
                new ScoreNote(64, 80, 0, 480, Hand.Right, 1, d),   // same start, shorter: cannot share the chord
                new ScoreNote(67, 80, 487, 470, Hand.Right, 1, d), // 7 ticks late, ends on the beat after snapping
            ],
            tempo,
            TimeSignature.FourFour);

        ScoreLayout layout = ScoreLayout.Create(score);

        Assert.Equal(2, layout.RightVoices);
        var notes = layout.Measures[0].Voices.Where(v => v.Hand == Hand.Right).SelectMany(v => v.Elements).Where(e => !e.IsRest)
            .SelectMany(e => e.Pitches.Select(p => (p, e.Start, e.Duration))).OrderBy(x => x.p).ToArray();
        Assert.Equal([(60, 0L, 1920L), (64, 0L, 480L), (67, 480L, 480L)], notes);
    }

    [Fact]
    public void A_fifth_line_on_a_staff_is_tucked_into_a_held_chord_with_ties_and_keeps_every_length()
    {
        var tempo = PianoTranscription.Midi.TempoMap.Constant(480, 120);
        var d = new PianoTranscription.Decoding.Note(60, 0, 1, 80);
        (int Pitch, long Start, long Length)[] lines = [(60, 0, 1920), (62, 0, 1440), (64, 0, 960), (65, 0, 480), (67, 240, 480), (69, 480, 120)];
        var score = new Score(lines.Select(l => new ScoreNote(l.Pitch, 80, l.Start, l.Length, Hand.Right, 1, d)), tempo, TimeSignature.FourFour);
        string path = Path.Combine(Path.GetTempPath(), $"pt-five-lines-{Guid.NewGuid():N}.musicxml");

        ScoreLayout layout = ScoreLayout.Create(score);
        score.WriteMusicXml(path);

        Assert.Equal(ScoreLayout.MaxVoices, layout.RightVoices);
        // The G (beats 1.5 to 2.5, cut at beat 2) sits in a held note's voice: that note tied through, G tied only to itself.
        LaidElement[] held = layout.Measures[0].Voices.SelectMany(v => v.Elements).Where(e => e.Pitches.Contains(67)).ToArray();
        Assert.Equal(2, held.Length);
        Assert.All(held, e => Assert.Equal([64, 67], e.Pitches)); // the first voice holding a note all through it: the E
        Assert.Equal([true, false], held[0].TiesFrom);
        Assert.Equal([true, true], held[0].TiesTo);
        Assert.Equal([true, true], held[1].TiesFrom);
        Assert.Equal([true, false], held[1].TiesTo);
        Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.ReadMusicXml(path));
        Assert.Equal(NotationFixtures.Expected(score), ReadAbcJoined(score));
        File.Delete(path);
    }

    // The ABC's notes with its ties joined per pitch (a note's '-' inside a chord ties only that note).
    private static List<WrittenNote> ReadAbcJoined(Score score)
    {
        string abc = AbcWriter.ToAbc(score);
        Assert.Contains("[E-G-]", abc, StringComparison.Ordinal);
        Assert.Contains("[E-G]", abc, StringComparison.Ordinal);
        ScoreLayout layout = ScoreLayout.Create(score);
        var joined = new List<WrittenNote>();
        foreach (LaidVoice v in layout.Measures.SelectMany(m => m.Voices))
        {
            var open = new Dictionary<int, long>();
            foreach (LaidElement e in v.Elements.Where(e => !e.IsRest))
            {
                for (int i = 0; i < e.Pitches.Count; i++)
                {
                    long start = e.TiesFrom[i] ? open[e.Pitches[i]] : e.Start;
                    open[e.Pitches[i]] = start;
                    if (!e.TiesTo[i])
                    {
                        joined.Add(new WrittenNote(e.Pitches[i], start, e.End - start, 1));
                    }
                }
            }
        }

        return NotationFixtures.Sorted(joined);
    }
}
