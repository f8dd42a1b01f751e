// Plays a recording into the live transcriber in real time (or captures a microphone on Windows) and prints each
// key-down and key-up as the transcriber reports it, with its latency: how long after the key sounded in the audio
// the event came out.
//   dotnet run -- recording.wav [--fast]      stream a file in real time (--fast: as fast as the CPU allows)
//   dotnet run -- --microphone [--seconds 30] capture the default input device (Windows)
using System.Diagnostics;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Transcription;

bool microphone = args.Contains("--microphone");
bool fast = args.Contains("--fast");
string? file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !double.TryParse(a, out _));
if (!microphone && file is null)
{
    Console.Error.WriteLine("usage: LiveInput AUDIO_FILE [--fast] | LiveInput --microphone [--seconds N]");
    return 2;
}

// The low-latency preset decodes each note start as soon as the model is sure of it.
PianoTranscriber transcriber = PianoTranscriber.CreateBuilder().WithLowLatency().Build();
var latencies = new List<double>();
int keyDowns = 0, keyUps = 0;

void Report(LiveTranscription stream, DecodedNotes finished)
{
    double now = (double)stream.SamplesPushed / stream.InputSampleRate;   // audio time fed in so far
    foreach (NoteStart start in stream.TakeStarted())
    {
        keyDowns++;
        latencies.Add(now - start.Onset);
        Console.WriteLine($"{now,8:0.000} s  key down {start.Pitch,3} (onset {start.Onset:0.000} s, velocity {start.Velocity,3}, latency {1000 * (now - start.Onset):0} ms)");
    }

    foreach (Note note in finished.Notes)
    {
        keyUps++;
        Console.WriteLine($"{now,8:0.000} s  key up   {note.Pitch,3} (offset {note.Offset:0.000} s, latency {1000 * (now - note.Offset):0} ms)");
    }
}

if (microphone)
{
    if (!OperatingSystem.IsWindows())
    {
        Console.Error.WriteLine("error: microphone capture uses NAudio's WinMM wave-in, which exists only on Windows; stream a file instead.");
        return 1;
    }

    double seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(double.Parse).FirstOrDefault(30);
    return Microphone.Run(transcriber, seconds, Report);
}

AudioClip clip;
try
{
    clip = AudioClip.Load(file!);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or AudioFormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

using LiveTranscription live = transcriber.CreateStream(clip.SampleRate);
int block = clip.SampleRate / 100;   // 10 ms blocks, as an audio callback delivers them
var clock = Stopwatch.StartNew();
for (int offset = 0; offset < clip.Length; offset += block)
{
    int n = Math.Min(block, clip.Length - offset);
    if (!fast)
    {
        // Wait until this block would have arrived from a real input.
        TimeSpan due = TimeSpan.FromSeconds((double)(offset + n) / clip.SampleRate);
        TimeSpan wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait);
        }
    }

    Report(live, live.Push(clip.Samples.Span.Slice(offset, n)));
}

Report(live, live.Complete());
latencies.Sort();
string median = latencies.Count > 0 ? $"{1000 * latencies[latencies.Count / 2]:0} ms" : "n/a";
Console.WriteLine($"{keyDowns} key-downs, {keyUps} key-ups; median key-down latency {median}; " +
    $"{clip.Duration.TotalSeconds:0.0} s of audio in {clock.Elapsed.TotalSeconds:0.0} s");
return 0;
