using System.Runtime.InteropServices;
using SharpTrace = SharpFuzz.Common.Trace;

namespace PianoTranscription.Fuzz.Engine;

/// <summary>
/// The edge-coverage map that SharpFuzz's instrumentation writes (<c>SharedMem[id ^ prev]++</c> at every branch of
/// the instrumented PianoTranscription.dll), read in-process after each execution: AFL's hit-count buckets decide
/// whether an input reached something new.
/// </summary>
internal sealed unsafe class Coverage : IDisposable
{
    /// <summary>The map size SharpFuzz's ids are drawn for (64 KiB).</summary>
    public const int MapSize = 1 << 16;

    private static readonly byte[] Buckets = MakeBuckets();

    private readonly byte* _map;
    private readonly byte[] _virgin = new byte[MapSize];

    public Coverage()
    {
        _map = (byte*)NativeMemory.AlignedAlloc(MapSize, 64);
        NativeMemory.Clear(_map, MapSize);
        SharpTrace.SharedMem = _map;
    }

    /// <summary>The edges seen so far (any hit count).</summary>
    public int Edges { get; private set; }

    /// <summary>Clears the map before an execution.</summary>
    public void Reset()
    {
        NativeMemory.Clear(_map, MapSize);
        SharpTrace.PrevLocation = 0;
    }

    /// <summary>Whether anything at all was recorded (false when the library is not instrumented).</summary>
    public bool AnyHit()
    {
        var words = new ReadOnlySpan<ulong>(_map, MapSize / 8);
        return words.IndexOfAnyExcept(0UL) >= 0;
    }

    /// <summary>Merges the last execution into the seen set; true when it reached a new edge or hit-count bucket.</summary>
    public bool MergeNew()
    {
        bool found = false;
        ulong* words = (ulong*)_map;
        for (int w = 0; w < MapSize / 8; w++)
        {
            if (words[w] == 0)
            {
                continue;
            }

            for (int i = w * 8; i < (w * 8) + 8; i++)
            {
                byte b = Buckets[_map[i]];
                if ((b & ~_virgin[i]) != 0)
                {
                    if (_virgin[i] == 0)
                    {
                        Edges++;
                    }

                    _virgin[i] |= b;
                    found = true;
                }
            }
        }

        return found;
    }

    /// <summary>The edges (map indices) the last execution hit, for corpus minimisation.</summary>
    public int[] HitEdges()
    {
        var list = new List<int>();
        ulong* words = (ulong*)_map;
        for (int w = 0; w < MapSize / 8; w++)
        {
            if (words[w] == 0)
            {
                continue;
            }

            for (int i = w * 8; i < (w * 8) + 8; i++)
            {
                if (_map[i] != 0)
                {
                    list.Add(i);
                }
            }
        }

        return [.. list];
    }

    public void Dispose()
    {
        SharpTrace.SharedMem = null;
        NativeMemory.AlignedFree(_map);
    }

    private static byte[] MakeBuckets()
    {
        var t = new byte[256];
        for (int n = 1; n < 256; n++)
        {
            t[n] = n switch
            {
                1 => 1,
                2 => 2,
                3 => 4,
                <= 7 => 8,
                <= 15 => 16,
                <= 31 => 32,
                <= 127 => 64,
                _ => 128,
            };
        }

        return t;
    }
}
