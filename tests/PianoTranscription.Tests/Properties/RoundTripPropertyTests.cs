using System.Text;
using CsCheck;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Midi;

namespace PianoTranscription.Tests.Properties;

/// <summary>Property tests (CsCheck): random note sets survive MIDI, CSV and JSON write → read unchanged.</summary>
public sealed class RoundTripPropertyTests
{
    /// <summary>Per pitch, a run of notes that do not overlap (what a MIDI file can say unambiguously), in ticks.</summary>
    private static readonly Gen<(int Pitch, int Gap, int Length, int Velocity)[]> TickNotes =
        Gen.Select(Gen.Int[0, 127], Gen.Int[0, 5000], Gen.Int[1, 5000], Gen.Int[1, 127]).Array[0, 60];

    private static readonly Gen<(int Gap, int Length)[]> TickPedals = Gen.Select(Gen.Int[1, 5000], Gen.Int[1, 5000]).Array[0, 8];

    private static readonly Gen<MidiWriteOptions> WriteOptions =
        Gen.Select(Gen.Bool, Gen.Int[24, 960], Gen.Int[30, 300], Gen.Int[0, 15]).Select((single, ppq, bpm, channel) => new MidiWriteOptions
        {
            Format = single ? MidiFileFormat.SingleTrack : MidiFileFormat.MultiTrack,
            TicksPerQuarterNote = ppq,
            BeatsPerMinute = bpm,
            Channel = channel,
        });

    [Fact]
    public void Midi_write_then_read_returns_the_same_notes_and_pedal()
    {
        Gen.Select(TickNotes, TickPedals, WriteOptions).Sample((tickNotes, tickPedals, options) =>
        {
            // The file's own tempo map turns ticks into the seconds the writer is given and the reader returns.
            TempoMap tempo = MidiFile.Read(MidiNotes.ToMidiFile([], [], options).ToBytes()).GetTempoMap();
            var notes = new List<Note>();
            var lastEnd = new Dictionary<int, long>();
            foreach ((int pitch, int gap, int length, int velocity) in tickNotes)
            {
                long on = lastEnd.GetValueOrDefault(pitch) + gap;
                lastEnd[pitch] = on + length;
                notes.Add(new Note(pitch, tempo.ToSeconds(on), tempo.ToSeconds(on + length), velocity));
            }

            var pedals = new List<PedalInterval>();
            long pedalEnd = 0;
            foreach ((int gap, int length) in tickPedals)
            {
                long on = pedalEnd + gap;
                pedalEnd = on + length;
                pedals.Add(new PedalInterval(tempo.ToSeconds(on), tempo.ToSeconds(pedalEnd)));
            }

            byte[] bytes = MidiNotes.ToMidiFile(notes, pedals, options).ToBytes();
            MidiPerformance back = MidiNotes.Read(new MemoryStream(bytes), new MidiReadOptions { IncludeDrumChannel = true });
            Assert.Equal(notes.Order(NoteOrder.Instance), back.Notes);
            Assert.Equal(pedals, back.SustainPedal);
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    /// <summary>Notes with times on the CSV's microsecond grid (it writes 6 decimals) and every MIDI pitch and velocity.</summary>
    private static readonly Gen<Note[]> CsvNotes =
        Gen.Select(Gen.Int[0, 127], Gen.Long[0, 100_000_000_000], Gen.Long[0, 1_000_000_000], Gen.Int[0, 127])
            .Select((pitch, on, length, velocity) => new Note(pitch, on / 1e6, (on + length) / 1e6, velocity))
            .Array[0, 50];

    [Fact]
    public void Csv_write_then_read_returns_the_same_notes()
    {
        CsvNotes.Sample(notes =>
        {
            Assert.Equal(notes, NoteCsv.Read(new StringReader(NoteCsv.ToCsv(notes))));
            string tsv = NoteCsv.ToCsv(notes).Replace(',', '\t');
            Assert.Equal(notes, NoteCsv.Read(new StringReader(tsv)));
        }, iter: 500, seed: "0N0XIzNsQ0O2");
    }

    private static readonly Gen<double> Time = Gen.Double[0, 1e7];

    private static readonly Gen<Note[]> JsonNotes =
        Gen.Select(Gen.Int[0, 127], Time, Gen.Double[0, 1e4], Gen.Int[0, 127], Gen.Float[0, 1])
            .Select((pitch, on, length, velocity, confidence) => new Note(pitch, on, on + length, velocity, confidence))
            .Array[0, 50];

    private static readonly Gen<PedalInterval[]> JsonPedals =
        Gen.Select(Time, Gen.Double[0, 1e4], Gen.Float[0, 1]).Select((on, length, confidence) => new PedalInterval(on, on + length, confidence)).Array[0, 10];

    private static readonly Gen<TranscriptionMetadata?> Metadata =
        Gen.Select(Gen.String, Gen.Double[0, 1e6], Gen.Bool).Select((text, duration, none) =>
            none ? null : new TranscriptionMetadata { SourceFile = text, Duration = duration, ModelVersion = text + "\u00e9\"\\\n" });

    [Fact]
    public void Json_write_then_read_returns_the_same_document()
    {
        Gen.Select(JsonNotes, JsonPedals, Metadata, Gen.Bool).Sample((notes, pedals, metadata, indented) =>
        {
            string json = NoteJson.ToJson(notes, pedals, metadata, indented);
            foreach (NoteDocument back in new[] { NoteJson.Parse(json), NoteJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json))) })
            {
                Assert.Equal(notes, back.Notes);
                Assert.Equal(pedals, back.SustainPedal);
                Assert.Equal(metadata, back.Metadata);
            }
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }
}
