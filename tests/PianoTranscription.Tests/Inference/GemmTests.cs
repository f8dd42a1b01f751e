using PianoTranscription.Inference.Onnx.Kernels;

namespace PianoTranscription.Tests.Inference;

public class GemmTests
{
    // Column counts around the vector widths (16 and 32) and the tail sizes short live runs produce; K over the
    // 256-element K-block so the tail is also accumulated across blocks.
    [Theory]
    [InlineData(8, 1, 5)]
    [InlineData(17, 7, 300)]
    [InlineData(256, 22, 1176)]
    [InlineData(33, 15, 257)]
    [InlineData(9, 31, 64)]
    [InlineData(40, 47, 520)]
    public void Gemm_equals_a_double_precision_reference_and_each_column_is_independent_of_the_column_count(int m, int n, int k)
    {
        var random = new Random((m * 1000) + n);
        float[] a = Fill(random, m * k);
        float[] b = Fill(random, k * n);
        float[] rowBias = Fill(random, m);
        float[] colBias = Fill(random, n);
        float[] c = new float[m * n];
        Gemm.Multiply(m, n, k, a, k, b, n, c, n, rowBias, colBias, FusedActivation.Relu);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = rowBias[i] + colBias[j];
                for (int p = 0; p < k; p++) sum += (double)a[(i * k) + p] * b[(p * n) + j];
                double expected = Math.Max(0, sum);
                Assert.True(Math.Abs(c[(i * n) + j] - expected) <= 1e-4 * (1 + Math.Abs(expected)), $"C[{i},{j}] = {c[(i * n) + j]}, expected {expected}");
            }
        }

        // The same B with 37 more columns on the right: the first n columns now fall into vector blocks instead of
        // the tail, and must come out bit for bit the same (chunked inference equals one pass because of this).
        int wide = n + 37;
        float[] bw = new float[k * wide];
        float[] colBiasWide = new float[wide];
        for (int p = 0; p < k; p++)
        {
            b.AsSpan(p * n, n).CopyTo(bw.AsSpan(p * wide));
            Fill(random, 37).CopyTo(bw.AsSpan((p * wide) + n));
        }

        colBias.CopyTo(colBiasWide, 0);
        float[] cw = new float[m * wide];
        Gemm.Multiply(m, wide, k, a, k, bw, wide, cw, wide, rowBias, colBiasWide, FusedActivation.Relu);
        for (int i = 0; i < m; i++)
        {
            Assert.Equal(c.AsSpan(i * n, n).ToArray(), cw.AsSpan(i * wide, n).ToArray());
        }
    }

    private static float[] Fill(Random random, int count)
    {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)((random.NextDouble() * 2) - 1);
        return x;
    }
}
