using System.Buffers.Binary;
using System.Text;

namespace PianoTranscription.Fuzz.Engine;

/// <summary>
/// libFuzzer/AFL-style havoc mutations: bit flips, interesting integers (both byte orders), arithmetic, block
/// deletion, insertion, duplication and copying, dictionary tokens, ASCII numbers, and splicing with another input.
/// Deterministic for a given seed.
/// </summary>
internal sealed class Mutator(int seed, int maxLength, IReadOnlyList<byte[]> tokens)
{
    private static readonly long[] Interesting =
    [
        -128, -1, 0, 1, 16, 32, 64, 100, 127, 128, 255, 256, 512, 1000, 1024, 4096, 32767, 32768, 65535, 65536,
        100000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, -32768, -129, int.MinValue, long.MaxValue, long.MinValue,
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "0.5", "1e308", "1e309", "-1e309", "4.9e-324", "1e-400", "2147483647", "2147483648", "-2147483649",
        "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616", "99999999999999999999999", "NaN", "Infinity", "1.0000001", "65536", "128", "127",
    ];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    /// <summary>A mutated copy of <paramref name="input"/>, possibly spliced with <paramref name="other"/>.</summary>
    public byte[] Mutate(byte[] input, byte[] other)
    {
        var data = new List<byte>(input);
        int stack = 1 << _random.Next(1, 6);
        for (int i = 0; i < stack; i++)
        {
            MutateOnce(data, other);
        }

        if (data.Count > maxLength)
        {
            data.RemoveRange(maxLength, data.Count - maxLength);
        }

        return [.. data];
    }

    private void MutateOnce(List<byte> d, byte[] other)
    {
        int r = _random.Next(16);
        if (d.Count == 0 && r < 9)
        {
            r = 9;
        }

        switch (r)
        {
            case 0:
                {
                    int i = _random.Next(d.Count);
                    d[i] ^= (byte)(1 << _random.Next(8));
                    break;
                }

            case 1:
                d[_random.Next(d.Count)] = (byte)_random.Next(256);
                break;
            case 2:
                {
                    int i = _random.Next(d.Count);
                    d[i] = (byte)(d[i] + _random.Next(-35, 36));
                    break;
                }

            case 3:
            case 4:
                WriteInteresting(d, r == 3);
                break;
            case 5:
                {
                    // delete a block
                    int len = BlockLength(d.Count);
                    int at = _random.Next(d.Count - len + 1);
                    d.RemoveRange(at, len);
                    break;
                }

            case 6:
                {
                    // duplicate or copy a block within the input
                    int len = BlockLength(d.Count);
                    int from = _random.Next(d.Count - len + 1);
                    byte[] block = d.GetRange(from, len).ToArray();
                    int to = _random.Next(d.Count + 1);
                    if (_random.Next(2) == 0)
                    {
                        d.InsertRange(to, block);
                    }
                    else
                    {
                        Overwrite(d, Math.Min(to, d.Count - 1), block);
                    }

                    break;
                }

            case 7:
                {
                    // 16/32-bit arithmetic on a length-like field
                    if (d.Count < 4)
                    {
                        goto case 1;
                    }

                    int at = _random.Next(d.Count - 3);
                    bool big = _random.Next(2) == 0;
                    Span<byte> four = [d[at], d[at + 1], d[at + 2], d[at + 3]];
                    uint v = big ? BinaryPrimitives.ReadUInt32BigEndian(four) : BinaryPrimitives.ReadUInt32LittleEndian(four);
                    v = (uint)(v + _random.Next(-64, 65));
                    if (big)
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(four, v);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(four, v);
                    }

                    for (int k = 0; k < 4; k++)
                    {
                        d[at + k] = four[k];
                    }

                    break;
                }

            case 8:
                // truncate
                {
                    int keep = _random.Next(d.Count);
                    d.RemoveRange(keep, d.Count - keep);
                    break;
                }
            case 9:
            case 10:
                {
                    // dictionary token, inserted or overwritten
                    if (tokens.Count == 0)
                    {
                        goto default;
                    }

                    byte[] token = tokens[_random.Next(tokens.Count)];
                    int at = _random.Next(d.Count + 1);
                    if (r == 9 || d.Count == 0)
                    {
                        d.InsertRange(at, token);
                    }
                    else
                    {
                        Overwrite(d, Math.Min(at, d.Count - 1), token);
                    }

                    break;
                }

            case 11:
                {
                    // replace an ASCII number (or insert one)
                    byte[] number = Encoding.ASCII.GetBytes(Numbers[_random.Next(Numbers.Length)]);
                    int at = _random.Next(d.Count + 1);
                    int end = at;
                    while (end < d.Count && (char.IsAsciiDigit((char)d[end]) || d[end] is (byte)'.' or (byte)'-' or (byte)'e' or (byte)'+'))
                    {
                        end++;
                    }

                    d.RemoveRange(at, end - at);
                    d.InsertRange(at, number);
                    break;
                }

            case 12:
                {
                    // splice: a block of another input
                    if (other.Length == 0)
                    {
                        goto default;
                    }

                    int len = BlockLength(other.Length);
                    int from = _random.Next(other.Length - len + 1);
                    int to = _random.Next(d.Count + 1);
                    if (_random.Next(2) == 0)
                    {
                        d.InsertRange(to, other.AsSpan(from, len).ToArray());
                    }
                    else
                    {
                        d.RemoveRange(to, d.Count - to);
                        d.AddRange(other.AsSpan(from, other.Length - from).ToArray());
                    }

                    break;
                }

            case 13:
                {
                    // insert random bytes
                    int len = 1 + _random.Next(_random.Next(2) == 0 ? 8 : 128);
                    byte fill = (byte)_random.Next(256);
                    bool same = _random.Next(2) == 0;
                    var block = new byte[len];
                    for (int k = 0; k < len; k++)
                    {
                        block[k] = same ? fill : (byte)_random.Next(256);
                    }

                    d.InsertRange(_random.Next(d.Count + 1), block);
                    break;
                }

            default:
                d.Add((byte)_random.Next(256));
                break;
        }
    }

    private void WriteInteresting(List<byte> d, bool littleEndian)
    {
        long v = Interesting[_random.Next(Interesting.Length)];
        int width = 1 << _random.Next(4); // 1, 2, 4, 8 bytes
        if (d.Count < width)
        {
            width = 1;
        }

        int at = _random.Next(d.Count - width + 1);
        Span<byte> bytes = stackalloc byte[8];
        if (littleEndian)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, v);
            bytes = bytes[..width];
        }
        else
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes, v);
            bytes = bytes[(8 - width)..];
        }

        for (int k = 0; k < width; k++)
        {
            d[at + k] = bytes[k];
        }
    }

    private static void Overwrite(List<byte> d, int at, byte[] block)
    {
        for (int k = 0; k < block.Length; k++)
        {
            if (at + k < d.Count)
            {
                d[at + k] = block[k];
            }
            else
            {
                d.Add(block[k]);
            }
        }
    }

    private int BlockLength(int count)
    {
        if (count <= 1)
        {
            return count;
        }

        int cap = _random.Next(4) == 0 ? count : Math.Min(count, 32);
        return 1 + _random.Next(cap);
    }
}
