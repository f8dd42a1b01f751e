using PianoTranscription.Midi.Events;

namespace PianoTranscription.Midi;

/// <summary>
/// Converts between MIDI ticks and seconds for a file's tempo changes. Before the first tempo event the tempo is
/// 120 bpm (500 000 µs per quarter note), as the standard says. Immutable and thread-safe.
/// </summary>
public sealed class TempoMap
{
    private readonly long[] _ticks;
    private readonly double[] _seconds;
    private readonly double[] _secondsPerTick;
    private readonly TempoChange[] _changes;

    /// <summary>Creates a tempo map.</summary>
    /// <param name="ticksPerQuarterNote">The file's time division, 1 to 32 767.</param>
    /// <param name="changes">Tempo changes in any order; at equal ticks the last one given wins.</param>
    public TempoMap(int ticksPerQuarterNote, IEnumerable<TempoChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerQuarterNote, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticksPerQuarterNote, 0x7FFF);
        TicksPerQuarterNote = ticksPerQuarterNote;

        // Stable sort by tick, then keep the last change at each tick; a default segment covers tick 0.
        var sorted = changes.Select((c, i) => (c, i)).OrderBy(x => x.c.Tick).ThenBy(x => x.i).Select(x => x.c).ToList();
        var merged = new List<TempoChange> { new(0, TempoEvent.DefaultMicrosecondsPerQuarterNote) };
        foreach (TempoChange c in sorted)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c.Tick, nameof(changes));
            ArgumentOutOfRangeException.ThrowIfLessThan(c.MicrosecondsPerQuarterNote, 1, nameof(changes));
            if (merged[^1].Tick == c.Tick)
            {
                merged[^1] = c;
            }
            else
            {
                merged.Add(c);
            }
        }

        _changes = merged.ToArray();
        _ticks = new long[_changes.Length];
        _seconds = new double[_changes.Length];
        _secondsPerTick = new double[_changes.Length];
        double seconds = 0;
        for (int i = 0; i < _changes.Length; i++)
        {
            if (i > 0)
            {
                seconds += (_changes[i].Tick - _changes[i - 1].Tick) * _secondsPerTick[i - 1];
            }

            _ticks[i] = _changes[i].Tick;
            _seconds[i] = seconds;
            _secondsPerTick[i] = _changes[i].MicrosecondsPerQuarterNote / 1e6 / ticksPerQuarterNote;
        }
    }

    /// <summary>The time division: ticks per quarter note.</summary>
    public int TicksPerQuarterNote { get; }

    /// <summary>The tempo segments, starting with the one in force at tick 0.</summary>
    public IReadOnlyList<TempoChange> Changes => _changes;

    /// <summary>A map with one constant tempo.</summary>
    /// <param name="ticksPerQuarterNote">Ticks per quarter note.</param>
    /// <param name="beatsPerMinute">Quarter notes per minute.</param>
    /// <returns>The tempo map.</returns>
    public static TempoMap Constant(int ticksPerQuarterNote, double beatsPerMinute)
    {
        TempoEvent tempo = TempoEvent.FromBeatsPerMinute(0, beatsPerMinute);
        return new TempoMap(ticksPerQuarterNote, [new TempoChange(0, tempo.MicrosecondsPerQuarterNote)]);
    }

    /// <summary>
    /// Builds the tempo map of a file from the tempo events of all its tracks (for format 2, whose tracks are
    /// independent sequences, this treats them as if played together).
    /// </summary>
    /// <param name="file">The MIDI file.</param>
    /// <returns>The tempo map.</returns>
    public static TempoMap FromFile(MidiFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var changes = new List<TempoChange>();
        foreach (MidiTrack track in file.Tracks)
        {
            foreach ((long tick, MidiEvent e) in track.EnumerateWithAbsoluteTicks())
            {
                if (e is TempoEvent t)
                {
                    changes.Add(new TempoChange(tick, t.MicrosecondsPerQuarterNote));
                }
            }
        }

        return new TempoMap(file.TicksPerQuarterNote, changes);
    }

    /// <summary>The time in seconds of an absolute tick.</summary>
    /// <param name="tick">The absolute tick (0 or more).</param>
    /// <returns>Seconds from the start of the file.</returns>
    public double ToSeconds(long tick)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tick);
        int i = Array.BinarySearch(_ticks, tick);
        if (i < 0)
        {
            i = ~i - 1;
        }

        return _seconds[i] + ((tick - _ticks[i]) * _secondsPerTick[i]);
    }

    /// <summary>The nearest absolute tick of a time in seconds (halfway rounds up).</summary>
    /// <param name="seconds">Seconds from the start, 0 or more.</param>
    /// <returns>The tick.</returns>
    public long ToTicks(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The time must be a finite number of seconds, 0 or more.");
        }

        int i = Array.BinarySearch(_seconds, seconds);
        if (i < 0)
        {
            i = ~i - 1;
        }

        // Several segments can start at the same second only if a segment has zero length, which merging prevents.
        double ticks = _ticks[i] + ((seconds - _seconds[i]) / _secondsPerTick[i]);
        return (long)Math.Floor(ticks + 0.5);
    }
}
