using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>
/// Strided float matrix transpose, <c>dst[c·dstLd + r] = src[r·srcLd + c]</c>, in 8×8 register blocks (AVX) with a
/// scalar edge; other platforms use 8×8 scalar tiles.
/// </summary>
internal static class Transpose2D
{
    public static void Run(ReadOnlySpan<float> src, int srcLd, Span<float> dst, int dstLd, int rows, int cols)
    {
        if (rows <= 0 || cols <= 0)
        {
            return;
        }

        // Bounds are checked once here; the loops below use unchecked references.
        if ((long)(rows - 1) * srcLd + cols > src.Length || (long)(cols - 1) * dstLd + rows > dst.Length)
        {
            throw new ArgumentException("The transpose does not fit the buffers.");
        }

        ref float s = ref MemoryMarshal.GetReference(src);
        ref float d = ref MemoryMarshal.GetReference(dst);
        int r8 = Avx.IsSupported ? rows & ~7 : 0;
        int c8 = Avx.IsSupported ? cols & ~7 : 0;
        for (int r0 = 0; r0 < r8; r0 += 8)
        {
            for (int c0 = 0; c0 < c8; c0 += 8)
            {
                Block8(ref Unsafe.Add(ref s, (nint)r0 * srcLd + c0), srcLd, ref Unsafe.Add(ref d, (nint)c0 * dstLd + r0), dstLd);
            }
        }

        // Edges (or everything without AVX), tiled so both sides stay in cache.
        Scalar(ref s, srcLd, ref d, dstLd, 0, r8, c8, cols);
        Scalar(ref s, srcLd, ref d, dstLd, r8, rows, 0, cols);
    }

    private static void Scalar(ref float s, int srcLd, ref float d, int dstLd, int rBegin, int rEnd, int cBegin, int cEnd)
    {
        for (int r0 = rBegin; r0 < rEnd; r0 += 8)
        {
            int r1 = Math.Min(rEnd, r0 + 8);
            for (int c0 = cBegin; c0 < cEnd; c0 += 8)
            {
                int c1 = Math.Min(cEnd, c0 + 8);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        Unsafe.Add(ref d, (nint)c * dstLd + r) = Unsafe.Add(ref s, (nint)r * srcLd + c);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(ref float s, int srcLd, ref float d, int dstLd)
    {
        nuint ls = (nuint)srcLd;
        var r0 = Vector256.LoadUnsafe(ref s);
        var r1 = Vector256.LoadUnsafe(ref s, ls);
        var r2 = Vector256.LoadUnsafe(ref s, 2 * ls);
        var r3 = Vector256.LoadUnsafe(ref s, 3 * ls);
        var r4 = Vector256.LoadUnsafe(ref s, 4 * ls);
        var r5 = Vector256.LoadUnsafe(ref s, 5 * ls);
        var r6 = Vector256.LoadUnsafe(ref s, 6 * ls);
        var r7 = Vector256.LoadUnsafe(ref s, 7 * ls);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        nuint ld = (nuint)dstLd;
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, ld);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, 2 * ld);
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, 3 * ld);
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, 4 * ld);
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, 5 * ld);
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, 6 * ld);
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, 7 * ld);
    }
}
