using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Notation;
using PianoTranscription.Tests.Transcription;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Notation;

/// <summary>The code of docs/notation.md's "Outputs" and "Pictures" sections, run on the bundled example.</summary>
public sealed class NotationDocsExamplesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-notation-docs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_outputs_example_writes_every_score_format_of_one_score()
    {
        string P(string name) => Path.Combine(_dir, name);
        TranscriptionResult result = PianoTranscriber.CreateDefault().Transcribe(TranscriptionTestData.ExamplePath);
        Score score = result.ToScore();

        score.WriteMusicXml(P("take1.musicxml"));
        score.WriteAbc(P("take1.abc"));
        score.WriteMidi(P("take1-score.mid"));
        score.Write(P("take1.png"));
        string xml = MusicXmlWriter.ToMusicXml(score);
        result.Write(P("result.musicxml"));
        PianoRollPng.Write(P("take1-roll.png"), score);
        PianoRollSvg.Write(P("take1-roll.svg"), score, new PianoRollOptions { FitPitchRange = true });

        Assert.Equal(result.Notes.Count, score.Notes.Count);
        Assert.Equal(xml, File.ReadAllText(P("take1.musicxml")));
        Assert.Equal(NotationFixtures.ReadMusicXml(P("take1.musicxml")), NotationFixtures.ReadMusicXml(P("result.musicxml"))); // the same score
        Assert.Equal(score.Notes.Count, NotationFixtures.ReadMusicXml(P("result.musicxml")).Count);
        Assert.Equal(score.Notes.Count, NotationFixtures.ReadMidiTracks(MidiFile.Read(P("take1-score.mid"))).Sum(t => t.Count));
        Assert.StartsWith("X:1\n", File.ReadAllText(P("take1.abc")), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(P("take1.png")), File.ReadAllBytes(P("take1-roll.png")));
        Assert.Contains("class=\"beat\"", File.ReadAllText(P("take1-roll.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pictures_in_the_docs_are_there_and_small()
    {
        string docs = Path.Combine(RepositoryRoot(), "docs", "notation");
        foreach (string name in new[] { "example-score.png", "example-roll.png" })
        {
            var file = new FileInfo(Path.Combine(docs, name));
            Assert.True(file.Exists, $"{file} is missing");
            Assert.InRange(file.Length, 1_000, 300_000);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PianoTranscription.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (PianoTranscription.sln) was not found above the test binaries.");
    }
}
