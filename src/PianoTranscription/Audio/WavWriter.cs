using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PianoTranscription.Audio;

/// <summary>Writes mono clips as canonical 44-byte-header RIFF/WAVE files (16-bit PCM or 32-bit float).</summary>
internal static class WavWriter
{
    private const int BlockSamples = 1 << 14;

    public static void Write(Stream stream, ReadOnlySpan<float> samples, int sampleRate, WavSampleFormat format)
    {
        int bytesPerSample = format == WavSampleFormat.IeeeFloat ? 4 : 2;
        long dataBytes = (long)samples.Length * bytesPerSample;
        if (dataBytes > uint.MaxValue - 36)
        {
            throw new ArgumentException($"The clip is too long for a WAV file ({dataBytes} bytes of data; the format's limit is 4 GB).", nameof(samples));
        }

        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], (ushort)(format == WavSampleFormat.IeeeFloat ? 3 : 1));
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)bytesPerSample);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)(8 * bytesPerSample));
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
        stream.Write(header);

        if (format == WavSampleFormat.IeeeFloat)
        {
            stream.Write(MemoryMarshal.AsBytes(samples));
            return;
        }

        short[] block = ArrayPool<short>.Shared.Rent(BlockSamples);
        try
        {
            for (int start = 0; start < samples.Length; start += BlockSamples)
            {
                ReadOnlySpan<float> part = samples.Slice(start, Math.Min(BlockSamples, samples.Length - start));
                for (int i = 0; i < part.Length; i++)
                {
                    float v = part[i];
                    // NaN becomes 0; the scale is 32768 so that 16-bit data read back (as q / 32768) is written back unchanged.
                    block[i] = float.IsNaN(v) ? (short)0 : (short)Math.Clamp(MathF.Round(v * 32768f), -32768f, 32767f);
                }

                stream.Write(MemoryMarshal.AsBytes(block.AsSpan(0, part.Length)));
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(block);
        }
    }
}
