using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PianoTranscription.Inference.Onnx.Kernels;

/// <summary>An activation applied to a kernel's output while it is still in cache.</summary>
internal enum FusedActivation
{
    None,
    Relu,
    Sigmoid,
}

/// <summary>
/// Single-threaded float GEMM, <c>C = A·B (+ bias)</c>, row-major with leading dimensions. The x86 path is a
/// register-blocked 4×16 FMA micro-kernel (Vector512: 4×32) that streams rows of B; other platforms use
/// <see cref="TensorPrimitives"/> row updates. Callers split the work across threads.
/// </summary>
internal static class Gemm
{
    private const int KBlock = 256;

    /// <summary>Computes <c>C[M×N] = A[M×K]·B[K×N] + rowBias[m] + colBias[n]</c>, then <paramref name="activation"/>.</summary>
    public static void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        ReadOnlySpan<float> rowBias = default,
        ReadOnlySpan<float> colBias = default,
        FusedActivation activation = FusedActivation.None)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        bool use512 = Vector512.IsHardwareAccelerated && Avx512F.IsSupported && n >= 32;
        if (use512 || (Vector256.IsHardwareAccelerated && Fma.IsSupported))
        {
            // Block over K so the rows of B in use stay in cache; later blocks accumulate into C.
            for (int k0 = 0; k0 < k || k0 == 0; k0 += KBlock)
            {
                int kc = Math.Min(KBlock, k - k0);
                bool acc = k0 > 0;
                var ak = a.Slice(k0);
                var bk = b.Slice(k0 * ldb);
                if (use512) Kernel512(m, n, kc, ak, lda, bk, ldb, c, ldc, acc ? default : rowBias, acc ? default : colBias, acc);
                else Kernel256(m, n, kc, ak, lda, bk, ldb, c, ldc, acc ? default : rowBias, acc ? default : colBias, acc);
                if (k == 0) break;
            }
        }
        else
        {
            Portable(m, n, k, a, lda, b, ldb, c, ldc, rowBias, colBias, 0, n);
        }

        if (activation != FusedActivation.None)
        {
            for (int i = 0; i < m; i++)
            {
                Activate(c.Slice(i * ldc, n), activation);
            }
        }
    }

    public static void Activate(Span<float> x, FusedActivation activation)
    {
        switch (activation)
        {
            case FusedActivation.Relu: TensorPrimitives.Max(x, 0f, x); break;
            case FusedActivation.Sigmoid: Elementwise.Sigmoid(x, x); break;
        }
    }

    private static void Portable(
        int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        ReadOnlySpan<float> rowBias, ReadOnlySpan<float> colBias, int j0, int j1)
    {
        int w = j1 - j0;
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc + j0, w);
            InitRow(row, rowBias.IsEmpty ? 0f : rowBias[i], colBias.IsEmpty ? default : colBias.Slice(j0, w));
            var ar = a.Slice(i * lda, k);
            for (int p = 0; p < k; p++)
            {
                float av = ar[p];
                if (av != 0f)
                {
                    TensorPrimitives.MultiplyAdd(b.Slice(p * ldb + j0, w), av, row, row);
                }
            }
        }
    }

    private static void InitRow(Span<float> row, float rb, ReadOnlySpan<float> colBias)
    {
        if (colBias.IsEmpty)
        {
            row.Fill(rb);
        }
        else
        {
            TensorPrimitives.Add(colBias, rb, row);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(
        int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        ReadOnlySpan<float> rowBias, ReadOnlySpan<float> colBias, bool accumulate)
    {
        ref float ra = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref float rb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        ref float rc = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(c);
        int nFull = n - n % 16;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            for (int j = 0; j < nFull; j += 16)
            {
                Init256(ref rc, i, j, ldc, accumulate, out var c00, out var c01);
                Init256(ref rc, i + 1, j, ldc, accumulate, out var c10, out var c11);
                Init256(ref rc, i + 2, j, ldc, accumulate, out var c20, out var c21);
                Init256(ref rc, i + 3, j, ldc, accumulate, out var c30, out var c31);
                nuint pa0 = (nuint)(i * lda), pa1 = pa0 + (nuint)lda, pa2 = pa1 + (nuint)lda, pa3 = pa2 + (nuint)lda;
                nuint pb = (nuint)j;
                for (int p = 0; p < k; p++, pb += (nuint)ldb)
                {
                    var b0 = Vector256.LoadUnsafe(ref rb, pb);
                    var b1 = Vector256.LoadUnsafe(ref rb, pb + 8);
                    var av = Vector256.Create(Unsafe.Add(ref ra, pa0 + (nuint)p));
                    c00 = Fma.MultiplyAdd(av, b0, c00); c01 = Fma.MultiplyAdd(av, b1, c01);
                    av = Vector256.Create(Unsafe.Add(ref ra, pa1 + (nuint)p));
                    c10 = Fma.MultiplyAdd(av, b0, c10); c11 = Fma.MultiplyAdd(av, b1, c11);
                    av = Vector256.Create(Unsafe.Add(ref ra, pa2 + (nuint)p));
                    c20 = Fma.MultiplyAdd(av, b0, c20); c21 = Fma.MultiplyAdd(av, b1, c21);
                    av = Vector256.Create(Unsafe.Add(ref ra, pa3 + (nuint)p));
                    c30 = Fma.MultiplyAdd(av, b0, c30); c31 = Fma.MultiplyAdd(av, b1, c31);
                }

                Store256(ref rc, i, j, ldc, c00, c01, rowBias, colBias);
                Store256(ref rc, i + 1, j, ldc, c10, c11, rowBias, colBias);
                Store256(ref rc, i + 2, j, ldc, c20, c21, rowBias, colBias);
                Store256(ref rc, i + 3, j, ldc, c30, c31, rowBias, colBias);
            }
        }

        for (; i < m; i++)
        {
            for (int j = 0; j < nFull; j += 16)
            {
                Init256(ref rc, i, j, ldc, accumulate, out var c00, out var c01);
                nuint pa0 = (nuint)(i * lda);
                nuint pb = (nuint)j;
                for (int p = 0; p < k; p++, pb += (nuint)ldb)
                {
                    var av = Vector256.Create(Unsafe.Add(ref ra, pa0 + (nuint)p));
                    c00 = Fma.MultiplyAdd(av, Vector256.LoadUnsafe(ref rb, pb), c00);
                    c01 = Fma.MultiplyAdd(av, Vector256.LoadUnsafe(ref rb, pb + 8), c01);
                }

                Store256(ref rc, i, j, ldc, c00, c01, rowBias, colBias);
            }
        }

        if (nFull < n)
        {
            Tail(m, n, k, a, lda, b, ldb, c, ldc, rowBias, colBias, nFull, accumulate);
        }
    }

    /// <summary>
    /// The columns after the last full vector block, computed element by element in exactly the vector kernels'
    /// order (fused multiply-adds from zero over K, then row bias, then column bias), so an output value does not
    /// depend on whether its column fell into a vector block or the tail (chunked inference equals one pass).
    /// </summary>
    private static void Tail(
        int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        ReadOnlySpan<float> rowBias, ReadOnlySpan<float> colBias, int j0, bool accumulate)
    {
        const int Block = 16;
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported && n - j0 < Block && k <= KBlock)
        {
            PaddedTail(m, n, k, a, lda, b, ldb, c, ldc, rowBias, colBias, j0, accumulate);
            return;
        }

        Span<float> sums = stackalloc float[Block];
        for (int jb = j0; jb < n; jb += Block)
        {
            int w = Math.Min(Block, n - jb);
            var s = sums[..w];
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * ldc + jb, w);
                if (accumulate) row.CopyTo(s);
                else s.Clear();
                var ar = a.Slice(i * lda, k);
                for (int p = 0; p < k; p++)
                {
                    float av = ar[p];
                    var br = b.Slice(p * ldb + jb, w);
                    for (int j = 0; j < w; j++) s[j] = MathF.FusedMultiplyAdd(av, br[j], s[j]);
                }

                if (!rowBias.IsEmpty)
                {
                    float rb = rowBias[i];
                    for (int j = 0; j < w; j++) s[j] += rb;
                }

                if (!colBias.IsEmpty)
                {
                    for (int j = 0; j < w; j++) s[j] += colBias[jb + j];
                }

                s.CopyTo(row);
            }
        }
    }

    /// <summary>
    /// The tail (fewer than 16 columns) through the 256-bit kernel on a zero-padded copy of those columns of B: the
    /// same per-column arithmetic as a full vector block (so chunked inference still equals one pass), at vector speed
    /// — a short run (live input, a few frames) is mostly tail. Scratch comes from the shared array pool.
    /// </summary>
    private static void PaddedTail(
        int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        ReadOnlySpan<float> rowBias, ReadOnlySpan<float> colBias, int j0, bool accumulate)
    {
        const int W = 16;
        int w = n - j0;
        int kk = Math.Max(k, 1);
        float[] bs = System.Buffers.ArrayPool<float>.Shared.Rent(kk * W);
        float[] cs = System.Buffers.ArrayPool<float>.Shared.Rent(m * W);
        try
        {
            Span<float> bp = bs.AsSpan(0, kk * W);
            bp.Clear();
            for (int p = 0; p < k; p++)
            {
                b.Slice((p * ldb) + j0, w).CopyTo(bp.Slice(p * W, w));
            }

            Span<float> cp = cs.AsSpan(0, m * W);
            if (accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice((i * ldc) + j0, w).CopyTo(cp.Slice(i * W, w));
                }
            }

            Span<float> cb = stackalloc float[W];
            cb.Clear();
            if (!colBias.IsEmpty)
            {
                colBias.Slice(j0, w).CopyTo(cb);
            }

            Kernel256(m, W, k, a, lda, bp, W, cp, W, rowBias, colBias.IsEmpty ? default : cb, accumulate);
            for (int i = 0; i < m; i++)
            {
                cp.Slice(i * W, w).CopyTo(c.Slice((i * ldc) + j0, w));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(bs);
            System.Buffers.ArrayPool<float>.Shared.Return(cs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Init256(ref float rc, int i, int j, int ldc, bool accumulate, out Vector256<float> v0, out Vector256<float> v1)
    {
        if (accumulate)
        {
            nuint o = (nuint)(i * ldc + j);
            v0 = Vector256.LoadUnsafe(ref rc, o);
            v1 = Vector256.LoadUnsafe(ref rc, o + 8);
        }
        else
        {
            v0 = Vector256<float>.Zero;
            v1 = Vector256<float>.Zero;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(ref float rc, int i, int j, int ldc, Vector256<float> v0, Vector256<float> v1, ReadOnlySpan<float> rowBias, ReadOnlySpan<float> colBias)
    {
        if (!rowBias.IsEmpty)
        {
            var rbv = Vector256.Create(rowBias[i]);
            v0 += rbv;
            v1 += rbv;
        }

        if (!colBias.IsEmpty)
        {
            v0 += Vector256.Create(colBias.Slice(j, 8));
            v1 += Vector256.Create(colBias.Slice(j + 8, 8));
        }

        nuint o = (nuint)(i * ldc + j);
        v0.StoreUnsafe(ref rc, o);
        v1.StoreUnsafe(ref rc, o + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(
        int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        ReadOnlySpan<float> rowBias, ReadOnlySpan<float> colBias, bool accumulate)
    {
        ref float ra = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref float rb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        ref float rc = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(c);
        int nFull = n - n % 32;
        int i = 0;
        for (; i + 8 <= m; i += 8)
        {
            for (int j = 0; j < nFull; j += 32)
            {
                Init512(ref rc, i, j, ldc, accumulate, out var c00, out var c01);
                Init512(ref rc, i + 1, j, ldc, accumulate, out var c10, out var c11);
                Init512(ref rc, i + 2, j, ldc, accumulate, out var c20, out var c21);
                Init512(ref rc, i + 3, j, ldc, accumulate, out var c30, out var c31);
                Init512(ref rc, i + 4, j, ldc, accumulate, out var c40, out var c41);
                Init512(ref rc, i + 5, j, ldc, accumulate, out var c50, out var c51);
                Init512(ref rc, i + 6, j, ldc, accumulate, out var c60, out var c61);
                Init512(ref rc, i + 7, j, ldc, accumulate, out var c70, out var c71);
                ref float a0 = ref Unsafe.Add(ref ra, i * lda);
                nuint l1 = (nuint)lda, l2 = 2 * l1, l3 = 3 * l1, l4 = 4 * l1, l5 = 5 * l1, l6 = 6 * l1, l7 = 7 * l1;
                nuint pb = (nuint)j;
                for (nuint p = 0; p < (nuint)k; p++, pb += (nuint)ldb)
                {
                    var b0 = Vector512.LoadUnsafe(ref rb, pb);
                    var b1 = Vector512.LoadUnsafe(ref rb, pb + 16);
                    var av = Vector512.Create(Unsafe.Add(ref a0, p));
                    c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
                    av = Vector512.Create(Unsafe.Add(ref a0, p + l1));
                    c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
                    av = Vector512.Create(Unsafe.Add(ref a0, p + l2));
                    c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
                    av = Vector512.Create(Unsafe.Add(ref a0, p + l3));
                    c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
                    av = Vector512.Create(Unsafe.Add(ref a0, p + l4));
                    c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
                    av = Vector512.Create(Unsafe.Add(ref a0, p + l5));
                    c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
                    av = Vector512.Create(Unsafe.Add(ref a0, p + l6));
                    c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
                    av = Vector512.Create(Unsafe.Add(ref a0, p + l7));
                    c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
                }

                Store512(ref rc, i, j, ldc, c00, c01, rowBias, colBias);
                Store512(ref rc, i + 1, j, ldc, c10, c11, rowBias, colBias);
                Store512(ref rc, i + 2, j, ldc, c20, c21, rowBias, colBias);
                Store512(ref rc, i + 3, j, ldc, c30, c31, rowBias, colBias);
                Store512(ref rc, i + 4, j, ldc, c40, c41, rowBias, colBias);
                Store512(ref rc, i + 5, j, ldc, c50, c51, rowBias, colBias);
                Store512(ref rc, i + 6, j, ldc, c60, c61, rowBias, colBias);
                Store512(ref rc, i + 7, j, ldc, c70, c71, rowBias, colBias);
            }
        }

        for (; i < m; i++)
        {
            int j = 0;
            ref float a0 = ref Unsafe.Add(ref ra, i * lda);
            for (; j + 128 <= nFull; j += 128)
            {
                // One row: four independent column pairs hide the FMA latency.
                Init512(ref rc, i, j, ldc, accumulate, out var c0, out var c1);
                Init512(ref rc, i, j + 32, ldc, accumulate, out var c2, out var c3);
                Init512(ref rc, i, j + 64, ldc, accumulate, out var c4, out var c5);
                Init512(ref rc, i, j + 96, ldc, accumulate, out var c6, out var c7);
                nuint pb = (nuint)j;
                for (nuint p = 0; p < (nuint)k; p++, pb += (nuint)ldb)
                {
                    var av = Vector512.Create(Unsafe.Add(ref a0, p));
                    c0 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb), c0);
                    c1 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb + 16), c1);
                    c2 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb + 32), c2);
                    c3 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb + 48), c3);
                    c4 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb + 64), c4);
                    c5 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb + 80), c5);
                    c6 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb + 96), c6);
                    c7 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb + 112), c7);
                }

                Store512(ref rc, i, j, ldc, c0, c1, rowBias, colBias);
                Store512(ref rc, i, j + 32, ldc, c2, c3, rowBias, colBias);
                Store512(ref rc, i, j + 64, ldc, c4, c5, rowBias, colBias);
                Store512(ref rc, i, j + 96, ldc, c6, c7, rowBias, colBias);
            }

            for (; j < nFull; j += 32)
            {
                Init512(ref rc, i, j, ldc, accumulate, out var c00, out var c01);
                nuint pb = (nuint)j;
                for (nuint p = 0; p < (nuint)k; p++, pb += (nuint)ldb)
                {
                    var av = Vector512.Create(Unsafe.Add(ref a0, p));
                    c00 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb), c00);
                    c01 = Avx512F.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref rb, pb + 16), c01);
                }

                Store512(ref rc, i, j, ldc, c00, c01, rowBias, colBias);
            }
        }

        if (nFull < n)
        {
            if (Fma.IsSupported && n - nFull >= 16)
            {
                // Hand the tail to the 256-bit kernel through offset views.
                Kernel256(m, n - nFull, k, a, lda, b.Slice(nFull), ldb, c.Slice(nFull), ldc, rowBias, colBias.IsEmpty ? default : colBias.Slice(nFull), accumulate);
            }
            else
            {
                Tail(m, n, k, a, lda, b, ldb, c, ldc, rowBias, colBias, nFull, accumulate);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Init512(ref float rc, int i, int j, int ldc, bool accumulate, out Vector512<float> v0, out Vector512<float> v1)
    {
        if (accumulate)
        {
            nuint o = (nuint)(i * ldc + j);
            v0 = Vector512.LoadUnsafe(ref rc, o);
            v1 = Vector512.LoadUnsafe(ref rc, o + 16);
        }
        else
        {
            v0 = Vector512<float>.Zero;
            v1 = Vector512<float>.Zero;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(ref float rc, int i, int j, int ldc, Vector512<float> v0, Vector512<float> v1, ReadOnlySpan<float> rowBias, ReadOnlySpan<float> colBias)
    {
        if (!rowBias.IsEmpty)
        {
            var rbv = Vector512.Create(rowBias[i]);
            v0 += rbv;
            v1 += rbv;
        }

        if (!colBias.IsEmpty)
        {
            v0 += Vector512.Create(colBias.Slice(j, 16));
            v1 += Vector512.Create(colBias.Slice(j + 16, 16));
        }

        nuint o = (nuint)(i * ldc + j);
        v0.StoreUnsafe(ref rc, o);
        v1.StoreUnsafe(ref rc, o + 16);
    }
}
