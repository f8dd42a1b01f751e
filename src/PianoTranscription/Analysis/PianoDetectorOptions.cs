namespace PianoTranscription.Analysis;

/// <summary>Settings of a <see cref="PianoDetector"/>. Immutable: build variants with <c>with</c>.</summary>
public sealed record PianoDetectorOptions
{
    /// <summary>The defaults: the embedded model, <see cref="SilenceThresholds.Default"/>.</summary>
    public static PianoDetectorOptions Default { get; } = new();

    /// <summary>The clip model; null for <see cref="AnalysisModel.Default"/>.</summary>
    public AnalysisModel? Model { get; init; }

    /// <summary>The levels below which a segment is silence or near-silence and is not classified.</summary>
    public SilenceThresholds Silence { get; init; } = SilenceThresholds.Default;

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (Silence is null)
        {
            throw new ArgumentException($"{nameof(Silence)} must not be null.", nameof(Silence));
        }

        Silence.Validate();
    }
}
