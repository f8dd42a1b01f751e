using PianoTranscription.Audio;
using PianoTranscription.Features;
using PianoTranscription.Tests.Audio;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Features;

/// <summary>.npy writing and reading: round trip, numpy compatibility, bad files.</summary>
public sealed class NpyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_spectrogram_round_trips_bit_for_bit_with_a_64_byte_aligned_header()
    {
        Spectrogram s = Featurizer.PianoDefault.Compute(AudioClip.FromSamples(Signals.Sine(440, 16000, 8000), 16000));
        string path = Path.Combine(_dir, "s.npy");
        NpyFile.Write(path, s);
        byte[] bytes = File.ReadAllBytes(path);
        int headerEnd = bytes.Length - (4 * s.Values.Length);
        Assert.Equal(0, headerEnd % 64);
        Assert.Equal((byte)'\n', bytes[headerEnd - 1]);

        NpyArray back = NpyFile.Read(path);
        Assert.Equal(new[] { s.FrameCount, s.BinCount }, back.Shape);
        Assert.Equal(s.Values.ToArray(), back.Values.ToArray());
        Assert.Equal(s.Values.ToArray(), back.ToSpectrogram(50).Values.ToArray());
    }

    [Theory]
    [InlineData(new int[0], 1)]
    [InlineData(new[] { 5 }, 5)]
    [InlineData(new[] { 2, 3, 4 }, 24)]
    [InlineData(new[] { 0, 197 }, 0)]
    public void Any_shape_round_trips(int[] shape, int count)
    {
        float[] values = Enumerable.Range(0, count).Select(i => (i * 0.5f) - 3).ToArray();
        using var stream = new MemoryStream();
        NpyFile.Write(stream, values, shape);
        stream.Position = 0;
        NpyArray back = NpyFile.Read(stream);
        Assert.Equal(shape, back.Shape);
        Assert.Equal(values, back.Values.ToArray());
    }

    [Fact]
    public void Shape_mismatch_and_bad_files_are_refused()
    {
        Assert.Throws<ArgumentException>(() => NpyFile.Write(new MemoryStream(), new float[5], [2, 3]));
        Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream("not numpy at all"u8.ToArray())));
        Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream([0x93, (byte)'N', (byte)'U'])));
        using var truncated = new MemoryStream();
        NpyFile.Write(truncated, new float[100], [10, 10]);
        Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(truncated.ToArray()[..200])));
        Assert.Throws<InvalidOperationException>(() => NpyArrayOfShape(5).ToSpectrogram(50)); // a 1-D array is not a spectrogram
    }

    private static NpyArray NpyArrayOfShape(int n)
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, new float[n], [n]);
        stream.Position = 0;
        return NpyFile.Read(stream);
    }

    [ToolFact("python3:numpy")]
    public void Numpy_reads_what_we_write_and_we_read_what_numpy_writes()
    {
        float[] values = [1.5f, -2.25f, 0.1f, 1048576f, 0f, -0f];
        string ours = Path.Combine(_dir, "ours.npy");
        NpyFile.Write(ours, values, [2, 3]);
        string script = "import numpy as np, sys; a = np.load(sys.argv[1]); print(a.dtype, a.shape, repr(a.tolist()));"
            + "np.save(sys.argv[2], np.arange(12, dtype=np.float64).reshape(3, 4) / 8); np.save(sys.argv[3], np.asfortranarray(np.ones((2, 2), np.float32)))";
        string theirs = Path.Combine(_dir, "theirs.npy");
        string fortran = Path.Combine(_dir, "fortran.npy");
        string printed = ExternalTool.Run(ExternalTool.DebianPython, "-c", script, ours, theirs, fortran).Trim();
        Assert.Equal("float32 (2, 3) [[1.5, -2.25, 0.10000000149011612], [1048576.0, 0.0, -0.0]]", printed);

        NpyArray back = NpyFile.Read(theirs);
        Assert.Equal(new[] { 3, 4 }, back.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i / 8f), back.Values.ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.Read(fortran));
        Assert.Contains("fortran", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
