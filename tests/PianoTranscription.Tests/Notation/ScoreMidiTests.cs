using PianoTranscription.Midi;
using PianoTranscription.Midi.Events;
using PianoTranscription.Notation;

namespace PianoTranscription.Tests.Notation;

public class ScoreMidiTests
{
    [Fact]
    public void The_quantised_midi_has_one_track_per_hand_and_reads_back_as_the_score()
    {
        Score score = NotationFixtures.ThreeFourWithPickup();

        MidiFile file = MidiFile.Read(score.ToMidiFile().ToBytes());

        Assert.Equal(MidiFileFormat.MultiTrack, file.Format);
        Assert.Equal(["Fixture", "Right hand", "Left hand"], file.Tracks.Select(t => t.Name));
        List<List<(int Pitch, long Start, long Duration)>> tracks = NotationFixtures.ReadMidiTracks(file);
        foreach ((Hand hand, int track) in new[] { (Hand.Right, 1), (Hand.Left, 2) })
        {
            Assert.Equal(score.NotesOf(hand).Select(n => (n.Pitch, n.StartTick, n.DurationTicks)).OrderBy(n => n.StartTick).ThenBy(n => n.Pitch), tracks[track]);
        }

        MidiEvent[] conductor = file.Tracks[0].Events.ToArray();
        Assert.Equal([(1, 4), (3, 4)], conductor.OfType<TimeSignatureEvent>().Select(t => (t.Numerator, t.Denominator)));
        KeySignatureEvent key = Assert.Single(conductor.OfType<KeySignatureEvent>());
        Assert.Equal((-1, true), (key.SharpsOrFlats, key.IsMinor));
        Assert.Equal(score.TempoMap.Changes.Select(c => (c.Tick, c.MicrosecondsPerQuarterNote)), file.GetTempoMap().Changes.Select(c => (c.Tick, c.MicrosecondsPerQuarterNote)));

        // Played back, the notes sound where they were performed.
        MidiPerformance performance = MidiNotes.FromMidiFile(file);
        Assert.Equal(score.Notes.Select(n => Math.Round(n.Performed.Onset, 3)).Order(), performance.Notes.Select(n => Math.Round(n.Onset, 3)).Order());
    }

    [Fact]
    public void Writing_to_a_file_is_atomic_and_a_bad_pitch_is_refused_before_anything_is_written()
    {
        string dir = Directory.CreateTempSubdirectory("score-midi-").FullName;
        string path = Path.Combine(dir, "score.mid");
        var tempo = TempoMap.Constant(480, 120);
        var bad = new Score([new ScoreNote(130, 80, 0, 480, Hand.Right, 1, new PianoTranscription.Decoding.Note(60, 0, 0.5, 80))], tempo, TimeSignature.FourFour);

        ArgumentException error = Assert.Throws<ArgumentException>(() => bad.WriteMidi(path));

        Assert.Contains("pitch 130", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir));
        NotationFixtures.FourFour().WriteMidi(path);
        Assert.Equal([path], Directory.GetFiles(dir));
        Directory.Delete(dir, recursive: true);
    }
}
