using System.CommandLine;
using System.Globalization;
using PianoTranscription.Export;
using PianoTranscription.Notation;
using PianoTranscription.Transcription;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe score INPUT... [-o OUT] [--out-dir DIR] [--format musicxml,abc,mid,svg,png] [--time-signature N/D] [--tempo BPM] [--key KEY] [--title T]</c>:
/// a two-staff score of note files (MIDI, CSV, TSV, JSON from any tool, read as they are) or of recordings
/// (transcribed first): MusicXML (default), ABC, the quantised two-track MIDI, or a piano roll with beat and bar lines
/// and hand colours.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var inputs = new Argument<FileInfo[]>("input")
        {
            Description = $"Note files ({NoteFormats.ReadableExtensions}) or audio files (transcribed with the embedded model).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Output file (one input only); its extension picks the format, and must agree with --format when both are given." };
        var outDir = new Option<DirectoryInfo?>("--out-dir") { Description = "Write DIR/NAME.EXT for every input and format (default: next to each input)." };
        var format = new Option<string?>("--format", "-f") { Description = $"Comma-separated score formats: {NoteFormats.ScoreNames} (default: musicxml, or the --out extension's)." };
        var score = new ScoreArguments();
        var command = new Command("score", "Make a two-staff score (MusicXML, ABC, quantised MIDI, piano roll) from note files or recordings: beats, bars, quantisation, hands.")
        {
            inputs, output, outDir, format,
        };
        foreach (Option o in score.All)
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliErrors.Guard(() =>
        {
            UnknownOptions.Reject(parse);
            FileInfo[] files = parse.GetValue(inputs)!;
            FileInfo? single = parse.GetValue(output);
            DirectoryInfo? dir = parse.GetValue(outDir);
            BatchArguments.Validate(files, single, dir, 1);
            NoteFormat[] formats = OutputFormats.Parse(parse.GetValue(format), single, scores: true);
            score.Validate(parse);
            var jobs = files.Select(f => (Input: f, Outputs: formats.Select(fmt => (Path: BatchArguments.OutputPath(f, fmt.DefaultExtension, single, dir, renameOut: formats.Length > 1), Format: fmt)).ToArray())).ToArray();
            BatchArguments.CheckDistinct(jobs.Select(j => (j.Input, j.Outputs.Select(o => o.Path))));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir.FullName);
            }

            PianoTranscriber? transcriber = null;
            foreach ((FileInfo input, (string Path, NoteFormat Format)[] outputs) in jobs)
            {
                if (!input.Exists)
                {
                    throw new FileNotFoundException($"{input} was not found.", input.FullName);
                }

                TranscriptionExport notes = NoteFormats.FromPath(input.FullName) is { CanRead: true } reader
                    ? reader.Read(input.FullName)
                    : (transcriber ??= PianoTranscriber.CreateDefault()).Transcribe(input.FullName).ToExport();
                Score built = score.Build(parse, notes, input);
                foreach ((string path, NoteFormat f) in outputs)
                {
                    f.WriteScore(built, path);
                }

                Console.WriteLine(Summary(input, outputs.Select(o => o.Path), built));
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary><c>in.mid -> in.musicxml (96 notes, 4/4, 92 bpm, F major, 12 bars)</c>.</summary>
    public static string Summary(FileInfo input, IEnumerable<string> outputs, Score score)
    {
        long end = score.Notes.Select(n => n.EndTick).DefaultIfEmpty(0).Max();
        int bars = 0;
        while (score.BarStartTick(bars) < end)
        {
            bars++;
        }

        // The mean tempo in felt beats (a dotted quarter in 6/8), as --tempo takes it.
        long length = Math.Max(end, 1);
        double bpm = 60 * (length / (double)score.TimeSignature.TicksPerBeat(score.TicksPerQuarterNote)) / score.TempoMap.ToSeconds(length);
        return string.Create(CultureInfo.InvariantCulture,
            $"{BatchArguments.Shown(input)} -> {string.Join(", ", outputs)} ({score.Notes.Count} notes, {score.TimeSignature}, {bpm:0} bpm, {score.Key?.Name ?? "no key"}, {bars} bars)");
    }
}
