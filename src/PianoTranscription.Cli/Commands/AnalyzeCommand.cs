using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PianoTranscription.Analysis;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Transcription;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe analyze FILE...</c>: the key of each recording (transcribed first) or note file (MIDI, CSV, TSV,
/// JSON, read as is): the key, its runner-up, a confidence and the key changes over time; a table on a terminal,
/// <c>--json</c> for machines. (Of the music-analysis questions only the key is answered so far.)
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var inputs = new Argument<FileInfo[]>("input")
        {
            Description = $"Audio files (transcribed with the embedded model) or note files ({NoteFormats.ReadableExtensions}).",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per input, one per line, instead of the table." };
        var command = new Command("analyze", "Estimate the key (24 major/minor keys) of recordings or note files, with key changes over time.") { inputs, json };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            UnknownOptions.Reject(parse);
            FileInfo[] files = parse.GetValue(inputs)!;
            bool asJson = parse.GetValue(json);
            var estimator = new KeyEstimator();
            PianoTranscriber? transcriber = null;
            foreach (FileInfo file in files)
            {
                if (!file.Exists)
                {
                    throw new FileNotFoundException($"{file} was not found.", file.FullName);
                }

                IReadOnlyList<Note> notes = NoteFormats.FromPath(file.FullName) is { CanRead: true } format
                    ? format.Read(file.FullName).Notes
                    : (transcriber ??= PianoTranscriber.CreateDefault()).Transcribe(file.FullName).Notes;
                KeyEstimate? estimate = estimator.Estimate(notes);
                IReadOnlyList<KeySegment> segments = estimator.Segments(notes);
                Console.WriteLine(asJson ? Json(file, notes.Count, estimate, segments) : Table(file, notes.Count, estimate, segments));
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    private static string Table(FileInfo file, int notes, KeyEstimate? estimate, IReadOnlyList<KeySegment> segments)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (estimate is null)
        {
            return string.Create(c, $"{file}: no notes ({notes}), no key");
        }

        string changes = segments.Count <= 1
            ? "no key change"
            : string.Join(", ", segments.Select(s => string.Create(c, $"{s.Key} {s.Start:0.0}–{s.End:0.0} s")));
        return string.Create(c,
            $"{file}: {estimate.Key} (confidence {estimate.Confidence:0.000}; runner-up {estimate.RunnerUp}); {notes} notes; {changes}");
    }

    private static string Json(FileInfo file, int notes, KeyEstimate? estimate, IReadOnlyList<KeySegment> segments) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["file"] = file.ToString(),
            ["notes"] = notes,
            ["key"] = estimate?.Key.ToLabel(),
            ["keyName"] = estimate?.Key.Name,
            ["confidence"] = estimate?.Confidence,
            ["runnerUp"] = estimate?.RunnerUp.ToLabel(),
            ["segments"] = segments.Select(s => new Dictionary<string, object> { ["start"] = s.Start, ["end"] = s.End, ["key"] = s.Key.ToLabel() }).ToArray(),
        });
}
