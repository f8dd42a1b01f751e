using System.Xml.Linq;
using PianoTranscription.Notation;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Notation;

public sealed class MusicXmlWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-musicxml-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_two_staves_key_time_tempo_and_notes_that_read_back_as_the_score()
    {
        Score score = NotationFixtures.FourFour();
        string path = Temp("four.musicxml");

        score.WriteMusicXml(path);

        XDocument doc = XDocument.Load(path);
        XElement attributes = doc.Descendants("attributes").First();
        Assert.Equal("-1", attributes.Element("key")!.Element("fifths")!.Value);
        Assert.Equal("major", attributes.Element("key")!.Element("mode")!.Value);
        Assert.Equal(("4", "4"), (attributes.Element("time")!.Element("beats")!.Value, attributes.Element("time")!.Element("beat-type")!.Value));
        Assert.Equal("2", attributes.Element("staves")!.Value);
        Assert.Equal(["G", "F"], attributes.Elements("clef").Select(c => c.Element("sign")!.Value));
        Assert.Equal("96", doc.Descendants("sound").First().Attribute("tempo")!.Value);
        Assert.Equal(["Fixture"], doc.Descendants("work-title").Select(t => t.Value));
        Assert.Equal(3, doc.Descendants("tuplet").Count(t => (string?)t.Attribute("type") is "start" or "stop") + 1); // one bracket: start and stop
        Assert.Contains(doc.Descendants("note"), n => n.Element("voice")?.Value == "2"); // the right hand's second voice
        Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.ReadMusicXml(path));
    }

    [Fact]
    public void A_pickup_is_an_implicit_measure_0_and_a_tempo_change_of_a_bar_gets_a_mark()
    {
        Score score = NotationFixtures.ThreeFourWithPickup();
        string path = Temp("pickup.musicxml");

        MusicXmlWriter.Write(score, path);

        XDocument doc = XDocument.Load(path);
        XElement first = doc.Descendants("measure").First();
        Assert.Equal(("0", "yes"), ((string?)first.Attribute("number"), (string?)first.Attribute("implicit")));
        Assert.Equal(["90", "80"], doc.Descendants("sound").Select(s => (string)s.Attribute("tempo")!));
        Assert.Contains(doc.Descendants("pitch"), p => p.Element("step")!.Value == "C" && p.Element("alter")?.Value == "1"); // C#, not Db
        Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.ReadMusicXml(path));
    }

    [ToolFact("xvfb-run", "mscore3")]
    public void MuseScore_opens_it_exports_a_pdf_and_its_own_musicxml_has_the_same_notes()
    {
        foreach (Score score in new[] { NotationFixtures.FourFour(), NotationFixtures.ThreeFourWithPickup() })
        {
            string input = Temp("in.musicxml");
            string pdf = Temp("out.pdf");
            string back = Temp("back.musicxml");
            score.WriteMusicXml(input);

            ExternalTool.RunMuseScore("-o", pdf, input);
            ExternalTool.RunMuseScore("-o", back, input);

            byte[] bytes = File.ReadAllBytes(pdf);
            Assert.True(bytes.Length > 1000 && bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8), "MuseScore wrote no PDF");
            Assert.Equal(NotationFixtures.Expected(score), NotationFixtures.ReadMusicXml(back));
            XElement key = XDocument.Load(back).Descendants("key").First();
            Assert.Equal((score.Key!.Value.SharpsOrFlats).ToString(System.Globalization.CultureInfo.InvariantCulture), key.Element("fifths")!.Value);
        }
    }

    [Fact]
    public void A_failed_write_leaves_no_file()
    {
        string path = Path.Combine(_dir, "missing-folder", "x.musicxml");

        Assert.ThrowsAny<IOException>(() => NotationFixtures.FourFour().WriteMusicXml(path));

        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    private string Temp(string name) => Path.Combine(_dir, name);
}
