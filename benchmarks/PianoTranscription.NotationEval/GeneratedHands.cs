using System.Globalization;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Notation;
using PianoTranscription.Transcription;

namespace PianoTranscription.NotationEval;

/// <summary>
/// Hand agreement on generated two-hand pieces (<see cref="TwoHandGenerator"/>): on the generated notes, and, with
/// --cache, on their FluidSynth renders transcribed by the default model (transcribed notes matched to generated
/// ones by pitch within 50 ms). Also the agreement of a fixed split at middle C, for scale.
/// </summary>
internal static class GeneratedHands
{
    public static int Run(string[] args)
    {
        int seed = (int)Program.Number(args, "--seed", 1000);
        int pieces = (int)Program.Number(args, "--pieces", 40);
        string? cache = Program.Arg(args, "--cache");
        string soundFont = Program.Arg(args, "--soundfont") ?? "/usr/share/sounds/sf3/MuseScore_General.sf3";
        PianoTranscriber? transcriber = cache is null ? null : PianoTranscriber.CreateDefault();
        var splitter = new HandSplitter(HandSplitterOptions.Default with
        {
            BusyCost = Program.Number(args, "--busy", HandSplitterOptions.Default.BusyCost),
            HeldSpanCost = Program.Number(args, "--heldspan", HandSplitterOptions.Default.HeldSpanCost),
            ChordWindow = Program.Number(args, "--chordwindow", HandSplitterOptions.Default.ChordWindow),
            CrossingCost = Program.Number(args, "--crossing", HandSplitterOptions.Default.CrossingCost),
            ReleaseMargin = Program.Number(args, "--margin", HandSplitterOptions.Default.ReleaseMargin),
        });
        long agree = 0, total = 0, fixedAgree = 0, tAgree = 0, tTotal = 0;
        var clock = new System.Diagnostics.Stopwatch();
        for (int p = 0; p < pieces; p++)
        {
            (List<Note> notes, List<Hand> hands) = TwoHandGenerator.Piece(seed + p);
            clock.Start();
            Hand[] estimate = splitter.Split(notes);
            clock.Stop();
            int a = Enumerable.Range(0, notes.Count).Count(i => estimate[i] == hands[i]);
            agree += a;
            total += notes.Count;
            fixedAgree += Enumerable.Range(0, notes.Count).Count(i => (notes[i].Pitch < 60 ? Hand.Left : Hand.Right) == hands[i]);
            if (args.Contains("--dump"))
            {
                for (int i = 0; i < Math.Min(notes.Count, 80); i++)
                {
                    Console.WriteLine(FormattableString.Invariant($"    {notes[i].Onset,7:0.000} {notes[i].Pitch,3} {hands[i],-5} {estimate[i]}"));
                }
            }

            string line = FormattableString.Invariant($"  piece {seed + p}: {a / (double)notes.Count:0.000} of {notes.Count}");
            if (transcriber is not null)
            {
                Directory.CreateDirectory(cache!);
                string stem = Path.Combine(cache!, FormattableString.Invariant($"twohand_{seed + p}"));
                string csv = stem + ".notes.csv";
                IReadOnlyList<Note> transcribed = File.Exists(csv) ? NoteCsv.Read(csv) : transcriber.Transcribe(Program.Render(notes, [], stem, soundFont)).Notes;
                if (!File.Exists(csv))
                {
                    NoteCsv.Write(csv, transcribed);
                }

                transcribed = Repaired(args, notes, transcribed);
                Hand[] th = splitter.Split(transcribed);
                (int ma, int mt) = Matched(notes, hands, transcribed, th);
                tAgree += ma;
                tTotal += mt;
                line += FormattableString.Invariant($"; transcribed {ma / (double)Math.Max(1, mt):0.000} of {mt} matched ({transcribed.Count} transcribed)");
            }

            if (args.Contains("--verbose"))
            {
                Console.WriteLine(line);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated two-hand pieces: {pieces} (seeds {seed}-{seed + pieces - 1}), {total} notes"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  HandSplitter on the generated notes: {agree / (double)total:0.0000}   (fixed split at middle C: {fixedAgree / (double)total:0.0000}); splitting took {clock.Elapsed.TotalMilliseconds:0} ms"));
        if (tTotal > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  HandSplitter on transcriptions ({Path.GetFileName(soundFont)}), matched notes: {tAgree / (double)tTotal:0.0000} of {tTotal}"));
        }

        return 0;
    }

    /// <summary>
    /// A diagnostic: the transcribed notes with some of their errors repaired from the generated notes (the
    /// generated note of the same pitch within 50 ms): --oracle drops the notes with no such partner,
    /// --oracle-offsets gives each its partner's duration, --oracle-onsets its partner's onset.
    /// </summary>
    private static List<Note> Repaired(string[] args, List<Note> reference, IReadOnlyList<Note> transcribed)
    {
        Note? Partner(Note t) => reference.Where(r => r.Pitch == t.Pitch && Math.Abs(r.Onset - t.Onset) <= 0.05).Cast<Note?>().FirstOrDefault();
        IEnumerable<Note> notes = transcribed;
        if (args.Contains("--oracle"))
        {
            notes = notes.Where(t => Partner(t) is not null);
        }

        if (args.Contains("--oracle-offsets"))
        {
            notes = notes.Select(t => Partner(t) is Note r ? t with { Offset = t.Onset + r.Duration } : t);
        }

        if (args.Contains("--oracle-onsets"))
        {
            notes = notes.Select(t => Partner(t) is Note r ? t with { Onset = r.Onset, Offset = r.Onset + t.Duration } : t);
        }

        return notes.ToList();
    }

    private static (int Agree, int Count) Matched(List<Note> reference, List<Hand> hands, IReadOnlyList<Note> notes, Hand[] estimate)
    {
        var used = new bool[reference.Count];
        int agree = 0, count = 0;
        for (int i = 0; i < notes.Count; i++)
        {
            int best = -1;
            double bestDistance = 0.05;
            for (int k = 0; k < reference.Count; k++)
            {
                if (!used[k] && reference[k].Pitch == notes[i].Pitch && Math.Abs(reference[k].Onset - notes[i].Onset) <= bestDistance)
                {
                    bestDistance = Math.Abs(reference[k].Onset - notes[i].Onset);
                    best = k;
                }
            }

            if (best >= 0)
            {
                used[best] = true;
                count++;
                agree += hands[best] == estimate[i] ? 1 : 0;
            }
        }

        return (agree, count);
    }
}
