using PianoTranscription.Decoding;

namespace PianoTranscription.Export;

/// <summary>The content of a JSON note file: notes, sustain-pedal intervals and optional metadata.</summary>
/// <param name="Notes">The notes in file order.</param>
/// <param name="SustainPedal">The sustain-pedal intervals in file order.</param>
/// <param name="Metadata">The metadata, or null when the file has none.</param>
public sealed record NoteDocument(IReadOnlyList<Note> Notes, IReadOnlyList<PedalInterval> SustainPedal, TranscriptionMetadata? Metadata);
