// Transcribes one recording and writes the notes as MIDI, CSV and a piano-roll picture next to each other.
//   dotnet run -- recording.wav [output-folder]
using PianoTranscription.Transcription;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: TranscribeFile AUDIO_FILE [OUTPUT_FOLDER]");
    return 2;
}

string input = args[0];
string folder = args.Length > 1 ? args[1] : ".";
Directory.CreateDirectory(folder);
string name = Path.Combine(folder, Path.GetFileNameWithoutExtension(input));

try
{
    PianoTranscriber transcriber = PianoTranscriber.CreateDefault();   // the embedded model; reuse it for every file
    TranscriptionResult result = await transcriber.TranscribeAsync(input);

    result.WriteMidi(name + ".mid");
    result.WriteCsv(name + ".csv");
    result.WritePng(name + ".png");

    Console.WriteLine($"{input}: {result}");
    Console.WriteLine($"key: {result.EstimatedKey?.Key.Name ?? "unknown"}");
    foreach (var note in result.Notes.Take(5))
    {
        Console.WriteLine($"  pitch {note.Pitch,3}  {note.Onset,7:0.000}–{note.Offset,7:0.000} s  velocity {note.Velocity}");
    }

    Console.WriteLine($"wrote {name}.mid, {name}.csv, {name}.png");
    return 0;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or PianoTranscription.Audio.AudioFormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
