using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Transcription;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe analyze FILE... [--what key,piano,instruments] [--json]</c>: for recordings, the key (of the
/// transcribed notes), whether it is solo piano (<see cref="PianoDetector"/>) and which instruments play
/// (<see cref="InstrumentRecognizer"/>); for note files (MIDI, CSV, TSV, JSON, read as is) the key. A table on a
/// terminal, <c>--json</c> for machines.
/// </summary>
internal static class AnalyzeCommand
{
    private static readonly string[] Analyses = ["key", "piano", "instruments"];

    public static Command Create()
    {
        var inputs = new Argument<FileInfo[]>("input")
        {
            Description = $"Audio files (transcribed with the embedded model for the key) or note files ({NoteFormats.ReadableExtensions}; key only).",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per input, one per line, instead of the table." };
        var what = new Option<string>("--what")
        {
            Description = "Comma-separated analyses of recordings: key (transcribes first), piano (solo piano / piano with others / no piano), instruments (12 instruments). Default: all.",
            DefaultValueFactory = _ => string.Join(',', Analyses),
        };
        var command = new Command("analyze", "Analyse recordings or note files: key (24 major/minor keys, key changes), solo piano or not, and which of 12 instruments play.")
        {
            inputs, what, json,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            UnknownOptions.Reject(parse);
            FileInfo[] files = parse.GetValue(inputs)!;
            bool asJson = parse.GetValue(json);
            HashSet<string> chosen = ParseWhat(parse.GetValue(what)!);
            var estimator = new KeyEstimator();
            PianoTranscriber? transcriber = null;
            foreach (FileInfo file in files)
            {
                if (!file.Exists)
                {
                    throw new FileNotFoundException($"{file} was not found.", file.FullName);
                }

                var row = new Analysis(file);
                bool isNotes = NoteFormats.FromPath(file.FullName) is { CanRead: true };
                AudioClip? audio = null;
                if (!isNotes && (chosen.Contains("piano") || chosen.Contains("instruments")))
                {
                    audio = AudioClip.Load(file.FullName, AudioLoadOptions.Default with { SampleRate = AnalysisModel.Default.Featurizer.SampleRate });
                    // One pass of the clip model answers both questions, whichever were asked.
                    RecordingAnalysis analysis = RecordingAnalyzer.Default.Analyze(audio);
                    row.Piano = chosen.Contains("piano") ? analysis.Piano : null;
                    row.Instruments = chosen.Contains("instruments") ? analysis.Instruments : null;
                }

                if (isNotes || chosen.Contains("key"))
                {
                    IReadOnlyList<Note> notes;
                    if (isNotes)
                    {
                        notes = NoteFormats.FromPath(file.FullName)!.Read(file.FullName).Notes;
                    }
                    else
                    {
                        transcriber ??= PianoTranscriber.CreateDefault();
                        // The clip already read for the analysis model serves the transcriber too when both run at
                        // one rate (the defaults do: the file is read once); otherwise the transcriber reads the file.
                        notes = audio is not null && audio.SampleRate == transcriber.Model.SampleRate
                            ? transcriber.Transcribe(audio).Notes
                            : transcriber.Transcribe(file.FullName).Notes;
                    }

                    row.Notes = notes.Count;
                    row.Key = estimator.Estimate(notes);
                    row.KeySegments = estimator.Segments(notes);
                    row.HasKey = true;
                }

                Console.WriteLine(asJson ? Json(row) : Table(row));
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    private static HashSet<string> ParseWhat(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string p = part.ToLowerInvariant();
            if (!Analyses.Contains(p))
            {
                throw new ArgumentException($"--what: '{part}' is not an analysis; choose from {string.Join(", ", Analyses)}.");
            }

            set.Add(p);
        }

        return set.Count > 0 ? set : throw new ArgumentException($"--what needs at least one of {string.Join(", ", Analyses)}.");
    }

    private static string Table(Analysis a)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        if (a.HasKey)
        {
            if (a.Key is null)
            {
                s.Append(c, $"{a.File}: no notes ({a.Notes}), no key");
            }
            else
            {
                string changes = a.KeySegments.Count <= 1
                    ? "no key change"
                    : string.Join(", ", a.KeySegments.Select(k => string.Create(c, $"{k.Key} {k.Start:0.0}–{k.End:0.0} s")));
                s.Append(c, $"{a.File}: {a.Key.Key} (confidence {a.Key.Confidence:0.000}; runner-up {a.Key.RunnerUp}); {a.Notes} notes; {changes}");
            }
        }
        else
        {
            s.Append(c, $"{a.File}:");
        }

        if (a.Piano is { } piano)
        {
            s.Append(c, $"\n  piano        {piano}");
            s.Append(c, $"\n  piano parts  {string.Join("; ", Runs(piano.Segments).Select(r => string.Create(c, $"{r.Start:0.#}–{r.End:0.#} s {PianoDetection.Describe(r.Presence)}")))}");
        }

        if (a.Instruments is { } instruments)
        {
            s.Append(c, $"\n  instruments  {instruments}");
            foreach (InstrumentSegment seg in instruments.Segments)
            {
                string present = seg.Probabilities is null
                    ? (seg.Activity == AudioActivity.Silence ? "(silence)" : "(near-silence)")
                    : seg.Present.Count == 0 ? "(none of the 12)" : string.Join(", ", seg.Present);
                string span = string.Create(c, $"{seg.Start:0.0}–{seg.End:0.0} s");
                s.Append(c, $"\n    {span,-14} {present}");
            }
        }

        return s.ToString();
    }

    /// <summary>Consecutive piano segments of one class merged, for a short line on a terminal.</summary>
    private static List<(double Start, double End, PianoPresence Presence)> Runs(IReadOnlyList<PianoSegment> segments)
    {
        var runs = new List<(double Start, double End, PianoPresence Presence)>();
        foreach (PianoSegment seg in segments)
        {
            if (runs.Count > 0 && runs[^1].Presence == seg.Presence)
            {
                runs[^1] = (runs[^1].Start, seg.End, seg.Presence);
            }
            else
            {
                runs.Add((seg.Start, seg.End, seg.Presence));
            }
        }

        return runs;
    }

    private static string Json(Analysis a)
    {
        var row = new Dictionary<string, object?> { ["file"] = a.File.ToString() };
        if (a.HasKey)
        {
            row["notes"] = a.Notes;
            row["key"] = a.Key?.Key.ToLabel();
            row["keyName"] = a.Key?.Key.Name;
            row["confidence"] = a.Key?.Confidence;
            row["runnerUp"] = a.Key?.RunnerUp.ToLabel();
            row["segments"] = a.KeySegments.Select(s => new Dictionary<string, object> { ["start"] = s.Start, ["end"] = s.End, ["key"] = s.Key.ToLabel() }).ToArray();
        }

        if (a.Piano is { } piano)
        {
            row["piano"] = new Dictionary<string, object?>
            {
                ["class"] = Label(piano.Presence),
                ["probabilities"] = Probabilities(piano.Probabilities),
                ["classifiedSeconds"] = piano.ClassifiedSeconds,
                ["silentSeconds"] = piano.SilentSeconds,
                ["segments"] = piano.Segments.Select(s => new Dictionary<string, object?>
                {
                    ["start"] = s.Start,
                    ["end"] = s.End,
                    ["class"] = Label(s.Presence),
                    ["activity"] = Label(s.Activity),
                    ["levelDb"] = double.IsFinite(s.LevelDb) ? Math.Round(s.LevelDb, 1) : null,
                    ["probabilities"] = Probabilities(s.Probabilities),
                }).ToArray(),
            };
        }

        if (a.Instruments is { } instruments)
        {
            row["instruments"] = new Dictionary<string, object?>
            {
                ["present"] = instruments.Present.Select(Label).ToArray(),
                ["predominant"] = instruments.Predominant is { } p ? Label(p) : null,
                ["probabilities"] = Probabilities(instruments.Probabilities),
                ["segments"] = instruments.Segments.Select(s => new Dictionary<string, object?>
                {
                    ["start"] = s.Start,
                    ["end"] = s.End,
                    ["activity"] = Label(s.Activity),
                    ["present"] = s.Present.Select(Label).ToArray(),
                    ["probabilities"] = Probabilities(s.Probabilities),
                }).ToArray(),
            };
        }

        return JsonSerializer.Serialize(row);
    }

    private static Dictionary<string, double>? Probabilities(PianoProbabilities? p) => p is { } v
        ? new Dictionary<string, double> { ["solo_piano"] = Math.Round(v.SoloPiano, 4), ["piano_with_others"] = Math.Round(v.PianoWithOthers, 4), ["no_piano"] = Math.Round(v.NoPiano, 4) }
        : null;

    private static Dictionary<string, double>? Probabilities(IReadOnlyDictionary<Instrument, double>? p) =>
        p?.ToDictionary(x => Label(x.Key), x => Math.Round(x.Value, 4));

    /// <summary>An enum value in snake case, as the JSON writes it: SoloPiano → solo_piano.</summary>
    private static string Label<T>(T value)
        where T : struct, Enum
    {
        string name = value.ToString();
        var s = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                s.Append('_');
            }

            s.Append(char.ToLowerInvariant(name[i]));
        }

        return s.ToString();
    }

    private sealed class Analysis(FileInfo file)
    {
        public FileInfo File { get; } = file;

        public bool HasKey { get; set; }

        public int Notes { get; set; }

        public KeyEstimate? Key { get; set; }

        public IReadOnlyList<KeySegment> KeySegments { get; set; } = [];

        public PianoDetection? Piano { get; set; }

        public InstrumentRecognition? Instruments { get; set; }
    }
}
