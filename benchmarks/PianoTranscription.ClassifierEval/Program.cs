using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.ML.Classification;

namespace PianoTranscription.ClassifierEval;

/// <summary>
/// AudioClassifier harness (see docs/analysis.md, "Train your own classifier"). Renders instrument families from
/// POP909 excerpts with FluidSynth (two SoundFonts, two General MIDI programs per family), then:
/// TUNING set (FILES songs per family from 001: 001–120 by default): cross-validates each choice of features and
/// trainer, to choose the defaults; REPORT set (from 201: 201–320, other songs, never tuned on): cross-validates the defaults once, and trains on one
/// SoundFont's renders to predict the other's.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: PianoTranscription.ClassifierEval --data POP909_DIR --cache DIR [--files 20] [--seconds 10] [--sf2dir /usr/share/sounds/sf2] [--stage tuning|report]";

    /// <summary>Families and their two General MIDI programs.</summary>
    private static readonly (string Label, int[] Programs)[] Families =
    [
        ("brass", [61, 56]),      // brass section, trumpet
        ("guitar", [24, 25]),     // nylon, steel
        ("organ", [19, 16]),      // church, drawbar
        ("piano", [0, 1]),        // acoustic grand, bright
        ("strings", [48, 49]),    // ensembles 1 and 2
        ("woodwind", [73, 71]),   // flute, clarinet
    ];

    private static readonly string[] SoundFonts = ["FluidR3_GM.sf2", "TimGM6mb.sf2"];

    public static int Main(string[] args)
    {
        string? data = Arg(args, "--data");
        string? cache = Arg(args, "--cache");
        if (data is null || cache is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        int files = int.Parse(Arg(args, "--files") ?? "20", CultureInfo.InvariantCulture);
        double seconds = double.Parse(Arg(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        string sf2 = Arg(args, "--sf2dir") ?? "/usr/share/sounds/sf2";
        var clock = Stopwatch.StartNew();
        string tuning = Render(data, Path.Combine(cache, "tuning"), firstSong: 1, files, seconds, sf2);
        string report = Render(data, Path.Combine(cache, "report"), firstSong: 201, files, seconds, sf2);
        Console.WriteLine(Inv($"rendered {Families.Length} families x {files} files x {seconds} s per set ({clock.Elapsed.TotalSeconds:0} s)"));

        bool tune = Arg(args, "--stage") is null or "tuning";
        bool reportStage = Arg(args, "--stage") is null or "report";
        if (tune)
        {
            Tune(tuning);
        }

        if (reportStage)
        {
            Report(report, cache);
        }

        return 0;
    }

    private static void Tune(string tuning)
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine("\nTUNING (songs from 001), 5-fold cross-validation grouped by file, 3 s clips:");
        Console.WriteLine("  features             trainer                                       file acc  (macro)   clip acc  (macro)   time");
        var grid = new List<(ClassifierFeatures, string, AudioClassifierOptions)>();
        foreach (ClassifierFeatures f in Enum.GetValues<ClassifierFeatures>())
        {
            grid.Add((f, "MaximumEntropy", new AudioClassifierOptions { Features = f }));
        }

        grid.Add((ClassifierFeatures.EmbeddingAndLogMel, "MaximumEntropy, clips not level-normalised", new AudioClassifierOptions { Features = ClassifierFeatures.EmbeddingAndLogMel, NormalizeLoudness = false }));
        // (Sdca is left out of the grid: on a first 4-files-per-label run it took 35 times as long as MaximumEntropy for the same accuracy.)
        grid.Add((ClassifierFeatures.EmbeddingAndLogMel, "LightGbm", new AudioClassifierOptions
        {
            Features = ClassifierFeatures.EmbeddingAndLogMel,
            CustomTrainer = ml => ml.MulticlassClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options { Seed = 1 }),
        }));
        foreach ((ClassifierFeatures features, string trainer, AudioClassifierOptions options) in grid)
        {
            clock.Restart();
            ClassifierMetrics m = AudioClassifier.Train(tuning, options).Metrics;
            Console.WriteLine(Inv($"  {features,-20} {trainer,-44}  {m.FileAccuracy,8:0.000}  ({m.FileMacroAccuracy:0.000})   {m.ClipAccuracy,8:0.000}  ({m.ClipMacroAccuracy:0.000})   {clock.Elapsed.TotalSeconds,4:0} s"));
        }

    }

    private static void Report(string report, string cache)
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine(Inv($"\nREPORT (songs from 201, not tuned on), the defaults ({AudioClassifierOptions.Default.Features}, {AudioClassifierOptions.Default.Trainer}, {AudioClassifierOptions.Default.ClipSeconds} s clips):"));
        clock.Restart();
        AudioClassifier classifier = AudioClassifier.Train(report);
        Console.WriteLine(Indent(classifier.Metrics.ToString()));
        Console.WriteLine(Inv($"  ({classifier.TrainingFiles} files, {classifier.TrainingClips} clips, {clock.Elapsed.TotalSeconds:0} s)"));

        // Across SoundFonts: train on FluidR3's renders only, predict every TimGM6mb render.
        string fluidOnly = Path.Combine(cache, "report-" + Path.GetFileNameWithoutExtension(SoundFonts[0]));
        foreach (string wav in Directory.EnumerateFiles(report, "*.wav", SearchOption.AllDirectories).Where(f => f.Contains(SoundFontTag(0), StringComparison.Ordinal)))
        {
            string target = Path.Combine(fluidOnly, Path.GetFileName(Path.GetDirectoryName(wav))!, Path.GetFileName(wav));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!File.Exists(target))
            {
                File.Copy(wav, target);
            }
        }

        AudioClassifier fluid = AudioClassifier.Train(fluidOnly);
        var other = Directory.EnumerateFiles(report, "*.wav", SearchOption.AllDirectories).Where(f => f.Contains(SoundFontTag(1), StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        int right = other.AsParallel().Count(f => fluid.Predict(f).Label == Path.GetFileName(Path.GetDirectoryName(f)));
        Console.WriteLine(Inv($"\nACROSS SOUNDFONTS (report songs): trained on {SoundFonts[0]} renders ({fluid.TrainingFiles} files; cross-validated file accuracy {fluid.Metrics.FileAccuracy:0.000}), predicting the {other.Length} {SoundFonts[1]} renders: file accuracy {(double)right / other.Length:0.000}"));
    }

    /// <summary>
    /// Renders the set (cached): for each family, <paramref name="files"/> different songs from <paramref name="firstSong"/> on (no
    /// song in two families), the notes from 30 s (0 s for a shorter song) for <paramref name="seconds"/> s, written with
    /// the library's MIDI writer (from the next note on when fewer than 8 notes start in that span); file i uses
    /// SoundFont i % 2 and the family's program (i / 2) % 2.
    /// </summary>
    private static string Render(string data, string folder, int firstSong, int files, double seconds, string sf2)
    {
        for (int l = 0; l < Families.Length; l++)
        {
            (string label, int[] programs) = Families[l];
            string dir = Directory.CreateDirectory(Path.Combine(folder, label)).FullName;
            Parallel.For(0, files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                int song = firstSong + (l * files) + i;
                string wav = Path.Combine(dir, Inv($"{song:000}-{SoundFontTag(i % 2)}-p{programs[i / 2 % 2]}.wav"));
                if (File.Exists(wav))
                {
                    return;
                }

                IReadOnlyList<Note> notes = MidiNotes.Read(Path.Combine(data, Inv($"{song:000}.mid"))).Notes;
                double start = notes.Count > 0 && notes[^1].Onset > 30 + seconds ? 30 : 0;
                if (Cut(notes, start, seconds).Length < 8)
                {
                    // A gap in the arrangement: start at its next note instead (a silent render would be refused).
                    start = notes.FirstOrDefault(n => n.Onset >= start, notes[0]).Onset;
                }

                Note[] cut = Cut(notes, start, seconds);
                string mid = wav + ".mid";
                MidiNotes.Write(mid, cut, [], new MidiWriteOptions { Program = programs[i / 2 % 2] });
                using Process p = Process.Start(new ProcessStartInfo("fluidsynth", ["-ni", "-q", "-g", "0.6", "-F", wav + ".tmp.wav", "-r", "16000", Path.Combine(sf2, SoundFonts[i % 2]), mid])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0)
                {
                    throw new InvalidOperationException($"fluidsynth failed on {mid}: {p.StandardError.ReadToEnd()}");
                }

                File.Delete(mid);
                File.Move(wav + ".tmp.wav", wav);
            });
        }

        return folder;
    }

    private static Note[] Cut(IReadOnlyList<Note> notes, double start, double seconds) =>
        notes.Where(n => n.Onset >= start && n.Onset < start + seconds)
            .Select(n => n with { Onset = n.Onset - start, Offset = Math.Min(n.Offset, start + seconds) - start })
            .ToArray();

    private static string SoundFontTag(int i) => i == 0 ? "fluidr3" : "timgm";

    private static string Indent(string text) => "  " + text.Replace("\n", "\n  ", StringComparison.Ordinal);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
