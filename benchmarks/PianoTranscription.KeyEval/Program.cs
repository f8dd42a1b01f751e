using System.Diagnostics;
using System.Globalization;
using PianoTranscription.Analysis;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Transcription;

namespace PianoTranscription.KeyEval;

/// <summary>
/// Key-estimation harness on POP909 (see docs/analysis.md).
/// symbolic: the reference MIDI notes of songs 001–400 (tuning) choose the profile family, weighting, note cap and
/// segment penalty; songs 401–800 (held out) are then scored with the choice, per profile.
/// audio: renders held-out songs (every 10th from 401, first SECONDS s) with FluidSynth, transcribes them with
/// PianoTranscriber.CreateDefault() and scores the estimator's defaults against the labels inside the rendered span.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: PianoTranscription.KeyEval symbolic --data POP909_DIR
               PianoTranscription.KeyEval audio --data POP909_DIR --cache DIR --soundfont SF2 [--count 40] [--seconds 60] [--exclude 411,421,...]
        """;

    public static int Main(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        string data = Arg(args, "--data") ?? throw new ArgumentException("--data is required");
        return args[0] switch
        {
            "symbolic" => Symbolic(data),
            "audio" => Audio(data, Arg(args, "--cache") ?? "keyeval-cache", Arg(args, "--soundfont") ?? "/usr/share/sounds/sf2/FluidR3_GM.sf2",
                int.Parse(Arg(args, "--count") ?? "40", CultureInfo.InvariantCulture), double.Parse(Arg(args, "--seconds") ?? "60", CultureInfo.InvariantCulture),
                (Arg(args, "--exclude") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToHashSet()),
            _ => Fail(),
        };
    }

    private static int Fail()
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed record Song(int Id, IReadOnlyList<Note> Notes, IReadOnlyList<KeySegment> Labels);

    private static List<KeySegment> ReadLabels(string path) =>
        File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l =>
        {
            string[] f = l.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return new KeySegment(double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture), Key.Parse(f[2]));
        }).ToList();

    private static Song LoadSong(string data, int id)
    {
        string stem = Path.Combine(data, id.ToString("000", CultureInfo.InvariantCulture));
        return new Song(id, MidiNotes.Read(stem + ".mid").Notes, ReadLabels(stem + ".key.txt"));
    }

    private static (double Global, double GlobalAcc, double Seg, double SegAcc) Score(IEnumerable<Song> songs, KeyEstimatorOptions options, bool segments)
    {
        var estimator = new KeyEstimator(options);
        var results = songs.AsParallel().Select(s =>
        {
            KeyEstimate? e = estimator.Estimate(s.Notes);
            KeyScoreResult g = e is null ? default : KeyScore.Compare(s.Labels, e.Key);
            KeyScoreResult t = segments ? KeyScore.Compare(s.Labels, estimator.Segments(s.Notes)) : default;
            return (g, t);
        }).ToList();
        return (results.Average(r => r.g.Weighted), results.Average(r => r.g.Accuracy), results.Average(r => r.t.Weighted), results.Average(r => r.t.Accuracy));
    }

    private static int Symbolic(string data)
    {
        var clock = Stopwatch.StartNew();
        List<Song> all = Enumerable.Range(1, 800).AsParallel().AsOrdered().Select(i => LoadSong(data, i)).ToList();
        List<Song> tuning = all.Where(s => s.Id <= 400).ToList();
        List<Song> heldOut = all.Where(s => s.Id > 400).ToList();
        Console.WriteLine(FormattableString.Invariant($"loaded {all.Count} songs in {clock.Elapsed.TotalSeconds:0.0} s; {tuning.Count(s => s.Labels.Count > 1)} tuning and {heldOut.Count(s => s.Labels.Count > 1)} held-out songs have key changes"));

        // 1. Global key on the tuning set: profile x weighting x note cap.
        Console.WriteLine("\nTUNING 001-400, one key per song (MIREX weighted / accuracy, time-weighted against the labels, mean over songs)");
        var grid = new List<(KeyEstimatorOptions Options, double Score)>();
        foreach (KeyProfile profile in KeyProfile.All)
        {
            foreach (NoteWeighting weighting in Enum.GetValues<NoteWeighting>())
            {
                foreach (double cap in weighting == NoteWeighting.Count ? [1.0] : (double[])[0.5, 1, 2, 4, 1000])
                {
                    var o = new KeyEstimatorOptions { Profile = profile, Weighting = weighting, MaxNoteDuration = cap };
                    var (g, ga, _, _) = Score(tuning, o, segments: false);
                    grid.Add((o, g));
                    Console.WriteLine(FormattableString.Invariant($"  {profile.Name,-18} {weighting,-19} cap {cap,6:0.#} s  {g:0.0000} / {ga:0.0000}"));
                }
            }
        }

        KeyEstimatorOptions best = grid.MaxBy(x => x.Score).Options;
        Console.WriteLine(FormattableString.Invariant($"chosen: {best.Profile.Name}, {best.Weighting}, cap {best.MaxNoteDuration} s"));

        // 2. Segment smoothing on the tuning set.
        Console.WriteLine("\nTUNING 001-400, segments (window / hop / penalty -> MIREX weighted / accuracy, time-weighted)");
        var segGrid = new List<(KeyEstimatorOptions Options, double Score)>();
        foreach (double window in (double[])[10, 20, 30, 45])
        {
            foreach (double penalty in (double[])[1.5, 3, 6, 10, 20, 40])
            {
                KeyEstimatorOptions o = best with { SegmentWindow = window, SegmentHop = 2, KeyChangePenalty = penalty };
                var (_, _, t, ta) = Score(tuning, o, segments: true);
                segGrid.Add((o, t));
                Console.WriteLine(FormattableString.Invariant($"  window {window,3} s  penalty {penalty,4:0.0}  {t:0.0000} / {ta:0.0000}"));
            }
        }

        KeyEstimatorOptions chosen = segGrid.MaxBy(x => x.Score).Options;
        Console.WriteLine(FormattableString.Invariant($"chosen: window {chosen.SegmentWindow} s, hop {chosen.SegmentHop} s, penalty {chosen.KeyChangePenalty}"));

        // 3. Held out, per profile with the chosen weighting and cap.
        Console.WriteLine("\nHELD-OUT 401-800 (chosen weighting and cap; segments with the chosen smoothing)");
        Console.WriteLine("  profile             global MIREX / acc     segments MIREX / acc");
        foreach (KeyProfile profile in KeyProfile.All)
        {
            var (g, ga, t, ta) = Score(heldOut, chosen with { Profile = profile }, segments: true);
            Console.WriteLine(FormattableString.Invariant($"  {profile.Name,-18}  {g:0.0000} / {ga:0.0000}      {t:0.0000} / {ta:0.0000}{(profile == chosen.Profile ? "   <- chosen" : "")}"));
        }

        // What the chosen global estimates get wrong, against each song's longest labelled key.
        var chosenEstimator = new KeyEstimator(chosen);
        var kinds = heldOut.Select(s =>
        {
            Key reference = s.Labels.MaxBy(l => l.Duration).Key;
            Key estimate = chosenEstimator.Estimate(s.Notes)!.Key;
            int up = ((estimate.Tonic - reference.Tonic) % 12 + 12) % 12;
            return estimate == reference ? "same" : estimate.Mode == reference.Mode && up == 7 ? "fifth above"
                : estimate.Mode == reference.Mode && up == 5 ? "fifth below" : estimate == reference.Relative ? "relative"
                : up == 0 ? "parallel" : "other";
        }).GroupBy(k => k).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine($"chosen, global key vs each song's longest label: {string.Join(", ", kinds)}");
        var (dg, dga, dt, dta) = Score(heldOut, KeyEstimatorOptions.Default, segments: true);
        Console.WriteLine(FormattableString.Invariant($"library defaults: global {dg:0.0000} / {dga:0.0000}, segments {dt:0.0000} / {dta:0.0000}"));
        Console.WriteLine(FormattableString.Invariant($"done in {clock.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    private static int Audio(string data, string cache, string soundFont, int count, double seconds, HashSet<int> exclude)
    {
        Directory.CreateDirectory(cache);
        var clock = Stopwatch.StartNew();
        // Every 10th held-out song from 401, then from 406, then the rest of 401-800 in order, leaving out EXCLUDE
        // (e.g. songs an excerpt of which trained the acoustic model).
        int[] ids = Enumerable.Range(0, 40).Select(i => 401 + 10 * i).Concat(Enumerable.Range(0, 40).Select(i => 406 + 10 * i))
            .Concat(Enumerable.Range(401, 400)).Distinct().Where(i => !exclude.Contains(i)).Take(count).ToArray();
        var transcriber = PianoTranscriber.CreateDefault();
        var rows = new List<(int Id, IReadOnlyList<Note> Notes, List<KeySegment> Labels)>();
        foreach (int id in ids)
        {
            Song song = LoadSong(data, id);
            string name = FormattableString.Invariant($"{id:000}_{seconds:0}s");
            string wav = Path.Combine(cache, name + ".wav");
            if (!File.Exists(wav))
            {
                // The first SECONDS of the arrangement, written by the library (tempo 120: times kept in seconds).
                string mid = Path.Combine(cache, name + ".mid");
                Note[] cut = song.Notes.Where(n => n.Onset < seconds).Select(n => n with { Offset = Math.Min(n.Offset, seconds) }).ToArray();
                MidiNotes.Write(mid, cut, MidiNotes.Read(Path.Combine(data, id.ToString("000", CultureInfo.InvariantCulture) + ".mid")).SustainPedal.Where(p => p.Onset < seconds).Select(p => p with { Offset = Math.Min(p.Offset, seconds) }).ToArray());
                using var p = Process.Start(new ProcessStartInfo("fluidsynth", ["-ni", "-q", "-g", "0.6", "-F", wav + ".tmp.wav", "-r", "16000", soundFont, mid]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
                p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0)
                {
                    throw new InvalidOperationException($"fluidsynth failed on {mid}: {p.StandardError.ReadToEnd()}");
                }

                File.Move(wav + ".tmp.wav", wav);
            }

            TranscriptionResult result = transcriber.Transcribe(wav);
            List<KeySegment> labels = song.Labels.Where(l => l.Start < seconds).Select(l => l with { End = Math.Min(l.End, seconds) }).ToList();
            rows.Add((id, result.Notes, labels));
            Console.WriteLine(FormattableString.Invariant($"  {id:000}: {result.Notes.Count} notes ({song.Notes.Count(n => n.Onset < seconds)} in the reference), label {string.Join(",", labels.Select(l => l.Key.ToLabel()))}, estimate {new KeyEstimator().Estimate(result.Notes)?.Key.ToLabel()}"));
        }

        Console.WriteLine(FormattableString.Invariant($"\nHELD-OUT audio: {rows.Count} songs ({(ids.Length > 60 ? "all of 401-800 not excluded" : string.Join(",", ids))}), first {seconds} s, {Path.GetFileName(soundFont)}, {clock.Elapsed.TotalSeconds:0} s"));
        Console.WriteLine("  profile             global MIREX / acc     segments MIREX / acc   (reference notes, same span: global)");
        foreach (KeyProfile profile in KeyProfile.All)
        {
            var estimator = new KeyEstimator(KeyEstimatorOptions.Default with { Profile = profile });
            var scores = rows.Select(r =>
            {
                KeyEstimate? e = estimator.Estimate(r.Notes);
                KeyScoreResult g = e is null ? default : KeyScore.Compare(r.Labels, e.Key);
                KeyScoreResult t = KeyScore.Compare(r.Labels, estimator.Segments(r.Notes));
                Song s = LoadSong(data, r.Id);
                KeyEstimate? re = estimator.Estimate(s.Notes.Where(n => n.Onset < seconds).ToArray());
                KeyScoreResult rg = re is null ? default : KeyScore.Compare(r.Labels, re.Key);
                return (g, t, rg);
            }).ToList();
            Console.WriteLine(FormattableString.Invariant($"  {profile.Name,-18}  {scores.Average(s => s.g.Weighted):0.0000} / {scores.Average(s => s.g.Accuracy):0.0000}      {scores.Average(s => s.t.Weighted):0.0000} / {scores.Average(s => s.t.Accuracy):0.0000}     {scores.Average(s => s.rg.Weighted):0.0000} / {scores.Average(s => s.rg.Accuracy):0.0000}{(profile == KeyEstimatorOptions.Default.Profile ? "   <- default" : "")}"));
        }

        return 0;
    }
}
