using System.Buffers.Binary;
using System.Text;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Features;
using PianoTranscription.Midi;

namespace PianoTranscription.Fuzz.Engine;

/// <summary>
/// Valid starting inputs for each target, made with the library's own writers (and by hand where a writer does
/// not make a variant: 24-bit, extensible, RF64, extra chunks), so a campaign starts from real files.
/// </summary>
internal static class Seeds
{
    public static IEnumerable<byte[]> For(string target, string repoRoot) => target switch
    {
        "wav-load" or "audio-source" or "wav-probe" => Wav(),
        "ffmpeg-pcm" => Wav().Concat(RawFloats()),
        "ffmpeg-report" => FfmpegReports().Select(Encoding.UTF8.GetBytes),
        "midi" => Midi(repoRoot),
        "onnx" => Onnx(repoRoot),
        "npy" => Npy(),
        "featurizer-json" => [Encoding.UTF8.GetBytes(Featurizer.PianoDefault.ToJson()), Encoding.UTF8.GetBytes(Featurizer.ForSampleRate(8000).ToJson())],
        "decoder-json" => [Encoding.UTF8.GetBytes(DecoderOptions.Default.ToJson()), "{}"u8.ToArray(), "{\"onsetThreshold\":0.4}"u8.ToArray()],
        "note-csv" => NoteLists(),
        "note-json" => [Encoding.UTF8.GetBytes(NoteJson.ToJson(SomeNotes, SomePedal, new TranscriptionMetadata { SourceFile = "a.wav", Duration = 3, ModelVersion = "m" }, indented: false))],
        "note-formats" => NoteFormatInputs(repoRoot),
        _ => [],
    };

    private static readonly Note[] SomeNotes = [new(60, 0.5, 1.25, 80, 0.9f), new(64, 0.5, 0.75, 100), new(21, 2, 2.5, 1)];
    private static readonly PedalInterval[] SomePedal = [new(0.25, 1.5, 0.8f)];

    private static IEnumerable<byte[]> Wav()
    {
        float[] samples = [0f, 0.5f, -0.5f, 1f, -1f, 0.25f, 0f, 0.125f];
        foreach (WavSampleFormat format in Enum.GetValues<WavSampleFormat>())
        {
            using var ms = new MemoryStream();
            AudioClip.FromSamples(samples, 16000).WriteWav(ms, format);
            yield return ms.ToArray();
        }

        // Hand-made: PCM 8/24/32, float64, stereo, extensible, RF64 with ds64, LIST chunk before the data, odd chunk.
        yield return Riff(1, 1, 22050, 8, [0x80, 0xFF, 0x00, 0x7F]);
        yield return Riff(1, 2, 44100, 24, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        yield return Riff(1, 1, 8000, 32, [0, 0, 0, 0x40, 0, 0, 0, 0xC0]);
        yield return Riff(3, 1, 48000, 64, new byte[16]);
        yield return Riff(0xFFFE, 2, 16000, 16, [1, 0, 2, 0, 3, 0, 4, 0], extensibleTag: 1);
        yield return Riff(1, 1, 16000, 16, [1, 0, 2, 0], list: true);
        yield return Riff(1, 1, 16000, 16, [1, 0, 2, 0], rf64: true);
        yield return Riff(3, 3, 96000, 32, new byte[24], dataSize: 0xFFFFFFFF);
    }

    private static byte[] Riff(int tag, int channels, int rate, int bits, byte[] data, int extensibleTag = 0, bool list = false, bool rf64 = false, uint? dataSize = null)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write(Encoding.ASCII.GetBytes(rf64 ? "RF64" : "RIFF"));
        w.Write(rf64 ? 0xFFFFFFFF : 0u);
        w.Write("WAVE"u8);
        if (rf64)
        {
            w.Write("ds64"u8);
            w.Write(28u);
            w.Write(0UL);
            w.Write((ulong)data.Length);
            w.Write(0UL);
            w.Write(0u);
        }

        w.Write("fmt "u8);
        w.Write(extensibleTag != 0 ? 40u : 16u);
        w.Write((ushort)tag);
        w.Write((ushort)channels);
        w.Write(rate);
        w.Write(rate * channels * bits / 8);
        w.Write((ushort)(channels * bits / 8));
        w.Write((ushort)bits);
        if (extensibleTag != 0)
        {
            w.Write((ushort)22);
            w.Write((ushort)bits);
            w.Write(3u);
            w.Write((ushort)extensibleTag);
            w.Write(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 });
        }

        if (list)
        {
            w.Write("LIST"u8);
            w.Write(5u);
            w.Write("INFOx"u8);
            w.Write((byte)0);
        }

        w.Write("data"u8);
        w.Write(rf64 ? 0xFFFFFFFF : dataSize ?? (uint)data.Length);
        w.Write(data);
        w.Flush();
        byte[] bytes = ms.ToArray();
        if (!rf64)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        }

        return bytes;
    }

    private static IEnumerable<byte[]> RawFloats()
    {
        yield return [0x03, 0, 0, 0, 0, 0, 0, 0x80, 0x3F, 0, 0, 0xC0, 0x7F, 0, 0, 0x80, 0x7F];
        yield return new byte[64];
    }

    private static IEnumerable<string> FfmpegReports()
    {
        yield return """
            Input #0, flac, from 'in.flac':
              Duration: 00:00:14.88, start: 0.000000, bitrate: 512 kb/s
              Stream #0:0: Audio: flac, 44100 Hz, stereo, s16
            At least one output file must be specified
            """;
        yield return """
            Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'in.m4a':
              Duration: 01:02:03.45, start: 0.000000, bitrate: 128 kb/s
              Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp, 127 kb/s (default)
            """;
        yield return """
            Input #0, wav, from 'in.wav':
              Duration: N/A, bitrate: N/A
              Stream #0:0: Audio: pcm_s24le ([1][0][0][0] / 0x0001), 96000 Hz, 3 channels, s32 (24 bit), 6912 kb/s
            """;
        yield return "in.flac: Invalid data found when processing input\n";
        yield return "  Stream #0:0: Video: h264, yuv420p, 1920x1080\n";
    }

    private static IEnumerable<byte[]> Midi(string repoRoot)
    {
        yield return MidiNotes.ToMidiFile(SomeNotes, SomePedal).ToBytes();
        yield return MidiNotes.ToMidiFile([], []).ToBytes();
        string example = Path.Combine(repoRoot, "samples", "example.mid");
        if (File.Exists(example) && new FileInfo(example).Length <= 1 << 14)
        {
            yield return File.ReadAllBytes(example);
        }
    }

    private static IEnumerable<byte[]> Onnx(string repoRoot)
    {
        string dir = Path.Combine(repoRoot, "tests", "PianoTranscription.Tests", "Fixtures", "Onnx", "ops");
        if (!Directory.Exists(dir))
        {
            yield break;
        }

        foreach (string file in Directory.GetFiles(dir, "*.onnx").Order(StringComparer.Ordinal))
        {
            if (new FileInfo(file).Length <= 1 << 14)
            {
                yield return File.ReadAllBytes(file);
            }
        }
    }

    private static IEnumerable<byte[]> Npy()
    {
        foreach (int[] shape in new[] { new[] { 2, 3 }, new[] { 4 }, Array.Empty<int>(), new[] { 1, 0, 2 } })
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            using var ms = new MemoryStream();
            NpyFile.Write(ms, Enumerable.Range(0, count).Select(i => i * 0.5f).ToArray(), shape);
            yield return ms.ToArray();
        }

        // float64, version 2.0 header
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"u8.ToArray();
        var v2 = new List<byte>([0x93, .. "NUMPY"u8, 2, 0]);
        v2.AddRange(BitConverter.GetBytes((uint)header.Length));
        v2.AddRange(header);
        v2.AddRange(BitConverter.GetBytes(1.5));
        v2.AddRange(BitConverter.GetBytes(-2.0));
        yield return [.. v2];
    }

    private static IEnumerable<byte[]> NoteLists()
    {
        yield return Encoding.UTF8.GetBytes(NoteCsv.ToCsv(SomeNotes));
        yield return "OnsetTime\tOffsetTime\tMidiPitch\n0.5\t1.0\t38.000000\n"u8.ToArray();
        yield return "# onset,offset,note,velocity\n0.1,0.2,60\n\n"u8.ToArray();
    }

    private static IEnumerable<byte[]> NoteFormatInputs(string repoRoot)
    {
        foreach (byte[] csv in NoteLists())
        {
            yield return [0, .. csv];
            yield return [1, .. csv];
        }

        yield return [2, .. Encoding.UTF8.GetBytes(NoteJson.ToJson(SomeNotes, SomePedal))];
        foreach (byte[] midi in Midi(repoRoot))
        {
            yield return [3, .. midi];
        }
    }
}
