using PianoTranscription.Midi.Events;

namespace PianoTranscription.Midi;

/// <summary>One track chunk (<c>MTrk</c>) of a MIDI file: an immutable list of events with delta times.</summary>
public sealed class MidiTrack
{
    private readonly MidiEvent[] _events;

    /// <summary>Creates a track from its events in file order.</summary>
    /// <param name="events">The events; an end-of-track marker is optional (the writer adds one).</param>
    public MidiTrack(IEnumerable<MidiEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = events.ToArray();
        for (int i = 0; i < _events.Length; i++)
        {
            if (_events[i] is null)
            {
                throw new ArgumentException($"Event {i} is null.", nameof(events));
            }
        }
    }

    /// <summary>The events in file order.</summary>
    public IReadOnlyList<MidiEvent> Events => _events;

    /// <summary>The name from the first track-name event, or null when the track has none.</summary>
    public string? Name => _events.OfType<TrackNameEvent>().FirstOrDefault()?.Name;

    /// <summary>The track's length in ticks (the sum of all delta times).</summary>
    public long LengthInTicks
    {
        get
        {
            long ticks = 0;
            foreach (MidiEvent e in _events)
            {
                ticks += e.DeltaTicks;
            }

            return ticks;
        }
    }

    /// <summary>The events with their absolute times (ticks from the start of the track).</summary>
    /// <returns>Pairs of absolute tick and event, in file order.</returns>
    public IEnumerable<(long Tick, MidiEvent Event)> EnumerateWithAbsoluteTicks()
    {
        long ticks = 0;
        foreach (MidiEvent e in _events)
        {
            ticks += e.DeltaTicks;
            yield return (ticks, e);
        }
    }

    /// <summary>Builds a track from events placed at absolute ticks (in order), computing the delta times.</summary>
    /// <param name="timedEvents">Absolute tick and event pairs, ticks non-decreasing; each event's own delta is ignored.</param>
    /// <returns>The track.</returns>
    public static MidiTrack FromAbsoluteTicks(IEnumerable<(long Tick, MidiEvent Event)> timedEvents)
    {
        ArgumentNullException.ThrowIfNull(timedEvents);
        var list = new List<MidiEvent>();
        long previous = 0;
        foreach ((long tick, MidiEvent e) in timedEvents)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(timedEvents));
            if (tick < previous)
            {
                throw new ArgumentException($"Event ticks must not decrease (tick {tick} after {previous}).", nameof(timedEvents));
            }

            long delta = tick - previous;
            if (delta > MidiEvent.MaxDeltaTicks)
            {
                throw new ArgumentException($"The gap of {delta} ticks before tick {tick} exceeds the largest MIDI delta time.", nameof(timedEvents));
            }

            list.Add(e.DeltaTicks == delta ? e : e.WithDeltaTicks((int)delta));
            previous = tick;
        }

        return new MidiTrack(list);
    }
}
