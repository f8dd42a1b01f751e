using PianoTranscription.Decoding;

namespace PianoTranscription.Notation;

/// <summary>
/// An onset-strength curve built from notes at <see cref="FrameRate"/> frames per second: each onset adds a weight
/// that grows with velocity and is larger for bass notes (they mark beats in most accompaniment); simultaneous notes
/// add up and the sum is log-compressed so that a chord counts more than a note but not five times more.
/// </summary>
internal sealed class OnsetEnvelope
{
    /// <summary>Frames per second.</summary>
    public const double FrameRate = 100;

    private OnsetEnvelope(double[] values) => Values = values;

    /// <summary>The strength per frame, normalised to unit standard deviation.</summary>
    public double[] Values { get; }

    /// <summary>The number of frames.</summary>
    public int Length => Values.Length;

    /// <summary>The weight of one onset in the curve.</summary>
    public static double Weight(Note n) => (0.3 + (n.Velocity / 127.0)) * (n.Pitch < 52 ? 1.5 : 1.0);

    /// <summary>Builds the curve; the notes must have finite, non-negative onsets.</summary>
    public static OnsetEnvelope FromNotes(IReadOnlyList<Note> notes)
    {
        double last = 0;
        foreach (Note n in notes)
        {
            last = Math.Max(last, n.Onset);
        }

        int length = (int)Math.Ceiling(last * FrameRate) + (int)FrameRate;
        double[] raw = new double[length];
        foreach (Note n in notes)
        {
            raw[(int)Math.Round(n.Onset * FrameRate)] += Weight(n);
        }

        for (int i = 0; i < length; i++)
        {
            raw[i] = Math.Log(1 + raw[i]);
        }

        // A small Gaussian (sigma 15 ms) so onsets a frame apart still line up with one beat.
        double[] kernel = [0.0, 0.0, 0.0, 0.0, 0.0];
        double sigma = 1.5;
        for (int k = -2; k <= 2; k++)
        {
            kernel[k + 2] = Math.Exp(-0.5 * k * k / (sigma * sigma));
        }

        double[] smooth = new double[length];
        for (int i = 0; i < length; i++)
        {
            double s = 0;
            for (int k = -2; k <= 2; k++)
            {
                int j = i + k;
                if (j >= 0 && j < length)
                {
                    s += raw[j] * kernel[k + 2];
                }
            }

            smooth[i] = s;
        }

        double mean = smooth.Average();
        double variance = smooth.Sum(v => (v - mean) * (v - mean)) / length;
        double std = variance > 0 ? Math.Sqrt(variance) : 1;
        for (int i = 0; i < length; i++)
        {
            smooth[i] /= std;
        }

        return new OnsetEnvelope(smooth);
    }
}
