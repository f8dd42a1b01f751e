using System.Text.Json;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Midi;

/// <summary>Checks our MIDI files against an outside reader and writer: Python's mido.</summary>
public class MidoInteropTests
{
    private const double Tick = 0.5 / 480;

    /// <summary>Reads a MIDI file with mido and prints notes (FIFO per key) and CC64 events in mido's seconds.</summary>
    private const string MidoReader = """
        import sys, json, mido
        m = mido.MidiFile(sys.argv[1])
        t = 0.0; active = {}; notes = []; pedal = []; names = []
        for track in m.tracks:
            names += [msg.name for msg in track if msg.type == 'track_name']
        for msg in m:
            t += msg.time
            if msg.type == 'note_on' and msg.velocity > 0:
                active.setdefault(msg.note, []).append((t, msg.velocity))
            elif msg.type in ('note_on', 'note_off'):
                on, vel = active[msg.note].pop(0)
                notes.append([on, t, msg.note, vel])
            elif msg.type == 'control_change' and msg.control == 64:
                pedal.append([t, msg.value])
            elif msg.type == 'program_change':
                names.append('program %d' % msg.program)
        print(json.dumps({'type': m.type, 'ppq': m.ticks_per_beat, 'notes': notes, 'pedal': pedal, 'names': names}))
        """;

    /// <summary>Writes a type-1 file with tempo changes, running notes across them, then prints mido's own seconds.</summary>
    private const string MidoWriter = """
        import sys, json, mido
        m = mido.MidiFile(type=1, ticks_per_beat=384)
        conductor = mido.MidiTrack(); piano = mido.MidiTrack(); m.tracks += [conductor, piano]
        conductor.append(mido.MetaMessage('set_tempo', tempo=600000, time=0))
        conductor.append(mido.MetaMessage('set_tempo', tempo=300000, time=1000))
        conductor.append(mido.MetaMessage('set_tempo', tempo=1200000, time=1500))
        conductor.append(mido.MetaMessage('set_tempo', tempo=437123, time=700))
        events = []
        for i in range(40):
            on = i * 97; pitch = 30 + (i * 7) % 60
            events.append((on, mido.Message('note_on', note=pitch, velocity=20 + i * 2, channel=i % 3)))
            off = on + 150 + (i * 37) % 400
            kind = 'note_off' if i % 2 else 'note_on'
            events.append((off, mido.Message(kind, note=pitch, velocity=0, channel=i % 3)))
        events.append((500, mido.Message('control_change', control=64, value=127)))
        events.append((2100, mido.Message('control_change', control=64, value=0)))
        events.append((3000, mido.Message('control_change', control=64, value=90)))
        events.append((3900, mido.Message('control_change', control=64, value=10)))
        events.sort(key=lambda e: e[0])
        last = 0
        for tick, msg in events:
            piano.append(msg.copy(time=tick - last)); last = tick
        m.save(sys.argv[1])
        t = 0.0; active = {}; notes = []; pedal = []; down = None
        for msg in mido.MidiFile(sys.argv[1]):
            t += msg.time
            if msg.type == 'note_on' and msg.velocity > 0:
                active.setdefault((msg.channel, msg.note), []).append((t, msg.velocity))
            elif msg.type in ('note_on', 'note_off'):
                on, vel = active[(msg.channel, msg.note)].pop(0)
                notes.append([on, t, msg.note, vel])
            elif msg.type == 'control_change' and msg.control == 64:
                if msg.value >= 64 and down is None: down = t
                elif msg.value < 64 and down is not None: pedal.append([down, t]); down = None
        print(json.dumps({'notes': notes, 'pedal': pedal}))
        """;

    [ToolTheory("python3:mido")]
    [InlineData(MidiFileFormat.SingleTrack)]
    [InlineData(MidiFileFormat.MultiTrack)]
    public void Mido_reads_our_file_with_the_same_notes_and_pedal(MidiFileFormat format)
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        using var folder = new TempFolder();
        string path = folder.File("ours.mid");
        MidiNotes.Write(path, notes, pedal, new MidiWriteOptions { Format = format });

        using JsonDocument mido = JsonDocument.Parse(ExternalTool.Run(ExternalTool.DebianPython, "-c", MidoReader, path));
        JsonElement root = mido.RootElement;

        Assert.Equal((int)format, root.GetProperty("type").GetInt32());
        Assert.Equal(480, root.GetProperty("ppq").GetInt32());
        Assert.Equal(["Piano", "program 0"], root.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        var theirs = root.GetProperty("notes").EnumerateArray()
            .Select(e => new Note(e[2].GetInt32(), e[0].GetDouble(), e[1].GetDouble(), e[3].GetInt32()))
            .OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList();
        var expected = notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList();
        Assert.Equal(expected.Count, theirs.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Pitch, theirs[i].Pitch);
            Assert.Equal(expected[i].Velocity, theirs[i].Velocity);
            Assert.Equal(expected[i].Onset, theirs[i].Onset, Tick);
            Assert.Equal(expected[i].Offset, theirs[i].Offset, Tick);
        }

        var cc = root.GetProperty("pedal").EnumerateArray().Select(e => (Time: e[0].GetDouble(), Value: e[1].GetInt32())).ToList();
        Assert.Equal([127, 0, 127, 0], cc.Select(c => c.Value));
        double[] expectedTimes = pedal.SelectMany(p => new[] { p.Onset, p.Offset }).ToArray();
        for (int i = 0; i < expectedTimes.Length; i++)
        {
            Assert.Equal(expectedTimes[i], cc[i].Time, Tick);
        }
    }

    [ToolFact("python3:mido")]
    public void We_read_a_mido_file_with_tempo_changes_as_mido_converts_it_to_seconds()
    {
        using var folder = new TempFolder();
        string path = folder.File("mido.mid");

        using JsonDocument mido = JsonDocument.Parse(ExternalTool.Run(ExternalTool.DebianPython, "-c", MidoWriter, path));
        MidiPerformance ours = MidiNotes.Read(path);

        Assert.Equal(4, MidiFile.Read(path).GetTempoMap().Changes.Count);
        var theirs = mido.RootElement.GetProperty("notes").EnumerateArray()
            .Select(e => new Note(e[2].GetInt32(), e[0].GetDouble(), e[1].GetDouble(), e[3].GetInt32()))
            .OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList();
        Assert.Equal(40, theirs.Count);
        Assert.Equal(theirs.Count, ours.Notes.Count);
        for (int i = 0; i < theirs.Count; i++)
        {
            Assert.Equal(theirs[i].Pitch, ours.Notes[i].Pitch);
            Assert.Equal(theirs[i].Velocity, ours.Notes[i].Velocity);
            Assert.Equal(theirs[i].Onset, ours.Notes[i].Onset, 1e-9);
            Assert.Equal(theirs[i].Offset, ours.Notes[i].Offset, 1e-9);
        }

        var pedal = mido.RootElement.GetProperty("pedal").EnumerateArray().Select(e => new PedalInterval(e[0].GetDouble(), e[1].GetDouble())).ToList();
        Assert.Equal(2, pedal.Count);
        Assert.Equal(pedal.Count, ours.SustainPedal.Count);
        for (int i = 0; i < pedal.Count; i++)
        {
            Assert.Equal(pedal[i].Onset, ours.SustainPedal[i].Onset, 1e-9);
            Assert.Equal(pedal[i].Offset, ours.SustainPedal[i].Offset, 1e-9);
        }
    }
}
