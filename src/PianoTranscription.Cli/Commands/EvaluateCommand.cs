using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;
using PianoTranscription.Export;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// <c>piano-transcribe evaluate REFERENCE ESTIMATE [--onset-tolerance 0.05] [--json]</c>: note, note+offset,
/// note+offset+velocity and frame precision/recall/F1 (equal to mir_eval) of an estimate against a reference.
/// Both may be MIDI, CSV or JSON note files.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var reference = new Argument<FileInfo>("reference") { Description = "The ground truth: .mid, .csv, .tsv (MAPS) or .json notes." };
        var estimate = new Argument<FileInfo>("estimate") { Description = "The transcription to score: .mid, .csv, .tsv (MAPS) or .json notes." };
        var onsetTolerance = new Option<double>("--onset-tolerance") { Description = "Onset tolerance in seconds (default 0.05).", DefaultValueFactory = _ => 0.05 };
        var json = new Option<bool>("--json") { Description = "Print the scores as JSON." };
        var sustain = new Option<bool>("--sustain")
        {
            Description = "Extend note ends while the file's own sustain pedal is down, in both files (the MAESTRO / "
                + "Onsets-and-Frames convention, which the default model follows; CSV files carry no pedal; default true). "
                + "Use --sustain false to score key releases.",
            DefaultValueFactory = _ => true,
        };
        var command = new Command("evaluate", "Score a transcription against a reference: note, note+offset, note+offset+velocity and frame precision/recall/F1 (equal to mir_eval).")
        {
            reference, estimate, onsetTolerance, json, sustain,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            UnknownOptions.Reject(parse);
            (IReadOnlyList<Note> refNotes, IReadOnlyList<PedalInterval> refPedal) = Read(parse.GetValue(reference)!);
            if (parse.GetValue(sustain))
            {
                refNotes = SustainExtension.Apply(refNotes, refPedal);
            }

            (IReadOnlyList<Note> estNotes, IReadOnlyList<PedalInterval> estPedal) = Read(parse.GetValue(estimate)!);
            if (parse.GetValue(sustain))
            {
                estNotes = SustainExtension.Apply(estNotes, estPedal);
            }

            double tolerance = parse.GetValue(onsetTolerance);
            if (!(tolerance > 0) || !double.IsFinite(tolerance))
            {
                throw new ArgumentException("--onset-tolerance must be a positive number of seconds.");
            }

            var options = EvaluationOptions.Default with { OnsetTolerance = tolerance };
            TranscriptionMetrics metrics = TranscriptionEvaluator.Evaluate(refNotes, estNotes, options);
            Console.Write(parse.GetValue(json) ? ToJson(metrics, tolerance) + Environment.NewLine : metrics.ToTable());
            return CliErrors.Ok;
        }));
        return command;
    }

    internal static IReadOnlyList<Note> ReadNotes(FileInfo file) => Read(file).Notes;

    private static (IReadOnlyList<Note> Notes, IReadOnlyList<PedalInterval> Pedal) Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"'{file.FullName}' was not found.", file.FullName);
        }

        NoteFormat format = NoteFormats.FromPath(file.Name) is { CanRead: true } f
            ? f
            : throw new ArgumentException($"{file.Name}: unknown note file type '{file.Extension}'; use {NoteFormats.ReadableExtensions}.");
        TranscriptionExport e = format.Read(file.FullName);
        return (e.Notes, e.SustainPedal);
    }

    private static string ToJson(TranscriptionMetrics m, double tolerance)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("onsetTolerance", tolerance);
            Write(w, "notes", m.Notes);
            Write(w, "notesWithOffsets", m.NotesWithOffsets);
            Write(w, "notesWithVelocity", m.NotesWithVelocity);
            Write(w, "notesWithOffsetsAndVelocity", m.NotesWithOffsetsAndVelocity);
            Write(w, "frames", m.Frames);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, string name, PrecisionRecallF1 s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("precision", s.Precision);
        w.WriteNumber("recall", s.Recall);
        w.WriteNumber("f1", s.F1);
        w.WriteNumber("matched", s.Matched);
        w.WriteNumber("reference", s.ReferenceCount);
        w.WriteNumber("estimate", s.EstimateCount);
        w.WriteEndObject();
    }
}
