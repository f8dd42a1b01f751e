namespace PianoTranscription.Midi.Events;

/// <summary>
/// One event of a MIDI track as stored in the file: a delta time in ticks (since the previous event of the same
/// track) and a message. Events are immutable; the concrete kinds are <see cref="ChannelEvent"/>,
/// <see cref="MetaEvent"/> (with typed subclasses for the meta events the library interprets) and
/// <see cref="SysExEvent"/>.
/// </summary>
public abstract class MidiEvent
{
    /// <summary>The largest delta time a variable-length quantity can hold (4 bytes, 28 bits).</summary>
    public const int MaxDeltaTicks = 0x0FFF_FFFF;

    /// <summary>Creates the event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track, 0 to <see cref="MaxDeltaTicks"/>.</param>
    protected MidiEvent(int deltaTicks)
    {
        if (deltaTicks is < 0 or > MaxDeltaTicks)
        {
            throw new ArgumentOutOfRangeException(nameof(deltaTicks), deltaTicks, $"A delta time must be 0 to {MaxDeltaTicks} ticks.");
        }

        DeltaTicks = deltaTicks;
    }

    /// <summary>Ticks since the previous event of the same track.</summary>
    public int DeltaTicks { get; }

    /// <summary>Returns a copy of this event with another delta time.</summary>
    /// <param name="deltaTicks">The new delta time in ticks.</param>
    /// <returns>The new event.</returns>
    public abstract MidiEvent WithDeltaTicks(int deltaTicks);
}
