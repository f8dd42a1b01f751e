using BenchmarkDotNet.Attributes;
using PianoTranscription.Audio;
using PianoTranscription.Transcription;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// End-to-end transcription of one minute of piano (samples/example.wav looped, 44.1 kHz, so resampling is included):
/// features, acoustic model, decoding, with 1 thread and with all threads. The mean is the CPU time per audio minute.
/// Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *TranscriberBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class TranscriberBenchmarks
{
    private AudioClip _minute = null!;
    private PianoTranscriber _transcriber = null!;

    /// <summary>Threads per transcription: 1, or every core (0 stands for <see cref="Environment.ProcessorCount"/>).</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    /// <summary>Builds the input and the transcriber (loading the embedded model).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _minute = ExampleAudio.Looped(60);
        _transcriber = PianoTranscriber.CreateBuilder().WithThreads(Threads == 0 ? Environment.ProcessorCount : Threads).Build();
        _transcriber.Transcribe(_minute.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(2)));
    }

    /// <summary>Transcribes one minute of audio.</summary>
    [Benchmark]
    public int TranscribeOneMinute() => _transcriber.Transcribe(_minute).Notes.Count;
}
