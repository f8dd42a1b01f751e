using System.Diagnostics;
using System.Globalization;
using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;
using PianoTranscription.Export;
using PianoTranscription.Midi;
using PianoTranscription.Notation;
using PianoTranscription.Transcription;

namespace PianoTranscription.NotationEval;

/// <summary>
/// Notation harness (see docs/notation.md): beat F-measure (mir_eval convention: beats before 5 s dropped, 70 ms),
/// tempo within 4 % (median beat interval), downbeat F-measure and hand agreement on POP909, from the reference
/// MIDI notes (midi) or from FluidSynth renders transcribed by PianoTranscriber.CreateDefault() (audio); and hand
/// agreement on generated two-hand material (hands).
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: PianoTranscription.NotationEval midi  --data POP909_DIR --songs 1-100 [--step 1] [--seconds 90] [--prior 90] [--width 0.9] [--tightness 100] [--verbose]
               PianoTranscription.NotationEval audio --data POP909_DIR --songs 401-800 [--step 5] [--seconds 60] --cache DIR --soundfont SF [--verbose]
               PianoTranscription.NotationEval hands [--seed 1] [--pieces 40] [--cache DIR --soundfont SF [--oracle] [--oracle-offsets] [--oracle-onsets]]   (the oracle flags repair transcribed notes from the generated ones before splitting: a diagnostic)
               PianoTranscription.NotationEval transcribe --data POP909_DIR --songs 401-800 [--step 5] [--seconds 60] --cache DIR --soundfont SF   (render and transcribe into the cache only; scores nothing)
               PianoTranscription.NotationEval features --data POP909_DIR --songs 1-400 [--seconds 90] [--cache DIR --audio] [--per-beat] [--triple] --out FILE   (metrical-level and downbeat features with labels, for fitting on tuning songs)
               PianoTranscription.NotationEval beats --data POP909_DIR --song N [--seconds 60] [--cache DIR]   (prints reference and estimated beats for mir_eval)
        """;

    public static int Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        return args[0] switch
        {
            "midi" => Pop909(args, audio: false),
            "audio" => Pop909(args, audio: true),
            "hands" => GeneratedHands.Run(args),
            "beats" => PrintBeats(args),
            "transcribe" => TranscribeOnly(args),
            "features" => DumpFeatures(args),
            _ => Fail(),
        };
    }

    private static int Fail()
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    internal static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static double Number(string[] args, string name, double fallback) =>
        Arg(args, name) is string s ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;

    private static int[] Songs(string[] args)
    {
        string[] range = (Arg(args, "--songs") ?? "1-100").Split('-');
        int from = int.Parse(range[0], CultureInfo.InvariantCulture), to = int.Parse(range[^1], CultureInfo.InvariantCulture);
        int step = (int)Number(args, "--step", 1);
        return Enumerable.Range(from, to - from + 1).Where(i => (i - from) % step == 0).ToArray();
    }

    private static BeatTrackerOptions TrackerOptions(string[] args) => BeatTrackerOptions.Default with
    {
        PriorBeatsPerMinute = Number(args, "--prior", BeatTrackerOptions.Default.PriorBeatsPerMinute),
        PriorWidthOctaves = Number(args, "--width", BeatTrackerOptions.Default.PriorWidthOctaves),
        Tightness = Number(args, "--tightness", BeatTrackerOptions.Default.Tightness),
        ChooseMetricLevel = !args.Contains("--no-level"),
        ChooseOffBeat = !args.Contains("--no-offbeat"),
        MeterBiasToFour = Number(args, "--meterbias", BeatTrackerOptions.Default.MeterBiasToFour),
    };

    private sealed record Row(int Id, double BeatF, bool Tempo, double RefBpm, double EstBpm, double DownbeatF, string Meter, double HandAgreement, int HandNotes);

    private static int Pop909(string[] args, bool audio)
    {
        string data = Arg(args, "--data") ?? throw new ArgumentException("--data is required");
        double seconds = Number(args, "--seconds", audio ? 60 : 90);
        bool verbose = args.Contains("--verbose");
        int[] ids = Songs(args);
        var tracker = new BeatTracker(TrackerOptions(args));
        var splitter = new HandSplitter();
        var clock = Stopwatch.StartNew();
        PianoTranscriber? transcriber = audio ? PianoTranscriber.CreateDefault() : null;
        string cache = Arg(args, "--cache") ?? "notationeval-cache";
        string soundFont = Arg(args, "--soundfont") ?? "/usr/share/sounds/sf3/MuseScore_General.sf3";
        var rows = new List<Row>();
        foreach (int id in ids)
        {
            if (audio && args.Contains("--cached-only") && !File.Exists(Path.Combine(cache, FormattableString.Invariant($"{id:000}_{seconds:0}s_{Path.GetFileNameWithoutExtension(soundFont)}.notes.csv"))))
            {
                continue;
            }

            Pop909Song song = Pop909Song.Load(data, id).Cut(seconds);
            IReadOnlyList<Note> notes = audio ? Transcribed(song, seconds, cache, soundFont, transcriber!) : song.Notes;
            BeatAnalysis analysis = tracker.Analyze(notes);
            double beatF = BeatEvaluator.FMeasure(BeatEvaluator.Trim(song.Beats), BeatEvaluator.Trim(analysis.Beats)).F1;
            double downF = BeatEvaluator.FMeasure(BeatEvaluator.Trim(song.Downbeats), BeatEvaluator.Trim(analysis.Downbeats)).F1;
            bool tempo = BeatEvaluator.TempoAgrees(song.Beats, analysis.Beats);
            (double agree, int count) = HandAgreement(song, notes, splitter.Split(notes));
            var row = new Row(id, beatF, tempo, 60 / BeatEvaluator.MedianInterval(song.Beats), analysis.BeatsPerMinute, downF, analysis.TimeSignature + "+" + analysis.FirstDownbeat, agree, count);
            rows.Add(row);
            if (verbose)
            {
                Console.WriteLine(FormattableString.Invariant($"  {id:000}: beatF {beatF:0.000} tempo {(tempo ? "ok " : "BAD")} ref {row.RefBpm,6:0.0} est {row.EstBpm,6:0.0} downF {downF:0.000} {row.Meter,-6} hands {agree:0.000} ({count})"));
            }
        }

        Console.WriteLine(FormattableString.Invariant($"POP909 {(audio ? "audio (" + Path.GetFileName(soundFont) + ", transcribed)" : "reference MIDI notes")}, songs {rows[0].Id:000}-{rows[^1].Id:000} ({string.Join(",", rows.Select(r => r.Id.ToString("000", CultureInfo.InvariantCulture)))}) step {(int)Number(args, "--step", 1)} ({rows.Count}), first {seconds} s, {clock.Elapsed.TotalSeconds:0} s"));
        Console.WriteLine(FormattableString.Invariant($"  beat F-measure (70 ms, beats >= 5 s): mean {rows.Average(r => r.BeatF):0.0000}, median {Median(rows.Select(r => r.BeatF)):0.0000}"));
        Console.WriteLine(FormattableString.Invariant($"  tempo within 4 %: {rows.Count(r => r.Tempo)}/{rows.Count} = {rows.Count(r => r.Tempo) / (double)rows.Count:0.000}  (octave errors x2 {rows.Count(r => Near(r.EstBpm / r.RefBpm, 2))}, x0.5 {rows.Count(r => Near(r.EstBpm / r.RefBpm, 0.5))}, x1.5 {rows.Count(r => Near(r.EstBpm / r.RefBpm, 1.5))}, x2/3 {rows.Count(r => Near(r.EstBpm / r.RefBpm, 2 / 3.0))}, x4/3 {rows.Count(r => Near(r.EstBpm / r.RefBpm, 4 / 3.0))}, x3/4 {rows.Count(r => Near(r.EstBpm / r.RefBpm, 0.75))}, x3 {rows.Count(r => Near(r.EstBpm / r.RefBpm, 3))}, x1/3 {rows.Count(r => Near(r.EstBpm / r.RefBpm, 1 / 3.0))})"));
        Console.WriteLine(FormattableString.Invariant($"  beat F on songs with the tempo right: {rows.Where(r => r.Tempo).Select(r => r.BeatF).DefaultIfEmpty().Average():0.0000}"));
        Console.WriteLine(FormattableString.Invariant($"  downbeat F-measure: mean {rows.Average(r => r.DownbeatF):0.0000}; on songs with the tempo right {rows.Where(r => r.Tempo).Select(r => r.DownbeatF).DefaultIfEmpty().Average():0.0000}"));
        Console.WriteLine($"  meters: {string.Join(", ", rows.GroupBy(r => r.Meter.Split('+')[0]).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"))}");
        Console.WriteLine(FormattableString.Invariant($"  hands (MELODY+BRIDGE right, PIANO left{(audio ? "; transcribed notes matched to reference notes, 50 ms, same pitch" : "")}): note-weighted {rows.Sum(r => r.HandAgreement * r.HandNotes) / rows.Sum(r => r.HandNotes):0.0000}, mean over songs {rows.Average(r => r.HandAgreement):0.0000}, songs >= 0.90: {rows.Count(r => r.HandAgreement >= 0.9)}/{rows.Count}"));
        return 0;
    }

    private static bool Near(double ratio, double target) => Math.Abs((ratio / target) - 1) <= 0.04;

    private static double Median(IEnumerable<double> values)
    {
        double[] a = values.OrderBy(v => v).ToArray();
        return a.Length == 0 ? double.NaN : a.Length % 2 == 1 ? a[a.Length / 2] : 0.5 * (a[(a.Length / 2) - 1] + a[a.Length / 2]);
    }

    /// <summary>
    /// The share of notes whose estimated hand is the track's (MELODY/BRIDGE right, PIANO left). For transcribed
    /// notes, each is matched to an unmatched reference note of the same pitch within 50 ms; unmatched ones are left out.
    /// </summary>
    internal static (double Agreement, int Count) HandAgreement(Pop909Song song, IReadOnlyList<Note> notes, Hand[] hands)
    {
        var reference = new List<(Note Note, Hand Hand)>();
        foreach ((string track, IReadOnlyList<Note> trackNotes) in song.Tracks)
        {
            if (Pop909Song.TrackHand(track) is Hand h)
            {
                reference.AddRange(trackNotes.Select(n => (n, h)));
            }
        }

        var byPitch = reference.GroupBy(r => r.Note.Pitch).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Note.Onset).ToList());
        var used = new HashSet<(int, int)>();
        int agree = 0, count = 0;
        for (int i = 0; i < notes.Count; i++)
        {
            if (!byPitch.TryGetValue(notes[i].Pitch, out var candidates))
            {
                continue;
            }

            int best = -1;
            double bestDistance = 0.05;
            for (int k = 0; k < candidates.Count; k++)
            {
                double d = Math.Abs(candidates[k].Note.Onset - notes[i].Onset);
                if (d <= bestDistance && !used.Contains((notes[i].Pitch, k)))
                {
                    bestDistance = d;
                    best = k;
                }
            }

            if (best >= 0)
            {
                used.Add((notes[i].Pitch, best));
                count++;
                agree += candidates[best].Hand == hands[i] ? 1 : 0;
            }
        }

        return (count > 0 ? agree / (double)count : double.NaN, count);
    }

    /// <summary>The transcription of the song's first SECONDS rendered with the sound font (render and notes cached).</summary>
    internal static IReadOnlyList<Note> Transcribed(Pop909Song song, double seconds, string cache, string soundFont, PianoTranscriber transcriber)
    {
        Directory.CreateDirectory(cache);
        string name = FormattableString.Invariant($"{song.Id:000}_{seconds:0}s_{Path.GetFileNameWithoutExtension(soundFont)}");
        string csv = Path.Combine(cache, name + ".notes.csv");
        if (File.Exists(csv))
        {
            return NoteCsv.Read(csv);
        }

        string wav = Render(song.Notes, song.Pedal, Path.Combine(cache, name), soundFont);
        TranscriptionResult result = transcriber.Transcribe(wav);
        NoteCsv.Write(csv, result.Notes);
        return result.Notes;
    }

    /// <summary>Renders notes with FluidSynth (piano, 16 kHz) through a MIDI file written by the library; returns the WAV path.</summary>
    internal static string Render(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> pedal, string stem, string soundFont)
    {
        string wav = stem + ".wav";
        if (File.Exists(wav))
        {
            return wav;
        }

        string mid = stem + ".mid";
        MidiNotes.Write(mid, notes, pedal);
        using var p = Process.Start(new ProcessStartInfo("fluidsynth", ["-ni", "-q", "-g", "0.6", "-F", wav + ".tmp.wav", "-r", "16000", soundFont, mid]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"fluidsynth failed on {mid}: {err}");
        }

        File.Move(wav + ".tmp.wav", wav);
        return wav;
    }

    /// <summary>
    /// Renders and transcribes songs into the cache without scoring anything, so that a held-out set can be prepared
    /// while the tracker is still being tuned and scored once at the end.
    /// </summary>
    private static int TranscribeOnly(string[] args)
    {
        string data = Arg(args, "--data") ?? throw new ArgumentException("--data is required");
        double seconds = Number(args, "--seconds", 60);
        string cache = Arg(args, "--cache") ?? throw new ArgumentException("--cache is required");
        string soundFont = Arg(args, "--soundfont") ?? "/usr/share/sounds/sf3/MuseScore_General.sf3";
        PianoTranscriber transcriber = PianoTranscriber.CreateDefault();
        foreach (int id in Songs(args))
        {
            var clock = Stopwatch.StartNew();
            Pop909Song song = Pop909Song.Load(data, id).Cut(seconds);
            int count = Transcribed(song, seconds, cache, soundFont, transcriber).Count;
            Console.WriteLine(FormattableString.Invariant($"{id:000}: {count} notes, {clock.Elapsed.TotalSeconds:0.0} s"));
        }

        return 0;
    }

    /// <summary>
    /// Writes, per song, the metrical-level features of the tracked beats and of the tracker run at half and double
    /// that tempo (label: tempo within 4 % of the reference), and per bar phase the mean downbeat features on the
    /// beats (label: that phase's downbeat F-measure). Used to fit MetricLevel's and the meter's weights on tuning songs.
    /// </summary>
    private static int DumpFeatures(string[] args)
    {
        string data = Arg(args, "--data") ?? throw new ArgumentException("--data is required");
        bool audio = args.Contains("--audio");
        double seconds = Number(args, "--seconds", audio ? 60 : 90);
        string cache = Arg(args, "--cache") ?? "notationeval-cache";
        string soundFont = Arg(args, "--soundfont") ?? "/usr/share/sounds/sf3/MuseScore_General.sf3";
        string outPath = Arg(args, "--out") ?? throw new ArgumentException("--out is required");
        var lines = new List<string>();
        foreach (int id in Songs(args))
        {
            string csv = Path.Combine(cache, FormattableString.Invariant($"{id:000}_{seconds:0}s_{Path.GetFileNameWithoutExtension(soundFont)}.notes.csv"));
            if (audio && !File.Exists(csv))
            {
                continue;
            }

            Pop909Song song = Pop909Song.Load(data, id).Cut(seconds);
            IReadOnlyList<Note> notes = audio ? NoteCsv.Read(csv) : song.Notes;
            double[] envelope = OnsetEnvelope.FromNotes(notes).Values;
            BeatAnalysis base1 = new BeatTracker(BeatTrackerOptions.Default with { ChooseMetricLevel = false }).Analyze(notes);
            IReadOnlyList<double>? rightBeats = null;
            foreach (double ratio in args.Contains("--triple") ? new[] { 0.5, 1, 2, 2 / 3.0, 1.5 } : new[] { 0.5, 1, 2 })
            {
                BeatAnalysis a = ratio == 1 ? base1 : new BeatTracker(BeatTrackerOptions.Default with { BeatsPerMinute = base1.BeatsPerMinute * ratio }).Analyze(notes);
                bool ok = BeatEvaluator.TempoAgrees(song.Beats, a.Beats);
                double f = BeatEvaluator.FMeasure(BeatEvaluator.Trim(song.Beats), BeatEvaluator.Trim(a.Beats)).F1;
                if (ok && rightBeats is null)
                {
                    rightBeats = a.Beats;
                }

                double[] x = MetricLevel.Features(notes, a.Beats, envelope);
                lines.Add(FormattableString.Invariant($"T,{id},{ratio},{(ok ? 1 : 0)},{f:0.0000},{a.BeatsPerMinute:0.00},{string.Join(",", x.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture)))}"));
            }

            BeatAnalysis chosen = new BeatTracker(BeatTrackerOptions.Default with { ChooseOffBeat = false }).Analyze(notes);
            foreach ((string which, IReadOnlyList<double> b) in new[] { ("beats", chosen.Beats), ("off", (IReadOnlyList<double>)MetricLevel.OffBeats(chosen.Beats)) })
            {
                double f = BeatEvaluator.FMeasure(BeatEvaluator.Trim(song.Beats), BeatEvaluator.Trim(b)).F1;
                double[] x = MetricLevel.PhaseFeatures(notes, b);
                lines.Add(FormattableString.Invariant($"P,{id},{which},{(BeatEvaluator.TempoAgrees(song.Beats, b) ? 1 : 0)},{f:0.0000},{string.Join(",", x.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture)))}"));
            }

            BeatAnalysis final = new BeatTracker().Analyze(notes);
            if (BeatEvaluator.TempoAgrees(song.Beats, final.Beats))
            {
                rightBeats = final.Beats;
            }

            if (rightBeats is { Count: > 8 })
            {
                (double[][] parts, _, _) = MeterEstimator.BeatFeatures(notes, rightBeats);
                if (args.Contains("--per-beat"))
                {
                    for (int i = 0; i < rightBeats.Count; i++)
                    {
                        lines.Add(FormattableString.Invariant($"B,{id},{i},{string.Join(",", parts.Select(p => p[i].ToString("0.####", CultureInfo.InvariantCulture)))}"));
                    }
                }

                for (int phase = 0; phase < 4; phase++)
                {
                    var down = new List<double>();
                    for (int i = phase; i < rightBeats.Count; i += 4)
                    {
                        down.Add(rightBeats[i]);
                    }

                    double f = BeatEvaluator.FMeasure(BeatEvaluator.Trim(song.Downbeats), BeatEvaluator.Trim(down)).F1;
                    double[] means = parts.Select(p => Enumerable.Range(0, p.Length).Where(i => i % 4 == phase).Select(i => p[i]).DefaultIfEmpty().Average()).ToArray();
                    lines.Add(FormattableString.Invariant($"M,{id},{phase},{f:0.0000},{string.Join(",", means.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture)))}"));
                }
            }
        }

        File.WriteAllLines(outPath, lines);
        Console.WriteLine($"{lines.Count} lines -> {outPath}");
        return 0;
    }

    private static int PrintBeats(string[] args)
    {
        string data = Arg(args, "--data") ?? throw new ArgumentException("--data is required");
        double seconds = Number(args, "--seconds", 60);
        int id = (int)Number(args, "--song", 401);
        Pop909Song song = Pop909Song.Load(data, id).Cut(seconds);
        string? cache = Arg(args, "--cache");
        IReadOnlyList<Note> notes = cache is null ? song.Notes
            : Transcribed(song, seconds, cache, Arg(args, "--soundfont") ?? "/usr/share/sounds/sf3/MuseScore_General.sf3", PianoTranscriber.CreateDefault());
        BeatAnalysis analysis = new BeatTracker().Analyze(notes);
        Console.WriteLine("ref " + string.Join(" ", song.Beats.Select(b => b.ToString("R", CultureInfo.InvariantCulture))));
        Console.WriteLine("est " + string.Join(" ", analysis.Beats.Select(b => b.ToString("R", CultureInfo.InvariantCulture))));
        Console.WriteLine(FormattableString.Invariant($"F {BeatEvaluator.FMeasure(BeatEvaluator.Trim(song.Beats), BeatEvaluator.Trim(analysis.Beats)).F1:R}"));
        return 0;
    }
}
