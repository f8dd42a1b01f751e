using System.Globalization;
using PianoTranscription.Decoding;

namespace PianoTranscription.Tests.Midi;

/// <summary>The MIDI fixtures: two POP909 songs (MIT) and their golden notes made by mido (make_golden.py).</summary>
internal static class MidiFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Midi", name);

    public static (List<Note> Notes, List<PedalInterval> Pedal) Golden(string midiName)
    {
        var notes = new List<Note>();
        var pedal = new List<PedalInterval>();
        foreach (string line in File.ReadAllLines(PathOf(Path.ChangeExtension(midiName, ".golden.csv"))))
        {
            string[] f = line.Split(',');
            double on = double.Parse(f[1], CultureInfo.InvariantCulture);
            double off = double.Parse(f[2], CultureInfo.InvariantCulture);
            if (f[0] == "note")
            {
                notes.Add(new Note(int.Parse(f[3], CultureInfo.InvariantCulture), on, off, int.Parse(f[4], CultureInfo.InvariantCulture)));
            }
            else
            {
                pedal.Add(new PedalInterval(on, off));
            }
        }

        return (notes, pedal);
    }

    /// <summary>A small varied performance: chords, a re-struck key, soft and loud notes, two pedal intervals.</summary>
    public static (Note[] Notes, PedalInterval[] Pedal) SamplePerformance() =>
    (
        [
            new Note(60, 0.0, 0.5, 80),
            new Note(64, 0.0, 0.5, 70),
            new Note(67, 0.0, 0.75, 60),
            new Note(21, 0.25, 2.0, 1),
            new Note(108, 1.0, 1.1, 127),
            new Note(60, 0.5, 1.0, 90),
            new Note(72, 1.2345678, 1.9876543, 45),
            new Note(48, 2.5, 4.0, 100),
        ],
        [new PedalInterval(0.1, 0.9), new PedalInterval(1.5, 3.2)]
    );
}
