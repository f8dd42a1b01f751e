using System.Diagnostics;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;

namespace PianoTranscription.ML.Tests.Classification;

/// <summary>
/// A small labelled set rendered for the test: seeded random phrases (a melody over chords) written as MIDI by the
/// library with a General MIDI program per instrument family, rendered by FluidSynth with FluidR3_GM at 16 kHz.
/// </summary>
internal static class InstrumentRenders
{
    public const string SoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    /// <summary>Instrument families and their General MIDI programs.</summary>
    public static readonly (string Label, int Program)[] Families = [("piano", 0), ("organ", 19), ("guitar", 24), ("strings", 48), ("brass", 61)];

    /// <summary>Renders <paramref name="files"/> phrases of <paramref name="seconds"/> per family into <c>folder/label/NN.wav</c>.</summary>
    public static void Render(string folder, int files, double seconds, int seed)
    {
        foreach ((string label, int program) in Families)
        {
            string dir = Directory.CreateDirectory(Path.Combine(folder, label)).FullName;
            for (int i = 0; i < files; i++)
            {
                RenderPhrase(Path.Combine(dir, $"{i:00}.wav"), program, seconds, (seed * 1000) + (program * 10) + i);
            }
        }
    }

    /// <summary>Renders one seeded phrase with a program into a WAV file.</summary>
    public static void RenderPhrase(string wav, int program, double seconds, int seed)
    {
        string mid = Path.ChangeExtension(wav, ".mid");
        MidiNotes.Write(mid, Phrase(seconds, seed), [], new MidiWriteOptions { Program = program });
        var info = new ProcessStartInfo("fluidsynth") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-ni", "-q", "-g", "0.6", "-F", wav, "-r", "16000", SoundFont, mid })
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"fluidsynth failed on {mid}: {stderr.Result}");
        File.Delete(mid);
    }

    /// <summary>A melody of quarter notes (C major, 60–84) over a three-note chord every bar (48–64), 120 bpm.</summary>
    private static Note[] Phrase(double seconds, int seed)
    {
        var random = new Random(seed);
        int[] scale = [0, 2, 4, 5, 7, 9, 11];
        var notes = new List<Note>();
        double step = 0.25 + (0.25 * random.NextDouble());
        for (double t = 0; t + step <= seconds; t += step)
        {
            int pitch = 60 + (12 * random.Next(2)) + scale[random.Next(scale.Length)];
            notes.Add(new Note(pitch, t, t + (step * 0.9), 70 + random.Next(40)));
        }

        for (double t = 0; t + 1 <= seconds; t += 2)
        {
            int root = 48 + scale[random.Next(scale.Length)];
            foreach (int interval in new[] { 0, 4, 7 })
            {
                notes.Add(new Note(root + interval, t, Math.Min(seconds, t + 1.9), 60 + random.Next(30)));
            }
        }

        return [.. notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch)];
    }
}
