using BenchmarkDotNet.Attributes;
using PianoTranscription.Inference;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// The managed ONNX engine on the bundled default model (src/PianoTranscription/Models/piano-default.onnx) for 30 s and
/// 60 s of audio (1500 / 3000 frames of 197 bins). Compare with <c>node tools/onnx/bench_piano_ort.js</c>.
/// Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *PianoModel* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class PianoModelBenchmarks
{
    private IInferenceSession _session = null!;
    private NamedInput[] _inputs = null!;
    private NamedOutput[] _outputs = null!;

    /// <summary>Threads per run.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Frames of input (50 frames = 1 s of audio).</summary>
    [Params(1500, 3000)]
    public int Frames { get; set; }

    /// <summary>Loads the model and prepares caller-owned buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var model = OnnxModel.Load(FindModel());
        _session = model.CreateSession(new InferenceOptions { MaxDegreeOfParallelism = Threads });
        var rng = new Random(1);
        var x = new float[Frames * 197];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
        _inputs = [new NamedInput("spectrogram", new Tensor(x, 1, Frames, 197))];
        var outputs = new List<NamedOutput>();
        foreach (string name in new[] { "onset", "frame", "offset", "velocity" }) outputs.Add(new NamedOutput(name, Tensor.Zeros(1, Frames, 88)));
        foreach (string name in new[] { "pedal_onset", "pedal_frame", "pedal_offset" }) outputs.Add(new NamedOutput(name, Tensor.Zeros(1, Frames)));
        _outputs = outputs.ToArray();
    }

    /// <summary>Disposes the session.</summary>
    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    /// <summary>One inference into caller-owned buffers.</summary>
    [Benchmark]
    public void Run() => _session.Run(_inputs, _outputs);

    internal static string FindModel()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "PianoTranscription", "Models", "piano-default.onnx");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("src/PianoTranscription/Models/piano-default.onnx was not found above the benchmark folder.");
    }
}
