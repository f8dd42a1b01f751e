namespace PianoTranscription.Analysis;

/// <summary>What a <see cref="RecordingAnalyzer"/> found in one recording: piano presence and instruments.</summary>
/// <param name="Piano">Solo piano, piano with others or no piano, per segment and for the whole recording.</param>
/// <param name="Instruments">Which of the 12 instruments play, per segment.</param>
public sealed record RecordingAnalysis(PianoDetection Piano, InstrumentRecognition Instruments);
