using System.Globalization;

namespace PianoTranscription.Analysis;

/// <summary>
/// The levels below which an analysis segment counts as silence or near-silence: its RMS level in dBFS (0 dBFS is a
/// full-scale square wave; a full-scale sine is −3 dBFS). The one place where the analysis types measure loudness.
/// </summary>
/// <param name="SilenceDb">Below this a segment is <see cref="AudioActivity.Silence"/> (default −60 dBFS).</param>
/// <param name="NearSilenceDb">Below this (and not silent) a segment is <see cref="AudioActivity.NearSilence"/>
/// (default −50 dBFS); set it equal to <paramref name="SilenceDb"/> to classify everything above silence.</param>
public sealed record SilenceThresholds(double SilenceDb = -60, double NearSilenceDb = -50)
{
    /// <summary>The defaults: silence below −60 dBFS, near-silence below −50 dBFS.</summary>
    public static SilenceThresholds Default { get; } = new();

    /// <summary>The RMS level of samples in dBFS; <see cref="double.NegativeInfinity"/> for digital silence or no samples.</summary>
    /// <param name="samples">The samples, nominally in [-1, 1].</param>
    /// <returns>The level.</returns>
    public static double RmsDb(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return double.NegativeInfinity;
        }

        double sum = 0;
        foreach (float s in samples)
        {
            sum += (double)s * s;
        }

        return sum > 0 ? 10 * Math.Log10(sum / samples.Length) : double.NegativeInfinity;
    }

    /// <summary>How a segment at <paramref name="levelDb"/> counts.</summary>
    /// <param name="levelDb">The segment's RMS level in dBFS (<see cref="RmsDb"/>).</param>
    /// <returns>The activity.</returns>
    public AudioActivity Classify(double levelDb) =>
        levelDb < SilenceDb || double.IsNaN(levelDb) ? AudioActivity.Silence
        : levelDb < NearSilenceDb ? AudioActivity.NearSilence
        : AudioActivity.Sound;

    /// <summary>Checks the thresholds and throws an <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (!double.IsFinite(SilenceDb) || SilenceDb > 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{nameof(SilenceDb)} must be a finite level of at most 0 dBFS, not {SilenceDb}."), nameof(SilenceDb));
        }

        if (!double.IsFinite(NearSilenceDb) || NearSilenceDb > 0 || NearSilenceDb < SilenceDb)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{nameof(NearSilenceDb)} must be finite, at most 0 dBFS and not below {nameof(SilenceDb)} ({SilenceDb}), not {NearSilenceDb}."), nameof(NearSilenceDb));
        }
    }
}
