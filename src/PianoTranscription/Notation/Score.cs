using PianoTranscription.Analysis;
using PianoTranscription.Midi;

namespace PianoTranscription.Notation;

/// <summary>
/// A quantised two-hand piano score: notes on a tick grid, a tempo map from ticks to performed seconds, one time
/// signature, an optional pickup, a key. Immutable and thread-safe. Build one from notes with
/// the notation pipeline (<c>TranscriptionResult.ToScore</c>); write it with the notation writers.
/// </summary>
public sealed class Score
{
    /// <summary>Creates a score.</summary>
    /// <param name="notes">The notes, any order (kept sorted by start tick, then pitch).</param>
    /// <param name="tempoMap">Ticks to seconds; its <see cref="TempoMap.TicksPerQuarterNote"/> is the score's resolution.</param>
    /// <param name="timeSignature">The time signature.</param>
    /// <param name="pickupTicks">Length of an incomplete first bar in ticks (0 = none; less than one bar).</param>
    /// <param name="key">The key, or null when unknown (written as C major / no accidentals).</param>
    /// <param name="beats">Performed beat times in seconds (may be empty).</param>
    /// <param name="downbeats">Performed downbeat times in seconds (a subset of <paramref name="beats"/>; may be empty).</param>
    /// <param name="title">A title for the score's header, or null.</param>
    public Score(IEnumerable<ScoreNote> notes, TempoMap tempoMap, TimeSignature timeSignature, long pickupTicks = 0, Key? key = null,
        IReadOnlyList<double>? beats = null, IReadOnlyList<double>? downbeats = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(tempoMap);
        if (timeSignature.Numerator == 0)
        {
            throw new ArgumentException("The time signature is the default value; give a real one such as TimeSignature.FourFour.", nameof(timeSignature));
        }

        TempoMap = tempoMap;
        TimeSignature = timeSignature;
        ArgumentOutOfRangeException.ThrowIfNegative(pickupTicks);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pickupTicks, timeSignature.TicksPerBar(tempoMap.TicksPerQuarterNote));
        PickupTicks = pickupTicks;
        Key = key;
        Beats = beats?.ToArray() ?? [];
        Downbeats = downbeats?.ToArray() ?? [];
        Title = title;
        ScoreNote[] sorted = notes.ToArray();
        foreach (ScoreNote n in sorted)
        {
            if (n.StartTick < 0 || n.DurationTicks < 1)
            {
                throw new ArgumentException($"Note {n.Pitch} at tick {n.StartTick} has a negative start or a duration under one tick.", nameof(notes));
            }

            if (n.Voice < 1)
            {
                throw new ArgumentException($"Note {n.Pitch} at tick {n.StartTick} has voice {n.Voice}; voices count from 1.", nameof(notes));
            }
        }

        Array.Sort(sorted, static (a, b) => a.StartTick != b.StartTick ? a.StartTick.CompareTo(b.StartTick) : a.Pitch.CompareTo(b.Pitch));
        Notes = sorted;
    }

    /// <summary>The notes, sorted by start tick, then pitch.</summary>
    public IReadOnlyList<ScoreNote> Notes { get; }

    /// <summary>Ticks to performed seconds (tempo changes at ticks).</summary>
    public TempoMap TempoMap { get; }

    /// <summary>Ticks per quarter note (the tempo map's resolution).</summary>
    public int TicksPerQuarterNote => TempoMap.TicksPerQuarterNote;

    /// <summary>The time signature.</summary>
    public TimeSignature TimeSignature { get; }

    /// <summary>The length of the incomplete first bar in ticks; 0 when the score starts on a downbeat.</summary>
    public long PickupTicks { get; }

    /// <summary>The key, or null when unknown.</summary>
    public Key? Key { get; }

    /// <summary>Performed beat times in seconds.</summary>
    public IReadOnlyList<double> Beats { get; }

    /// <summary>Performed downbeat (bar start) times in seconds.</summary>
    public IReadOnlyList<double> Downbeats { get; }

    /// <summary>The title, or null.</summary>
    public string? Title { get; }

    /// <summary>Ticks per full bar.</summary>
    public long TicksPerBar => TimeSignature.TicksPerBar(TicksPerQuarterNote);

    /// <summary>The notes of one hand, in score order.</summary>
    /// <param name="hand">The hand.</param>
    public IEnumerable<ScoreNote> NotesOf(Hand hand) => Notes.Where(n => n.Hand == hand);

    /// <summary>The start tick of bar <paramref name="bar"/> (0 = the pickup bar when there is one, else the first full bar).</summary>
    /// <param name="bar">Bar index from 0.</param>
    public long BarStartTick(int bar) => bar == 0 ? 0 : PickupTicks == 0 ? bar * TicksPerBar : PickupTicks + (bar - 1) * TicksPerBar;
}
