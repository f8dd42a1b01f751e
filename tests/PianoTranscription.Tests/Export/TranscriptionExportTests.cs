using System.Xml.Linq;
using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Tests.Midi;

namespace PianoTranscription.Tests.Export;

public class TranscriptionExportTests
{
    [Fact]
    public async Task Writes_every_format_and_each_reads_back()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        var export = new TranscriptionExport(notes, pedal);
        using var folder = new TempFolder();

        export.WriteMidi(folder.File("a.mid"));
        await export.WriteMidiAsync(folder.File("b.mid"), new MidiWriteOptions { Format = MidiFileFormat.SingleTrack });
        export.WriteCsv(folder.File("a.csv"));
        export.WriteJson(folder.File("a.json"), new TranscriptionMetadata { ModelVersion = "test" });
        export.WriteSvg(folder.File("a.svg"));
        export.WritePng(folder.File("a.png"), new PianoRollOptions { FitPitchRange = true });

        var sorted = notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch).Select(n => (n.Pitch, n.Velocity)).ToList();
        Assert.Equal(sorted, MidiNotes.Read(folder.File("a.mid")).Notes.Select(n => (n.Pitch, n.Velocity)));
        Assert.Equal(sorted, MidiNotes.Read(folder.File("b.mid")).Notes.Select(n => (n.Pitch, n.Velocity)));
        Assert.Equal(pedal.Length, MidiNotes.Read(folder.File("a.mid")).SustainPedal.Count);
        Assert.Equal(notes.Select(n => n.Pitch), NoteCsv.Read(folder.File("a.csv")).Select(n => n.Pitch));
        NoteDocument json = NoteJson.Read(folder.File("a.json"));
        Assert.Equal(notes, json.Notes);
        Assert.Equal(pedal, json.SustainPedal);
        Assert.Equal("test", json.Metadata?.ModelVersion);
        Assert.Equal(notes.Length, XDocument.Load(folder.File("a.svg")).Descendants().Count(e => (string?)e.Attribute("class") == "note"));
        Assert.Equal(PianoRollPng.ToPng(notes, pedal, new PianoRollOptions { FitPitchRange = true }), File.ReadAllBytes(folder.File("a.png")));
    }

    [Fact]
    public void Keeps_its_own_copy_of_the_notes_and_converts_midi_files()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        var export = new TranscriptionExport(notes, pedal);
        notes[0] = notes[0] with { Pitch = 100 };

        Assert.Equal(60, export.Notes[0].Pitch);
        Assert.Empty(new TranscriptionExport(notes).SustainPedal);

        TranscriptionExport fromMidi = TranscriptionExport.FromMidi(MidiFixtures.PathOf("098.mid"));
        Assert.Equal(MidiFixtures.Golden("098.mid").Notes.Count, fromMidi.Notes.Count);
        Assert.Throws<MidiFormatException>(() => TranscriptionExport.FromMidi(MidiFixtures.PathOf("make_golden.py")));
    }
}
