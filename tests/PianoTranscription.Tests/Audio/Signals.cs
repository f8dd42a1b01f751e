namespace PianoTranscription.Tests.Audio;

/// <summary>Test signals and measurements for audio tests.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int rate, int length, double amplitude = 0.5, double phase = 0)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(amplitude * Math.Sin((2 * Math.PI * frequency * i / rate) + phase));
        }

        return x;
    }

    /// <summary>A linear sweep from f0 to f1 with raised-cosine fades of <paramref name="fade"/> seconds at both ends (so its spectrum stays inside [f0, f1]).</summary>
    public static float[] Sweep(double f0, double f1, int rate, double seconds, double fade = 0.1, double amplitude = 0.9)
    {
        int n = (int)(seconds * rate);
        var x = new float[n];
        double rateOfChange = (f1 - f0) / seconds;
        int fadeN = (int)(fade * rate);
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / rate;
            double g = 1;
            if (i < fadeN)
            {
                g = 0.5 - (0.5 * Math.Cos(Math.PI * i / fadeN));
            }
            else if (i >= n - fadeN)
            {
                g = 0.5 - (0.5 * Math.Cos(Math.PI * (n - 1 - i) / fadeN));
            }

            x[i] = (float)(amplitude * g * Math.Sin(2 * Math.PI * ((f0 * t) + (0.5 * rateOfChange * t * t))));
        }

        return x;
    }

    public static double MeanSquare(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x)
        {
            s += (double)v * v;
        }

        return s / Math.Max(1, x.Length);
    }

    /// <summary>The amplitude of the component at <paramref name="frequency"/> (least-squares fit of sine and cosine).</summary>
    public static double Amplitude(ReadOnlySpan<float> x, double frequency, int rate)
    {
        double ss = 0, sc = 0, cc = 0, xs = 0, xc = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double w = 2 * Math.PI * frequency * i / rate;
            double s = Math.Sin(w), c = Math.Cos(w);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            xs += x[i] * s;
            xc += x[i] * c;
        }

        double det = (ss * cc) - (sc * sc);
        double a = ((xs * cc) - (xc * sc)) / det;
        double b = ((xc * ss) - (xs * sc)) / det;
        return Math.Sqrt((a * a) + (b * b));
    }

    public static string TempPath(string extension) => Path.Combine(Path.GetTempPath(), $"pt-audio-{Guid.NewGuid():N}{extension}");
}
