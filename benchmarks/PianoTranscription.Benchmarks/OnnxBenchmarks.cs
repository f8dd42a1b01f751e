using BenchmarkDotNet.Attributes;
using PianoTranscription.Inference;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// The managed ONNX engine on a model of the acoustic model's shape (1.2 M parameters, input [1, 1000, 196]).
/// Generate the model first: <c>/usr/bin/python3 tools/onnx/make_fixtures.py --bench</c>; compare with
/// <c>node tools/onnx/bench_ort.js</c>. Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *Onnx* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class OnnxBenchmarks
{
    private IInferenceSession _session = null!;
    private NamedInput[] _inputs = null!;
    private NamedOutput[] _outputs = null!;

    /// <summary>Threads per run.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Frames of input (50 frames = 1 s of audio).</summary>
    [Params(1000)]
    public int Frames { get; set; }

    /// <summary>Loads the model and prepares caller-owned buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var model = OnnxModel.Load(FindModel());
        _session = model.CreateSession(new InferenceOptions { MaxDegreeOfParallelism = Threads });
        var rng = new Random(1);
        var x = new float[Frames * 196];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
        _inputs = [new NamedInput("spectrogram", new Tensor(x, 1, Frames, 196))];
        _outputs =
        [
            new NamedOutput("onset", Tensor.Zeros(1, Frames, 88)),
            new NamedOutput("frame", Tensor.Zeros(1, Frames, 88)),
            new NamedOutput("offset", Tensor.Zeros(1, Frames, 88)),
            new NamedOutput("velocity", Tensor.Zeros(1, Frames, 88)),
            new NamedOutput("pedal_frame", Tensor.Zeros(1, Frames)),
        ];
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
            var candidate = Path.Combine(dir.FullName, "tools", "onnx", "out", "acoustic_bench.onnx");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("Run `/usr/bin/python3 tools/onnx/make_fixtures.py --bench` first to create tools/onnx/out/acoustic_bench.onnx.");
    }
}
