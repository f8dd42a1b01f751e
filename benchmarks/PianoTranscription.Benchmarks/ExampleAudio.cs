using System.Buffers.Binary;
using PianoTranscription.Audio;

namespace PianoTranscription.Benchmarks;

/// <summary>Long test inputs made by looping samples/example.wav (14.9 s of piano, 44.1 kHz mono).</summary>
internal static class ExampleAudio
{
    public static string ExamplePath
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples", "example.wav");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("samples/example.wav not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The example looped to <paramref name="seconds"/>, at its own rate.</summary>
    public static AudioClip Looped(double seconds)
    {
        AudioClip example = AudioClip.Load(ExamplePath);
        var samples = new float[(int)(seconds * example.SampleRate)];
        ReadOnlySpan<float> src = example.Samples.Span;
        for (int i = 0; i < samples.Length; i += src.Length)
        {
            src[..Math.Min(src.Length, samples.Length - i)].CopyTo(samples.AsSpan(i));
        }

        return AudioClip.FromSamples(samples, example.SampleRate);
    }

    /// <summary>Writes the example looped to <paramref name="minutes"/> as a 16-bit WAV, streaming (never the whole signal in memory).</summary>
    public static void WriteLoopedWav(string path, double minutes)
    {
        AudioClip example = AudioClip.Load(ExamplePath);
        long frames = (long)(minutes * 60 * example.SampleRate);
        long dataBytes = frames * 2;
        byte[] pcm = new byte[example.Length * 2];
        ReadOnlySpan<float> src = example.Samples.Span;
        for (int i = 0; i < src.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), (short)Math.Clamp(Math.Round(src[i] * 32767.0), -32768, 32767));
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)example.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(example.SampleRate * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
        file.Write(header);
        for (long written = 0; written < dataBytes;)
        {
            int n = (int)Math.Min(pcm.Length, dataBytes - written);
            file.Write(pcm, 0, n);
            written += n;
        }
    }
}
