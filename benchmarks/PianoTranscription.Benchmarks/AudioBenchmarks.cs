using BenchmarkDotNet.Attributes;
using PianoTranscription.Audio;

namespace PianoTranscription.Benchmarks;

/// <summary>
/// Loading audio: reading 10 minutes of 44.1 kHz stereo 16-bit WAV (a 106 MB file), resampling 10 minutes of mono
/// audio from 44.1 kHz to 16 kHz, and both together as <c>AudioClip.Load(path, SampleRate = 16000)</c> does.
/// Run: <c>dotnet run -c Release --project benchmarks/PianoTranscription.Benchmarks -- --filter *AudioBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class AudioBenchmarks
{
    private const int Rate = 44100;
    private const int Seconds = 600;
    private static readonly AudioLoadOptions To16k = AudioLoadOptions.Default with { SampleRate = 16000 };
    private readonly Resampler _resampler = new(Rate, 16000);
    private string _wav = null!;
    private float[] _mono = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mono = new float[Rate * Seconds];
        var random = new Random(1);
        for (int i = 0; i < _mono.Length; i++)
        {
            double t = (double)i / Rate;
            _mono[i] = (float)((0.3 * Math.Sin(2 * Math.PI * 261.63 * t)) + (0.2 * Math.Sin(2 * Math.PI * 3520 * t)) + (0.01 * ((random.NextDouble() * 2) - 1)));
        }

        // A stereo 16-bit file written by hand (the library writes mono), the commonest thing users load.
        _wav = Path.Combine(Path.GetTempPath(), "pt-bench-10min-stereo.wav");
        using var file = new FileStream(_wav, FileMode.Create, FileAccess.Write);
        using var w = new BinaryWriter(file);
        int dataBytes = _mono.Length * 4;
        w.Write("RIFF"u8);
        w.Write(36 + dataBytes);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)2);
        w.Write(Rate);
        w.Write(Rate * 4);
        w.Write((short)4);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(dataBytes);
        var block = new byte[4 * 4096];
        for (int start = 0; start < _mono.Length; start += 4096)
        {
            int n = Math.Min(4096, _mono.Length - start);
            for (int i = 0; i < n; i++)
            {
                short s = (short)Math.Clamp(Math.Round(_mono[start + i] * 32767.0), -32768, 32767);
                BitConverter.TryWriteBytes(block.AsSpan(4 * i), s);
                BitConverter.TryWriteBytes(block.AsSpan((4 * i) + 2), (short)-s);
            }

            w.Write(block, 0, 4 * n);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_wav);

    [Benchmark(Description = "WAV read, 10 min 44.1 kHz stereo 16-bit -> mono")]
    public AudioClip ReadWav() => AudioClip.Load(_wav);

    [Benchmark(Description = "Resample 44.1 kHz -> 16 kHz, 10 min mono")]
    public float[] Resample() => _resampler.Process(_mono);

    [Benchmark(Description = "Load WAV + resample to 16 kHz, 10 min")]
    public AudioClip LoadAt16k() => AudioClip.Load(_wav, To16k);
}
