namespace PianoTranscription.Decoding;

/// <summary>
/// Peak picking on Kong-style regression heads, whose target is a triangle <c>1 - |t - τ| / J</c> around the event
/// time τ (in frames).
/// </summary>
/// <remarks>
/// <para>A frame <c>n</c> is a peak when its value exceeds the threshold, is strictly greater than the two frames
/// before it and at least as large as the two frames after it (so a plateau or a tie yields its first frame only,
/// and two peaks are at least three frames apart).</para>
/// <para>Sub-frame refinement (Kong et al. 2021): with <c>a = x[n-1]</c>, <c>b = x[n]</c>, <c>c = x[n+1]</c> and a
/// symmetric triangle of unknown slope through the three samples, the apex lies at <c>n + δ</c> with
/// <c>δ = (c - a) / (2 (b - c))</c> when <c>a &gt; c</c> (apex left of n) and <c>δ = (c - a) / (2 (b - a))</c>
/// otherwise, so δ ∈ [-0.5, 0.5]. For an exact triangle the formula is exact. At the first or last frame, where a
/// neighbour is missing, δ = 0.</para>
/// </remarks>
internal static class RegressionPeak
{
    /// <summary>Tests frame <paramref name="n"/> of a ring-buffered head for a peak.</summary>
    /// <param name="ring">Ring buffer: frame k lives at <c>(k &amp; mask) * stride + channel</c>.</param>
    /// <param name="mask">Ring size minus one (ring size is a power of two).</param>
    /// <param name="stride">Values per frame.</param>
    /// <param name="channel">Channel (key) index.</param>
    /// <param name="n">Frame to test.</param>
    /// <param name="last">Last frame available.</param>
    /// <param name="threshold">Detection threshold (the peak must exceed it).</param>
    /// <param name="delta">The sub-frame offset of the apex.</param>
    /// <param name="height">The peak value.</param>
    /// <returns>True if frame n is a peak.</returns>
    public static bool TryFind(float[] ring, int mask, int stride, int channel, long n, long last, float threshold, out double delta, out float height)
    {
        delta = 0;
        float b = ring[(int)(n & mask) * stride + channel];
        height = b;
        if (!(b > threshold))
        {
            return false;
        }

        for (int k = 1; k <= 2; k++)
        {
            if (n - k >= 0 && !(b > ring[(int)((n - k) & mask) * stride + channel]))
            {
                return false;
            }

            if (n + k <= last && !(b >= ring[(int)((n + k) & mask) * stride + channel]))
            {
                return false;
            }
        }

        if (n >= 1 && n + 1 <= last)
        {
            double a = ring[(int)((n - 1) & mask) * stride + channel];
            double c = ring[(int)((n + 1) & mask) * stride + channel];
            delta = a > c ? (c - a) / (2 * (b - c)) : (c - a) / (2 * (b - a));
        }

        return true;
    }
}
