using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using PianoTranscription.IO;

namespace PianoTranscription.Features;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files of float32 values: writing produces format version 1.0, little-endian
/// <c>&lt;f4</c>, C order, header padded to a multiple of 64 bytes, so <c>numpy.load</c> reads it directly.
/// Reading accepts versions 1.0–3.0 and <c>&lt;f4</c> or <c>&lt;f8</c> data (converted to float32).
/// </summary>
public static class NpyFile
{
    /// <summary>How many values an array read from a stream that cannot tell its length starts with (4 MiB of float32).</summary>
    private const int UnverifiedInitialElements = 1 << 20;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes a spectrogram as a <c>[frames, bins]</c> float32 array, atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="spectrogram">The features.</param>
    public static void Write(string path, Spectrogram spectrogram)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        Write(path, spectrogram.Values, [spectrogram.FrameCount, spectrogram.BinCount]);
    }

    /// <summary>Writes float32 values with a given shape, atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="values">The values in C order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    public static void Write(string path, ReadOnlyMemory<float> values, int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(shape);
        CheckShape(values.Length, shape);
        AtomicFile.Write(path, s => Write(s, values.Span, shape));
    }

    /// <summary>Writes float32 values with a given shape to a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="values">The values in C order.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <exception cref="ArgumentException">The shape does not match the number of values.</exception>
    public static void Write(Stream stream, ReadOnlySpan<float> values, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckShape(values.Length, shape);
        var dims = new StringBuilder();
        foreach (int d in shape)
        {
            dims.Append(d.ToString(CultureInfo.InvariantCulture)).Append(", ");
        }

        string tuple = shape.Length switch
        {
            0 => "()",
            1 => $"({dims.ToString().TrimEnd()})",
            _ => $"({dims.ToString(0, dims.Length - 2)})",
        };
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {tuple}, }}";
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int total = (unpadded + 63) / 64 * 64;
        string header = dict + new string(' ', total - unpadded) + "\n";

        Span<byte> prefix = stackalloc byte[10];
        Magic.CopyTo(prefix);
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], checked((ushort)header.Length));
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(header));

        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
        }
        else
        {
            byte[] buffer = new byte[4];
            foreach (float v in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer, v);
                stream.Write(buffer);
            }
        }
    }

    /// <summary>Reads a float32 or float64 <c>.npy</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array (float64 data is converted to float32).</returns>
    /// <exception cref="InvalidDataException">The file is not a supported <c>.npy</c> file.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream);
    }

    /// <summary>Reads a float32 or float64 <c>.npy</c> array from a stream.</summary>
    /// <param name="stream">A readable stream positioned at the magic string.</param>
    /// <returns>The array (float64 data is converted to float32).</returns>
    /// <exception cref="InvalidDataException">The data is not a supported <c>.npy</c> array.</exception>
    public static NpyArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix);
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a .npy file (the magic string \\x93NUMPY is missing).");
        }

        int major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> len = stackalloc byte[2];
            ReadExactly(stream, len);
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if (major is 2 or 3)
        {
            Span<byte> len = stackalloc byte[4];
            ReadExactly(stream, len);
            uint l = BinaryPrimitives.ReadUInt32LittleEndian(len);
            if (l > 1 << 20)
            {
                throw new InvalidDataException($"The .npy header length {l} is implausible.");
            }

            headerLength = (int)l;
        }
        else
        {
            throw new InvalidDataException($".npy format version {major}.{prefix[7]} is not supported (1.0 to 3.0 are).");
        }

        byte[] headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes);
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        string descr = HeaderValue(header, "descr").Trim('\'', '"');
        string fortran = HeaderValue(header, "fortran_order");
        int[] shape = ParseShape(HeaderValue(header, "shape"));

        if (fortran != "False")
        {
            throw new InvalidDataException("Fortran-order .npy arrays are not supported; save with numpy.ascontiguousarray.");
        }

        int size = descr switch
        {
            "<f4" or "|f4" => 4,
            "<f8" => 8,
            _ => throw new InvalidDataException($".npy dtype '{descr}' is not supported (little-endian float32 '<f4' or float64 '<f8' are)."),
        };

        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > Array.MaxLength)
            {
                throw new InvalidDataException("The .npy array is too large.");
            }
        }

        if (stream.CanSeek && stream.Length - stream.Position < count * size)
        {
            throw new InvalidDataException($"The .npy file is truncated: shape needs {count * size} data bytes, {stream.Length - stream.Position} are present.");
        }

        // A seekable stream was checked to hold the data, so the array is made at once; any other stream may end
        // long before its header's shape says, so its array grows only as the data actually arrives.
        var values = new float[stream.CanSeek ? count : Math.Min(count, UnverifiedInitialElements)];
        byte[]? doubles = size == 8 ? new byte[8 * 4096] : null;
        long done = 0;
        while (done < count)
        {
            int n = (int)Math.Min(size == 4 ? 1 << 16 : 4096, count - done);
            if (done + n > values.Length)
            {
                Array.Resize(ref values, (int)Math.Min(count, Math.Max(values.Length * 2L, done + n)));
            }

            Span<float> destination = values.AsSpan((int)done, n);
            if (doubles is null)
            {
                ReadExactly(stream, MemoryMarshal.AsBytes(destination));
                if (!BitConverter.IsLittleEndian)
                {
                    Span<int> ints = MemoryMarshal.Cast<float, int>(destination);
                    BinaryPrimitives.ReverseEndianness(ints, ints);
                }
            }
            else
            {
                ReadExactly(stream, doubles.AsSpan(0, n * 8));
                for (int i = 0; i < n; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(doubles.AsSpan(i * 8));
                }
            }

            done += n;
        }

        return new NpyArray(values, shape);
    }

    private static void CheckShape(int count, ReadOnlySpan<int> shape)
    {
        long product = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException("shape dimensions must not be negative.", nameof(shape));
            }

            product *= d;
        }

        if (product != count)
        {
            throw new ArgumentException($"shape holds {product} values but {count} were given.", nameof(shape));
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The .npy file is truncated.", ex);
        }
    }

    private static string HeaderValue(string header, string key)
    {
        int k = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0)
        {
            k = header.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        }

        if (k < 0)
        {
            throw new InvalidDataException($"The .npy header has no '{key}' entry.");
        }

        int colon = header.IndexOf(':', k);
        if (colon < 0)
        {
            throw new InvalidDataException($"The .npy header entry '{key}' is malformed.");
        }

        int start = colon + 1;
        int end;
        string rest = header[start..].TrimStart();
        start = header.Length - rest.Length;
        if (rest.StartsWith('('))
        {
            end = header.IndexOf(')', start);
            if (end < 0)
            {
                throw new InvalidDataException("The .npy header's shape is malformed.");
            }

            end++;
        }
        else
        {
            end = header.IndexOfAny([',', '}'], start);
            if (end < 0)
            {
                throw new InvalidDataException($"The .npy header entry '{key}' is malformed.");
            }
        }

        return header[start..end].Trim();
    }

    private static int[] ParseShape(string text)
    {
        if (!text.StartsWith('(') || !text.EndsWith(')'))
        {
            throw new InvalidDataException($"The .npy shape '{text}' is malformed.");
        }

        string[] parts = text[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new InvalidDataException($"The .npy shape '{text}' is malformed.");
            }
        }

        return shape;
    }
}
