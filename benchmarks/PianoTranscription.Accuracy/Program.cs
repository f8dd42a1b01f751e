using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;
using PianoTranscription.Export;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.Midi;
using PianoTranscription.Transcription;

namespace PianoTranscription.Accuracy;

/// <summary>
/// Accuracy harness: transcribes every audio file in a folder with an ONNX piano model and the library's decoder, scores
/// each against its reference (MIDI, sustain-extended, the field's convention; or a MAPS-style TSV/CSV note list, taken
/// as it is) and prints per-piece and mean metrics.
/// With --sweep it grid-searches the decoder thresholds on the same cached model outputs; with --by-register it also
/// prints note scores per register band, pooled over all pieces.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: PianoTranscription.Accuracy --audio DIR --reference DIR --model FILE.onnx
                 [--augmented include|only|exclude] [--sweep] [--onset T] [--frame T] [--offset T] [--json OUT.json]
                 [--decoder-out DECODER.json]   (the chosen settings, for training/export.py --decoder)
                 [--by-register] [--sweep-pedal]   (grid-search the sustain-pedal settings, after --sweep if given)
                 [--match TEXT]   (only audio files whose name contains TEXT, e.g. _SptkBGCl)
          Audio: every .wav, .opus, .flac, .mp3, .ogg and .m4a file in AUDIO (other formats through ffmpeg).
          A reference for AUDIO/NAME.EXT is REFERENCE/NAME.mid, .tsv or .csv, or the same with PREFIX, NAME up to the
          first "__" (several renders of one piece). MIDI references are extended by their sustain pedal; TSV/CSV
          note lists (MAPS: onset, offset, pitch, velocity, tab-separated) are used as they are and have no pedal.
          A sidecar AUDIO/NAME.json with "time_scale" (augmentation by
          resampling) scales the reference times. Files whose name contains "__aug" count as augmented.
          The decoder starts from the model's tuned settings (metadata "pianotranscription.decoder", as the library's
          transcriber does), else DecoderOptions.Default; --onset/--frame/--offset override them.
          --by-register: also note precision/recall/F1 (onset and pitch, 50 ms) per MIDI pitch band 21-32, 33-44,
          45-56, 57-68, 69-80, 81-92, 93-108, with reference and estimated note counts, pooled over all pieces
          (the library's evaluator run on each piece's notes of that band; counts summed, then scored).
        """;

    public static int Main(string[] args)
    {
        var opts = Parse(args);
        if (opts is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var model = OnnxModel.Load(opts.Model, new InferenceOptions { MaxDegreeOfParallelism = Environment.ProcessorCount });

        // The library's own reading of the model's metadata: its featurizer (PianoDefault when it carries none) and
        // its tuned decoder settings, as a transcriber would use them.
        var acoustic = AcousticModel.FromInferenceModel(model, model.Metadata.ContainsKey(AcousticModel.FeaturizerKey) ? null : Featurizer.PianoDefault);
        Featurizer featurizer = acoustic.Featurizer;

        var pieces = new List<Piece>();
        var clock = Stopwatch.StartNew();
        double audioSeconds = 0;
        foreach (string wav in Directory.GetFiles(opts.Audio)
            .Where(f => AudioExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(wav);
            bool augmented = name.Contains("__aug", StringComparison.Ordinal);
            if ((opts.Augmented == "exclude" && augmented) || (opts.Augmented == "only" && !augmented)
                || (opts.Match is string match && !name.Contains(match, StringComparison.Ordinal)))
            {
                continue;
            }

            string? reference = FindReference(opts.Reference, name);
            if (reference is null)
            {
                Console.Error.WriteLine($"skip {name}: no reference (.mid, .tsv or .csv)");
                continue;
            }

            AudioClip clip = AudioClip.Load(wav, AudioLoadOptions.Default with { SampleRate = featurizer.SampleRate });
            audioSeconds += clip.Duration.TotalSeconds;
            Spectrogram spec = featurizer.Compute(clip);
            var input = new Tensor(spec.Values.ToArray(), 1, spec.FrameCount, spec.BinCount);
            IReadOnlyDictionary<string, Tensor> o = model.Run(new Dictionary<string, Tensor> { ["spectrogram"] = input });
            var post = new Posteriorgram(
                spec.FrameRate, spec.StartTime, Arr(o, "onset"), Arr(o, "frame"), Arr(o, "offset"), Arr(o, "velocity"),
                Arr(o, "pedal_onset"), Arr(o, "pedal_frame"), Arr(o, "pedal_offset"));

            (IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> pedal) = ReadReference(reference);
            double scale = TimeScale(Path.ChangeExtension(wav, ".json"));
            double end = clip.Duration.TotalSeconds;
            Note[] refNotes = SustainExtension.Apply(notes, pedal)
                .Select(n => n with { Onset = n.Onset * scale, Offset = n.Offset * scale })
                .Where(n => n.Onset < end)
                .ToArray();
            PedalInterval[] refPedal = pedal
                .Select(p => p with { Onset = p.Onset * scale, Offset = p.Offset * scale })
                .Where(p => p.Onset < end)
                .ToArray();
            pieces.Add(new Piece(name, augmented, post, refNotes, refPedal));
        }

        double modelSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pieces.Count} pieces, {audioSeconds / 60:0.0} min of audio; features+model {modelSeconds:0.0} s ({audioSeconds / modelSeconds:0}x real time, {Environment.ProcessorCount} threads)"));
        if (pieces.Count == 0)
        {
            return 1;
        }

        DecoderOptions baseOptions = acoustic.DecoderOptions;
        if (opts.Onset is float on) { baseOptions = baseOptions with { OnsetThreshold = on }; }
        if (opts.Frame is float fr) { baseOptions = baseOptions with { FrameThreshold = fr }; }
        if (opts.Offset is float off) { baseOptions = baseOptions with { OffsetThreshold = off }; }

        if (opts.Sweep)
        {
            DecoderOptions start = baseOptions;
            baseOptions = Sweep(
                pieces,
                from onset in OnsetGrid
                from frame in FrameGrid
                from offset in OffsetGrid
                select start with { OnsetThreshold = onset, FrameThreshold = frame, OffsetThreshold = offset },
                s => s.NoteF1 + s.NoteOffsetF1,
                "onset frame offset | note F1  note+off F1  note+vel F1  frame F1",
                (d, s) => $"{d.OnsetThreshold,5:0.00} {d.FrameThreshold,5:0.00} {d.OffsetThreshold,6:0.00} | {s.NoteF1,7:0.0000} {s.NoteOffsetF1,12:0.0000} {s.NoteVelocityF1,12:0.0000} {s.FrameF1,9:0.0000}",
                "best:");
        }

        if (opts.SweepPedal)
        {
            // The pedal is decoded independently of the notes: grid-search its settings on the chosen note settings.
            DecoderOptions start = baseOptions;
            baseOptions = Sweep(
                pieces,
                from onset in PedalOnsetGrid
                from frame in PedalFrameGrid
                from minDuration in MinPedalDurationGrid
                select start with { PedalOnsetThreshold = onset, PedalFrameThreshold = frame, MinPedalDuration = minDuration },
                s => (s.PedalOnsetF1 ?? 0) + (s.PedalFrameF1 ?? 0),
                "pedal onset frame min-duration | press onset F1  pedal frame F1",
                (d, s) => $"{d.PedalOnsetThreshold,11:0.00} {d.PedalFrameThreshold,5:0.00} {d.MinPedalDuration,12:0.00} | {s.PedalOnsetF1,14:0.0000} {s.PedalFrameF1,15:0.0000}",
                "best pedal settings:");
        }

        Summary summary = Score(pieces, baseOptions, print: true);
        RegisterRow[]? byRegister = opts.ByRegister ? ScoreByRegister(pieces, baseOptions) : null;
        if (opts.DecoderOut is string decoderPath)
        {
            File.WriteAllText(decoderPath, baseOptions.ToJson());
        }

        if (opts.JsonOut is string path)
        {
            File.WriteAllText(path, JsonSerializer.Serialize(new
            {
                pieces = pieces.Count,
                audioMinutes = audioSeconds / 60,
                decoder = JsonDocument.Parse(baseOptions.ToJson()).RootElement,
                summary,
                byRegister,
            }, JsonOptions));
        }

        return 0;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static Summary Score(List<Piece> pieces, DecoderOptions options, bool print)
    {
        var decoder = new NoteDecoder(options);
        var all = new List<TranscriptionMetrics>();
        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"decoder: onset {options.OnsetThreshold:0.00}, frame {options.FrameThreshold:0.00}, offset {options.OffsetThreshold:0.00}"));
            Console.WriteLine("piece                                   note F1  note+off F1  note+vel F1  frame F1    ref    est");
        }

        var pedals = new List<PedalMetrics>();
        foreach (Piece p in pieces)
        {
            DecodedNotes est = decoder.Decode(p.Posteriorgram);
            TranscriptionMetrics m = TranscriptionEvaluator.Evaluate(p.Reference, est.Notes);
            all.Add(m);
            if (p.ReferencePedal.Length > 0)
            {
                pedals.Add(TranscriptionEvaluator.EvaluatePedal(p.ReferencePedal, est.Pedals));
            }

            if (print)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Name,-38} {m.Notes.F1,8:0.0000} {m.NotesWithOffsets.F1,12:0.0000} {m.NotesWithVelocity.F1,12:0.0000} {m.Frames.F1,9:0.0000} {m.Notes.ReferenceCount,6} {m.Notes.EstimateCount,6}"));
            }
        }

        var s = new Summary(
            all.Average(m => m.Notes.F1), all.Average(m => m.NotesWithOffsets.F1), all.Average(m => m.NotesWithVelocity.F1),
            all.Average(m => m.Frames.F1), all.Average(m => m.Notes.Precision), all.Average(m => m.Notes.Recall),
            pedals.Count == 0 ? null : pedals.Average(x => x.Onsets.F1), pedals.Count == 0 ? null : pedals.Average(x => x.Frames.F1),
            all.Average(m => m.NotesWithOffsetsAndVelocity.F1));
        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"MEAN",-38} {s.NoteF1,8:0.0000} {s.NoteOffsetF1,12:0.0000} {s.NoteVelocityF1,12:0.0000} {s.FrameF1,9:0.0000}   (note P {s.NotePrecision:0.0000} R {s.NoteRecall:0.0000})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"note+offset+velocity F1 (mean) {s.NoteOffsetVelocityF1:0.0000}"));
            if (pedals.Count > 0)
            {
                // Sustain pedal (CC64 >= 64 in the reference), mean over the pieces whose reference uses the pedal.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sustain pedal, {pedals.Count} pieces with pedal: press onset F1 {pedals.Average(x => x.Onsets.F1):0.0000} (P {pedals.Average(x => x.Onsets.Precision):0.0000} R {pedals.Average(x => x.Onsets.Recall):0.0000}), onset+offset F1 {pedals.Average(x => x.OnsetsAndOffsets.F1):0.0000}, frame F1 {pedals.Average(x => x.Frames.F1):0.0000}"));
            }
        }

        return s;
    }

    // The grids of --sweep (note thresholds) and --sweep-pedal.
    private static readonly float[] OnsetGrid = [0.15f, 0.2f, 0.25f, 0.3f, 0.35f, 0.4f, 0.5f];
    private static readonly float[] FrameGrid = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f];
    private static readonly float[] OffsetGrid = [0.2f, 0.3f, 0.4f, 0.5f, 0.6f];
    private static readonly float[] PedalOnsetGrid = [0.2f, 0.3f, 0.4f, 0.5f, 0.6f];
    private static readonly float[] PedalFrameGrid = [0.3f, 0.4f, 0.5f, 0.6f, 0.7f];
    private static readonly double[] MinPedalDurationGrid = [0.05, 0.1, 0.2, 0.3];

    /// <summary>
    /// Scores every candidate on the cached model outputs, prints the 12 best by <paramref name="objective"/> and
    /// returns the best (the first of equals, in candidate order).
    /// </summary>
    private static DecoderOptions Sweep(
        List<Piece> pieces, IEnumerable<DecoderOptions> candidates, Func<Summary, double> objective, string header,
        Func<DecoderOptions, Summary, FormattableString> row, string bestLabel)
    {
        var ranked = candidates
            .Select(d => (Options: d, Summary: Score(pieces, d, print: false)))
            .OrderByDescending(r => objective(r.Summary))
            .ToList();
        Console.WriteLine(header);
        foreach (var (d, s) in ranked.Take(12))
        {
            Console.WriteLine(FormattableString.Invariant(row(d, s)));
        }

        Console.WriteLine();
        Console.WriteLine(bestLabel);
        return ranked[0].Options;
    }

    /// <summary>Register bands (inclusive MIDI pitch ranges) of <c>--by-register</c>: the piano's 88 keys in steps of 12.</summary>
    private static readonly (int Low, int High)[] RegisterBands =
        [(21, 32), (33, 44), (45, 56), (57, 68), (69, 80), (81, 92), (93, 108)];

    /// <summary>
    /// Note scores (onset and pitch matching) per register band, pooled over all pieces: each piece's reference and
    /// estimated notes are filtered to the band and scored with <see cref="TranscriptionEvaluator"/>, and the matched,
    /// reference and estimated counts are summed over pieces before precision, recall and F1 are computed. Matches
    /// need equal pitches, so the bands' matched counts add up to the unfiltered ones.
    /// </summary>
    private static RegisterRow[] ScoreByRegister(List<Piece> pieces, DecoderOptions options)
    {
        var decoder = new NoteDecoder(options);
        var matched = new int[RegisterBands.Length];
        var referenceCount = new int[RegisterBands.Length];
        var estimateCount = new int[RegisterBands.Length];
        foreach (Piece p in pieces)
        {
            IReadOnlyList<Note> est = decoder.Decode(p.Posteriorgram).Notes;
            for (int b = 0; b < RegisterBands.Length; b++)
            {
                (int low, int high) = RegisterBands[b];
                Note[] r = p.Reference.Where(n => n.Pitch >= low && n.Pitch <= high).ToArray();
                Note[] e = est.Where(n => n.Pitch >= low && n.Pitch <= high).ToArray();
                PrecisionRecallF1 m = TranscriptionEvaluator.Evaluate(r, e).Notes;
                matched[b] += m.Matched;
                referenceCount[b] += m.ReferenceCount;
                estimateCount[b] += m.EstimateCount;
            }
        }

        var rows = new RegisterRow[RegisterBands.Length + 1];
        for (int b = 0; b < RegisterBands.Length; b++)
        {
            rows[b] = new RegisterRow(
                string.Create(CultureInfo.InvariantCulture, $"{RegisterBands[b].Low}-{RegisterBands[b].High}"),
                PrecisionRecallF1.FromCounts(matched[b], referenceCount[b], estimateCount[b]));
        }

        rows[^1] = new RegisterRow("all", PrecisionRecallF1.FromCounts(matched.Sum(), referenceCount.Sum(), estimateCount.Sum()));
        Console.WriteLine();
        Console.WriteLine($"by register (MIDI pitch; note onset matching, pooled over {pieces.Count} pieces)");
        Console.WriteLine("pitches   note P   note R  note F1  matched    ref    est");
        foreach (RegisterRow row in rows)
        {
            PrecisionRecallF1 m = row.Notes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Pitches,-7} {m.Precision,8:0.0000} {m.Recall,8:0.0000} {m.F1,8:0.0000} {m.Matched,8} {m.ReferenceCount,6} {m.EstimateCount,6}"));
        }

        return rows;
    }

    private static float[] Arr(IReadOnlyDictionary<string, Tensor> outputs, string name) => outputs[name].Data.ToArray();

    private static readonly string[] AudioExtensions = [".wav", ".opus", ".flac", ".mp3", ".ogg", ".m4a"];

    private static readonly string[] ReferenceExtensions = [".mid", ".tsv", ".csv"];

    /// <summary>REFERENCE/NAME.ext, else REFERENCE/PREFIX.ext (PREFIX: NAME up to its first "__"), extensions in order.</summary>
    private static string? FindReference(string dir, string name)
    {
        int cut = name.IndexOf("__", StringComparison.Ordinal);
        string[] stems = cut > 0 ? [name, name[..cut]] : [name];
        return stems
            .SelectMany(stem => ReferenceExtensions.Select(ext => Path.Combine(dir, stem + ext)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>A MIDI reference's notes and sustain pedal; a TSV/CSV note list (MAPS) has no pedal.</summary>
    private static (IReadOnlyList<Note> Notes, IReadOnlyList<PedalInterval> Pedal) ReadReference(string path)
    {
        if (path.EndsWith(".mid", StringComparison.OrdinalIgnoreCase))
        {
            MidiPerformance perf = MidiNotes.Read(path);
            return (perf.Notes, perf.SustainPedal);
        }

        return (NoteCsv.Read(path), []);
    }

    private static double TimeScale(string sidecar)
    {
        if (!File.Exists(sidecar))
        {
            return 1.0;
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(sidecar));
        return doc.RootElement.TryGetProperty("time_scale", out JsonElement e) ? e.GetDouble() : 1.0;
    }

    private static Options? Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--audio": o.Audio = Next(); break;
                case "--reference": o.Reference = Next(); break;
                case "--model": o.Model = Next(); break;
                case "--augmented": o.Augmented = Next(); break;
                case "--sweep": o.Sweep = true; break;
                case "--sweep-pedal": o.SweepPedal = true; break;
                case "--onset": o.Onset = float.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--frame": o.Frame = float.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--offset": o.Offset = float.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--json": o.JsonOut = Next(); break;
                case "--decoder-out": o.DecoderOut = Next(); break;
                case "--by-register": o.ByRegister = true; break;
                case "--match": o.Match = Next(); break;
                default: return null;
            }
        }

        return o.Audio.Length > 0 && o.Reference.Length > 0 && o.Model.Length > 0 ? o : null;
    }

    private sealed class Options
    {
        public string Audio { get; set; } = "";
        public string Reference { get; set; } = "";
        public string Model { get; set; } = "";
        public string Augmented { get; set; } = "exclude";
        public bool Sweep { get; set; }
        public bool SweepPedal { get; set; }
        public float? Onset { get; set; }
        public float? Frame { get; set; }
        public float? Offset { get; set; }
        public string? JsonOut { get; set; }
        public string? DecoderOut { get; set; }
        public bool ByRegister { get; set; }
        public string? Match { get; set; }
    }

    private sealed record Piece(string Name, bool Augmented, Posteriorgram Posteriorgram, Note[] Reference, PedalInterval[] ReferencePedal);

    private sealed record RegisterRow(string Pitches, PrecisionRecallF1 Notes);

    private sealed record Summary(double NoteF1, double NoteOffsetF1, double NoteVelocityF1, double FrameF1, double NotePrecision, double NoteRecall,
        double? PedalOnsetF1, double? PedalFrameF1, double NoteOffsetVelocityF1);
}
