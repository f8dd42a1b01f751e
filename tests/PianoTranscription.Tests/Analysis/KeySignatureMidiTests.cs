using PianoTranscription.Analysis;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Midi.Events;
using PianoTranscription.Tests.Midi;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Analysis;

public class KeySignatureMidiTests
{
    private static List<KeySignatureEvent> KeySignatures(string path) =>
        [.. MidiFile.Read(path).Tracks.SelectMany(t => t.Events).OfType<KeySignatureEvent>()];

    private static List<Note> InKey(Key key)
    {
        // I IV V I (major) or i iv V i (minor) on the key's tonic.
        int t = key.Tonic;
        bool minor = key.Mode == KeyMode.Minor;
        return KeyEstimatorTests.Chords(0, (t, minor), (t + 5, minor), (t + 7, false), (t, minor), (t + 5, minor), (t + 7, false), (t, minor));
    }

    [Fact]
    public void TranscriptionResultWritesTheEstimatedKey()
    {
        using var folder = new TempFolder();
        var result = new TranscriptionResult(InKey(Key.Parse("Eb:maj")), [], TimeSpan.FromSeconds(7));
        Assert.Equal(Key.Parse("Eb:maj"), result.EstimatedKey?.Key);
        result.WriteMidi(folder.File("a.mid"));
        KeySignatureEvent k = Assert.Single(KeySignatures(folder.File("a.mid")));
        Assert.Equal(-3, k.SharpsOrFlats);
        Assert.False(k.IsMinor);
        Assert.Equal(result.Notes.Count, MidiNotes.Read(folder.File("a.mid")).Notes.Count);

        result.WriteMidi(folder.File("b.mid"), new MidiWriteOptions { WriteEstimatedKey = false });
        Assert.Empty(KeySignatures(folder.File("b.mid")));

        result.WriteMidi(folder.File("c.mid"), new MidiWriteOptions { KeySignature = Key.Parse("B:min"), Format = MidiFileFormat.SingleTrack });
        KeySignatureEvent b = Assert.Single(KeySignatures(folder.File("c.mid")));
        Assert.Equal(Key.Parse("B:min"), Key.FromKeySignature(b.SharpsOrFlats, b.IsMinor));
    }

    [Fact]
    public void MinorKeysAndTheFileFormatPathCarryTheKey()
    {
        using var folder = new TempFolder();
        var export = new TranscriptionExport(InKey(Key.Parse("F#:min")));
        export.Write(folder.File("x.mid"));
        KeySignatureEvent k = Assert.Single(KeySignatures(folder.File("x.mid")));
        Assert.Equal(Key.Parse("F#:min"), Key.FromKeySignature(k.SharpsOrFlats, k.IsMinor));
    }

    [Fact]
    public void MidiNotesWritesNoKeyUnlessAsked()
    {
        using var folder = new TempFolder();
        MidiNotes.Write(folder.File("n.mid"), InKey(Key.Parse("C:maj")), []);
        Assert.Empty(KeySignatures(folder.File("n.mid")));
        var empty = new TranscriptionResult([], [], TimeSpan.Zero);
        Assert.Null(empty.EstimatedKey);
        empty.WriteMidi(folder.File("e.mid"));
        Assert.Empty(KeySignatures(folder.File("e.mid")));
    }
}
