using Microsoft.ML;
using PianoTranscription.ML;

namespace PianoTranscription.ML.Tests;

/// <summary>
/// The test assembly's entry point. With <c>load-check MODEL.zip FOLDER OUT.txt</c> it loads a saved pipeline in this
/// fresh process (nothing shared with the test that saved it), transcribes every audio file in FOLDER and writes the
/// notes, one line each, round-trip formatted; the test compares them with the notes of the process that saved it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 4 || args[0] != "load-check")
        {
            Console.Error.WriteLine("usage: load-check MODEL.zip FOLDER OUT.txt");
            return 2;
        }

        var ml = new MLContext(seed: 1);
        if (Environment.GetEnvironmentVariable("PT_LOAD_CHECK_NO_REGISTER") != "1")
        {
            ml.RegisterPianoTranscription();
        }

        ITransformer model = ml.Model.Load(args[1], out _);
        IDataView files = ml.Data.LoadAudioFiles(args[2]);
        File.WriteAllLines(args[3], NoteLines.Of(model.Transform(files).ReadNotes()));
        return 0;
    }
}

internal static class NoteLines
{
    public static IEnumerable<string> Of(IEnumerable<Decoding.DecodedNotes> rows) =>
        rows.SelectMany((r, i) => r.Notes.Select(n => FormattableString.Invariant($"{i} {n.Pitch} {n.Onset:R} {n.Offset:R} {n.Velocity} {n.Confidence:R}"))
            .Concat(r.Pedals.Select(p => FormattableString.Invariant($"{i} pedal {p.Onset:R} {p.Offset:R} {p.Confidence:R}"))));
}
