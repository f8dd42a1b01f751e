// Transcribes every audio file of a folder to MIDI, several at once, with progress per file and overall.
//   dotnet run -- input-folder output-folder [--parallel N]
using System.Collections.Concurrent;
using System.Diagnostics;
using PianoTranscription.Transcription;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: BatchFolder INPUT_FOLDER OUTPUT_FOLDER [--parallel N]");
    return 2;
}

string input = args[0], output = args[1];
int parallel = args.Length > 3 && args[2] == "--parallel" ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 2;
string[] extensions = [".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a"];
if (!Directory.Exists(input))
{
    Console.Error.WriteLine($"error: no folder '{input}'");
    return 2;
}

string[] files = Directory.EnumerateFiles(input).Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order().ToArray();
Directory.CreateDirectory(output);
Console.WriteLine($"{files.Length} files, {parallel} at a time");

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };   // Ctrl+C stops cleanly

PianoTranscriber transcriber = PianoTranscriber.CreateDefault();   // one transcriber shared by all workers
var failures = new ConcurrentBag<string>();
int done = 0;
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancel.Token }, async (file, ct) =>
{
    string name = Path.GetFileName(file);
    int lastPercent = -1;
    var progress = new Progress<TranscriptionProgress>(p =>
    {
        int percent = (int)((p.Fraction ?? 0) * 100);
        if (percent / 25 != lastPercent / 25)   // a line at 0, 25, 50, 75 %
        {
            lastPercent = percent;
            Console.WriteLine($"  {name}: {percent}%");
        }
    });
    try
    {
        TranscriptionResult result = await transcriber.TranscribeAsync(file, progress, ct);
        await result.WriteMidiAsync(Path.Combine(output, Path.ChangeExtension(name, ".mid")), cancellationToken: ct);
        Console.WriteLine($"[{Interlocked.Increment(ref done)}/{files.Length}] {name}: {result.Notes.Count} notes");
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        failures.Add($"{name}: {e.Message}");
        Console.WriteLine($"[{Interlocked.Increment(ref done)}/{files.Length}] {name}: FAILED {e.Message}");
    }
});

Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:0.0} s, {files.Length - failures.Count} transcribed, {failures.Count} failed");
return failures.IsEmpty ? 0 : 1;
