namespace PianoTranscription.Evaluation;

/// <summary>A matched pair: a reference note and the estimated note that counts as finding it.</summary>
/// <param name="ReferenceIndex">Index into the reference list passed to the evaluator.</param>
/// <param name="EstimateIndex">Index into the estimate list passed to the evaluator.</param>
public readonly record struct NoteMatch(int ReferenceIndex, int EstimateIndex);
