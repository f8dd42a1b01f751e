using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PianoTranscription.Tests.Inference;

/// <summary>
/// Reads float32 .npy fixtures in C or Fortran order (PyTorch exports may write transposed views, which numpy saves in
/// Fortran order) and returns the values in C order. The library's NpyFile deliberately accepts C order only.
/// </summary>
internal static partial class NpyFixture
{
    public static (float[] Values, int[] Shape) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10 && bytes[0] == 0x93 && Encoding.ASCII.GetString(bytes, 1, 5) == "NUMPY", $"{path} is not a .npy file");
        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int dataOffset = major == 1 ? 10 + headerLength : 12 + headerLength;
        string header = Encoding.Latin1.GetString(bytes, dataOffset - headerLength, headerLength);
        Assert.Contains("'descr': '<f4'", header, StringComparison.Ordinal);
        bool fortran = header.Contains("'fortran_order': True", StringComparison.Ordinal);
        var shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int count = shape.Aggregate(1, (a, b) => a * b);
        Assert.Equal(count * 4, bytes.Length - dataOffset);
        var raw = new float[count];
        for (int i = 0; i < count; i++) raw[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataOffset + 4 * i));
        if (!fortran || shape.Length < 2) return (raw, shape);

        // Fortran order: the first index varies fastest. Re-lay out in C order.
        var values = new float[count];
        var index = new int[shape.Length];
        for (int c = 0; c < count; c++)
        {
            int f = 0;
            for (int d = shape.Length - 1; d >= 0; d--) f = f * shape[d] + index[d];
            values[c] = raw[f];
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }

        return (values, shape);
    }

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
