using System.Globalization;

namespace PianoTranscription.Analysis;

/// <summary>Settings of an <see cref="InstrumentRecognizer"/>. Immutable: build variants with <c>with</c>.</summary>
public sealed record InstrumentRecognizerOptions
{
    /// <summary>The defaults: the embedded model, 3 s segments, threshold 0.5, <see cref="SilenceThresholds.Default"/>.</summary>
    public static InstrumentRecognizerOptions Default { get; } = new();

    /// <summary>The clip model; null for <see cref="AnalysisModel.Default"/>.</summary>
    public AnalysisModel? Model { get; init; }

    /// <summary>The segment length in clips of the model (default 3: 3 s with the embedded model's 1 s clips).</summary>
    public int SegmentClips { get; init; } = 3;

    /// <summary>The probability from which an instrument counts as present (default 0.5).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>The levels below which a clip is silence or near-silence and is not classified.</summary>
    public SilenceThresholds Silence { get; init; } = SilenceThresholds.Default;

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (SegmentClips < 1)
        {
            throw new ArgumentException($"{nameof(SegmentClips)} must be at least 1, not {SegmentClips}.", nameof(SegmentClips));
        }

        if (!(Threshold > 0 && Threshold < 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{nameof(Threshold)} must be between 0 and 1 (exclusive), not {Threshold}."), nameof(Threshold));
        }

        if (Silence is null)
        {
            throw new ArgumentException($"{nameof(Silence)} must not be null.", nameof(Silence));
        }

        Silence.Validate();
    }
}
