using PianoTranscription.Midi;

namespace PianoTranscription.Notation;

/// <summary>
/// Notes placed on a beat grid by the <see cref="Quantizer"/>: a start and duration in ticks per note (in the order
/// given), the tempo map that takes ticks back to performed seconds (one tempo per beat, so grid ticks land on the
/// performed beats) and the pickup. Immutable.
/// </summary>
public sealed class QuantizedTiming
{
    internal QuantizedTiming(long[] startTicks, long[] durationTicks, TempoMap tempoMap, long ticksPerBeat, long pickupTicks, int[] divisions)
    {
        StartTicks = startTicks;
        DurationTicks = durationTicks;
        TempoMap = tempoMap;
        TicksPerBeat = ticksPerBeat;
        PickupTicks = pickupTicks;
        BeatDivisions = divisions;
    }

    /// <summary>The quantised start of each note in ticks (tick 0 = second 0, the start of the first, possibly partial, bar).</summary>
    public IReadOnlyList<long> StartTicks { get; }

    /// <summary>The quantised duration of each note in ticks (at least one grid step).</summary>
    public IReadOnlyList<long> DurationTicks { get; }

    /// <summary>Ticks to performed seconds: a tempo change at every beat.</summary>
    public TempoMap TempoMap { get; }

    /// <summary>Ticks per felt beat (a quarter in 4/4, a dotted quarter in 6/8).</summary>
    public long TicksPerBeat { get; }

    /// <summary>The length of the incomplete first bar in ticks (0 when the score starts on a downbeat).</summary>
    public long PickupTicks { get; }

    /// <summary>The grid chosen for each score beat (steps per beat: 4 for sixteenths, 3 for triplets...).</summary>
    public IReadOnlyList<int> BeatDivisions { get; }
}
