using PianoTranscription.Inference.Onnx;
using PianoTranscription.Inference.Onnx.Kernels;

namespace PianoTranscription.Tests.Inference;

/// <summary>The vectorized layout kernels (8×8 block transpose, pairwise max pooling) against naive loops, on ragged sizes.</summary>
public sealed class LayoutKernelTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 8)]
    [InlineData(9, 17)]
    [InlineData(24, 301)]
    [InlineData(88, 45)]
    public void Transpose2D_matches_a_naive_transpose(int rows, int cols)
    {
        int srcLd = cols + 3, dstLd = rows + 5;
        var src = new float[rows * srcLd];
        for (int i = 0; i < src.Length; i++) src[i] = i * 0.5f - 7f;
        var dst = new float[cols * dstLd];
        Array.Fill(dst, float.NaN);

        Transpose2D.Run(src, srcLd, dst, dstLd, rows, cols);

        for (int c = 0; c < cols; c++)
        {
            for (int r = 0; r < rows; r++) Assert.Equal(src[r * srcLd + c], dst[c * dstLd + r]);
            for (int r = rows; r < dstLd && c * dstLd + r < dst.Length; r++) Assert.True(float.IsNaN(dst[c * dstLd + r]), "padding must stay untouched");
        }
    }

    [Theory]
    [InlineData(new[] { 1, 3, 5, 197 }, new long[] { 0, 1, 3, 2 })]
    [InlineData(new[] { 2, 4, 11, 30 }, new long[] { 1, 0, 3, 2 })]
    public void Transpose_kernel_matches_index_arithmetic(int[] shape, long[] perm)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var data = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
        var x = Value.Constant(data, shape);
        var y = new Value();
        new TransposeKernel(perm).Run(new RunContext(1), [x], [y]);

        var outShape = perm.Select(p => shape[p]).ToArray();
        Assert.Equal(outShape, y.Shape);
        var idx = new int[4];
        for (int o = 0; o < n; o++)
        {
            int rem = o;
            for (int d = 3; d >= 0; d--) { idx[d] = rem % outShape[d]; rem /= outShape[d]; }
            int src = 0;
            for (int d = 0; d < 4; d++) src = src * shape[d] + idx[Array.IndexOf(perm, (long)d)];
            Assert.Equal(data[src], y.F[o]);
        }
    }

    [Theory]
    [InlineData(197)]
    [InlineData(16)]
    [InlineData(7)]
    public void Frequency_max_pool_matches_pairwise_max(int width)
    {
        int rows = 3;
        var data = new float[2 * rows * width];
        var rng = new Random(width);
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        var x = Value.Constant(data, 1, 2, rows, width);
        var y = new Value();
        new PoolKernel(true, false, [1, 2], [1, 2], [1, 1], [0, 0, 0, 0], "NOTSET", false, false).Run(new RunContext(1), [x], [y]);

        int ow = width / 2;
        Assert.Equal(new[] { 1, 2, rows, ow }, y.Shape);
        for (int r = 0; r < 2 * rows; r++)
        {
            for (int o = 0; o < ow; o++) Assert.Equal(Math.Max(data[r * width + 2 * o], data[r * width + 2 * o + 1]), y.F[r * ow + o]);
        }
    }
}
