using BenchmarkDotNet.Attributes;
using PianoTranscription.Inference;
using PianoTranscription.Transcription;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// The embedded default model alone on the managed engine and on ONNX Runtime (CPU), side by side: 3000 frames
/// (60 s) of real features (samples/example.wav looped), every output copied into caller-owned buffers, 1 and 2 threads.
/// Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *BackendModel* --job medium</c>.
/// </summary>
[MemoryDiagnoser]
public class BackendModelBenchmarks
{
    private IInferenceSession _session = null!;
    private NamedInput[] _inputs = null!;
    private NamedOutput[] _outputs = null!;

    /// <summary>The backend: <c>managed</c> or <c>onnxruntime</c>.</summary>
    [Params(BackendInputs.Managed, BackendInputs.Ort)]
    public string Backend { get; set; } = BackendInputs.Managed;

    /// <summary>Threads per run (ONNX Runtime: intra-op threads).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Frames of input (50 frames = 1 s of audio).</summary>
    [Params(3000)]
    public int Frames { get; set; }

    /// <summary>Loads the model on the backend and prepares the input and the destinations.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _session = BackendInputs.Model(Backend).Inference.CreateSession(new InferenceOptions { MaxDegreeOfParallelism = Threads });
        _inputs = BackendInputs.Input(BackendInputs.ExampleFeatures(Frames));
        _outputs = BackendInputs.Outputs(Frames);
    }

    /// <summary>Disposes the session.</summary>
    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    /// <summary>One inference into caller-owned buffers.</summary>
    [Benchmark]
    public void Run() => _session.Run(_inputs, _outputs);
}

/// <summary>
/// End-to-end <c>Transcribe(path)</c> of a 60 s WAV (samples/example.wav looped, 16-bit 44.1 kHz, so reading and
/// resampling are included) on the managed engine and on ONNX Runtime, with 1 thread and with all threads.
/// Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *BackendTranscriber* --job medium</c>.
/// </summary>
[MemoryDiagnoser]
public class BackendTranscriberBenchmarks
{
    private string _path = null!;
    private PianoTranscriber _transcriber = null!;

    /// <summary>The backend: <c>managed</c> or <c>onnxruntime</c>.</summary>
    [Params(BackendInputs.Managed, BackendInputs.Ort)]
    public string Backend { get; set; } = BackendInputs.Managed;

    /// <summary>Threads per transcription: 1, or every core (0 stands for <see cref="Environment.ProcessorCount"/>).</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    /// <summary>Writes the WAV and builds the transcriber (one warm-up transcription).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"pt-backend-60s-{Environment.ProcessId}.wav");
        ExampleAudio.WriteLoopedWav(_path, 1);
        _transcriber = BackendInputs.Transcriber(Backend, Threads == 0 ? Environment.ProcessorCount : Threads);
        _transcriber.Transcribe(_path);
    }

    /// <summary>Deletes the WAV.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>Transcribes the one-minute file from its path.</summary>
    [Benchmark]
    public int TranscribeOneMinuteFile() => _transcriber.Transcribe(_path).Notes.Count;
}
