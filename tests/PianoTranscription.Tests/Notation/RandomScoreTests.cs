using PianoTranscription.Midi;
using PianoTranscription.Notation;
using PianoTranscription.Notation.Layout;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Notation;

public sealed class RandomScoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-random-score-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(RandomScores.Cases), MemberType = typeof(RandomScores))]
    public void Any_meter_and_rhythm_lays_out_in_full_measures_and_musicxml_keeps_every_note(int seed, int numerator, int denominator, long pickup)
    {
        Score score = RandomScores.Create(seed, new TimeSignature(numerator, denominator), pickup);
        ScoreLayout layout = ScoreLayout.Create(score);

        foreach (LaidMeasure m in layout.Measures)
        {
            Assert.Equal(m.Index == 0 && pickup > 0 ? pickup : score.TicksPerBar, m.Length);
            foreach (LaidVoice v in m.Voices)
            {
                Assert.Equal(m.Length, v.Elements.Sum(e => e.Duration));
                Assert.All(v.Elements, e => Assert.True(e.IsMeasureRest || e.Value.WrittenTicks == (e.Tuplet == TupletMark.None ? e.Duration : e.Duration * 3 / 2), $"{e} is spelled as {e.Value}"));
                Assert.All(v.Elements.Where(e => e.Tuplet != TupletMark.None), e => Assert.True(denominator <= 4, "a triplet in x/8"));
            }
        }

        string path = Path.Combine(_dir, $"{seed}.musicxml");
        score.WriteMusicXml(path);
        Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.ReadMusicXml(path));
        Assert.Equal(NotationFixtures.Expected(score).Count, score.Notes.Count);
    }

    [ToolFact("abc2midi", "xvfb-run", "mscore3")]
    public void Random_scores_in_three_meters_survive_MuseScore_and_abc2midi()
    {
        foreach ((int seed, TimeSignature time, long pickup) in new[] { (101, TimeSignature.SixEight, 240L), (102, new TimeSignature(5, 4), 0L), (103, TimeSignature.ThreeFour, 480L) })
        {
            Score score = RandomScores.Create(seed, time, pickup);
            string xml = Path.Combine(_dir, $"{seed}.musicxml");
            string back = Path.Combine(_dir, $"{seed}.back.musicxml");
            string abc = Path.Combine(_dir, $"{seed}.abc");
            string mid = Path.Combine(_dir, $"{seed}.mid");
            score.WriteMusicXml(xml);
            score.WriteAbc(abc);

            ExternalTool.RunMuseScore("-o", back, xml);
            string abcOutput = ExternalTool.Run("abc2midi", abc, "-o", mid);

            Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.ReadMusicXml(back));
            Assert.DoesNotContain("Warning", abcOutput, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Error", abcOutput, StringComparison.OrdinalIgnoreCase);
            ScoreLayout layout = ScoreLayout.Create(score);
            var voices = NotationFixtures.ReadMidiTracks(MidiFile.Read(mid), grid: 40).Skip(1).ToList();
            var read = voices.SelectMany((t, i) => t.Select(n => new WrittenNote(n.Pitch, n.Start, n.Duration, i < layout.RightVoices ? 1 : 2)));
            Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.Sorted(read));
        }
    }
}
