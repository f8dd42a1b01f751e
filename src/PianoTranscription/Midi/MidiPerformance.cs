using PianoTranscription.Decoding;

namespace PianoTranscription.Midi;

/// <summary>Notes and sustain-pedal intervals in seconds, as read from a MIDI file by <see cref="MidiNotes"/>.</summary>
/// <param name="Notes">The notes, sorted by onset, then pitch.</param>
/// <param name="SustainPedal">The sustain-pedal (CC64) down intervals, sorted and non-overlapping.</param>
public sealed record MidiPerformance(IReadOnlyList<Note> Notes, IReadOnlyList<PedalInterval> SustainPedal);
