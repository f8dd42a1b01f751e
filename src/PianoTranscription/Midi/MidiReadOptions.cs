namespace PianoTranscription.Midi;

/// <summary>Options for turning MIDI events into notes (<see cref="MidiNotes.Read(string, MidiReadOptions?)"/>).</summary>
public sealed record MidiReadOptions
{
    /// <summary>The default options: drums (channel 10) left out, every other channel read.</summary>
    public static MidiReadOptions Default { get; } = new();

    /// <summary>
    /// Whether notes on channel 10 (index 9, General MIDI percussion) are kept. Default false, matching the
    /// evaluation script <c>mir_eval_notes.py</c>.
    /// </summary>
    public bool IncludeDrumChannel { get; init; }
}
