namespace PianoTranscription.ML.Classification;

/// <summary>
/// What an <see cref="AudioClassifier"/> says about one recording: the label whose mean probability over the
/// recording's non-silent clips is highest, every label's mean probability, and each clip's own answer.
/// </summary>
/// <param name="Label">The most probable label for the whole recording.</param>
/// <param name="Probabilities">Each label's probability for the whole recording (the mean over non-silent clips), in the classifier's label order; they sum to 1.</param>
/// <param name="Segments">Each clip in time order, silent ones included (marked, and not counted in the whole-recording answer).</param>
public sealed record ClassifierPrediction(string Label, IReadOnlyDictionary<string, float> Probabilities, IReadOnlyList<ClassifiedSegment> Segments)
{
    /// <summary>The probability of <see cref="Label"/>.</summary>
    public float Confidence => Probabilities[Label];

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{Label} ({Confidence:0.000}; {Segments.Count(s => !s.Silent)} clips)");
}

/// <summary>One clip of a recording and what the classifier says about it.</summary>
/// <param name="Start">Where the clip starts, in seconds from the start of the recording.</param>
/// <param name="End">Where it ends, in seconds.</param>
/// <param name="Label">The most probable label for this clip.</param>
/// <param name="Probabilities">Each label's probability for this clip, in the classifier's label order.</param>
/// <param name="Silent">True when the clip is below <see cref="AudioClassifierOptions.SilenceThresholdDb"/>: it is still scored, but not counted in the recording's answer.</param>
public sealed record ClassifiedSegment(double Start, double End, string Label, IReadOnlyDictionary<string, float> Probabilities, bool Silent);
