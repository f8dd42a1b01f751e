using BenchmarkDotNet.Attributes;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Midi;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// MIDI and export speed on a synthetic 10-minute performance of 10 000 notes and 200 pedal intervals (about the
/// density of a busy piano piece): <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *MidiBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class MidiBenchmarks
{
    private Note[] _notes = [];
    private PedalInterval[] _pedal = [];
    private byte[] _midiBytes = [];
    private MidiFile _midi = null!;

    /// <summary>Builds the performance and its MIDI bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _notes = Enumerable.Range(0, 10_000)
            .Select(i =>
            {
                double onset = i * 0.06 + random.NextDouble() * 0.02;
                return new Note(random.Next(21, 109), onset, onset + 0.05 + random.NextDouble() * 1.5, random.Next(1, 128));
            })
            .ToArray();
        _pedal = Enumerable.Range(0, 200).Select(i => new PedalInterval(i * 3.0, i * 3.0 + 2.5)).ToArray();
        _midi = MidiNotes.ToMidiFile(_notes, _pedal);
        _midiBytes = _midi.ToBytes();
    }

    /// <summary>Parses the Standard MIDI File bytes (low layer).</summary>
    [Benchmark]
    public MidiFile ReadMidiFile() => MidiFile.Read(_midiBytes);

    /// <summary>Parses the bytes and extracts notes and pedal in seconds.</summary>
    [Benchmark]
    public MidiPerformance ReadNotes() => MidiNotes.FromMidiFile(MidiFile.Read(_midiBytes));

    /// <summary>Builds the MIDI file from notes and serialises it.</summary>
    [Benchmark]
    public byte[] WriteMidi() => MidiNotes.ToMidiFile(_notes, _pedal).ToBytes();

    /// <summary>Writes the notes as CSV text.</summary>
    [Benchmark]
    public string WriteCsv() => NoteCsv.ToCsv(_notes);

    /// <summary>Writes notes and pedal as indented JSON.</summary>
    [Benchmark]
    public string WriteJson() => NoteJson.ToJson(_notes, _pedal);

    /// <summary>Draws the SVG piano roll.</summary>
    [Benchmark]
    public string WriteSvg() => PianoRollSvg.ToSvg(_notes, _pedal);
}
