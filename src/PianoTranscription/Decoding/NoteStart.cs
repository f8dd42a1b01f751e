namespace PianoTranscription.Decoding;

/// <summary>
/// The start of a note, reported by <see cref="StreamingNoteDecoder"/> as soon as its onset peak is decided,
/// before the note's end is known. The same note is later returned as a final <see cref="Note"/> with the same
/// <see cref="Pitch"/>, <see cref="Onset"/>, <see cref="Velocity"/> and <see cref="Confidence"/>.
/// </summary>
/// <param name="Pitch">The MIDI pitch, 21 (A0) to 108 (C8).</param>
/// <param name="Onset">The onset time in seconds.</param>
/// <param name="Velocity">The MIDI velocity, 1 to 127.</param>
/// <param name="Confidence">The onset peak's height, 0 to 1.</param>
public readonly record struct NoteStart(int Pitch, double Onset, int Velocity, float Confidence);
