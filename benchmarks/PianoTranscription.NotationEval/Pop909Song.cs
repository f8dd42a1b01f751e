using System.Globalization;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Notation;

namespace PianoTranscription.NotationEval;

/// <summary>One POP909 song: all notes, notes per track (MELODY, BRIDGE, PIANO), pedal, and the beat labels.</summary>
internal sealed record Pop909Song(int Id, IReadOnlyList<Note> Notes, IReadOnlyList<PedalInterval> Pedal, IReadOnlyDictionary<string, IReadOnlyList<Note>> Tracks,
    IReadOnlyList<double> Beats, IReadOnlyList<double> Downbeats)
{
    public static Pop909Song Load(string data, int id)
    {
        string stem = Path.Combine(data, id.ToString("000", CultureInfo.InvariantCulture));
        MidiFile file = MidiFile.Read(stem + ".mid");
        MidiPerformance all = MidiNotes.FromMidiFile(file);
        var tracks = new Dictionary<string, IReadOnlyList<Note>>();
        for (int t = 1; t < file.Tracks.Count; t++)
        {
            // The tempo lives in track 0; read each named track with it.
            var one = new MidiFile(file.Format, file.TicksPerQuarterNote, [file.Tracks[0], file.Tracks[t]]);
            tracks[file.Tracks[t].Name ?? $"track{t}"] = MidiNotes.FromMidiFile(one).Notes;
        }

        var beats = new List<double>();
        var downbeats = new List<double>();
        foreach (string line in File.ReadAllLines(stem + ".beat.txt"))
        {
            string[] f = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3)
            {
                continue;
            }

            double t = double.Parse(f[0], CultureInfo.InvariantCulture);
            beats.Add(t);
            if (double.Parse(f[2], CultureInfo.InvariantCulture) > 0.5)
            {
                downbeats.Add(t);
            }
        }

        return new Pop909Song(id, all.Notes, all.SustainPedal, tracks, beats, downbeats);
    }

    /// <summary>The reference hand of each note of a track: MELODY and BRIDGE right, PIANO left.</summary>
    public static Hand? TrackHand(string track) => track switch
    {
        "MELODY" or "BRIDGE" => Hand.Right,
        "PIANO" => Hand.Left,
        _ => null,
    };

    /// <summary>The first <paramref name="seconds"/> of the song (notes cut at the end, labels inside the span).</summary>
    public Pop909Song Cut(double seconds)
    {
        static Note[] CutNotes(IEnumerable<Note> notes, double s) => notes.Where(n => n.Onset < s).Select(n => n with { Offset = Math.Min(n.Offset, s) }).ToArray();
        return this with
        {
            Notes = CutNotes(Notes, seconds),
            Pedal = Pedal.Where(p => p.Onset < seconds).Select(p => p with { Offset = Math.Min(p.Offset, seconds) }).ToArray(),
            Tracks = Tracks.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Note>)CutNotes(kv.Value, seconds)),
            Beats = Beats.Where(b => b < seconds).ToArray(),
            Downbeats = Downbeats.Where(b => b < seconds).ToArray(),
        };
    }
}
