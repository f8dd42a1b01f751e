using PianoTranscription.Decoding;

namespace PianoTranscription.Notation;

/// <summary>
/// Assigns each note to the left or right hand. Notes struck together form a chord; within a chord the left hand
/// takes the lowest notes and the right hand the rest, and a Viterbi search over the split point of every chord
/// minimises the cost of stretching a hand beyond its span, of moving a hand far from where it last played, of a
/// hand striking a note while it still holds an earlier one, of the hands crossing and of leaving a hand's home
/// register. Thread-safe; the options are immutable.
/// </summary>
public sealed class HandSplitter
{
    private const int MaxNotesPerHand = 5;

    /// <summary>Creates a splitter.</summary>
    /// <param name="options">The options; null for <see cref="HandSplitterOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range: a cost, window, margin or allowance that is negative or not finite, a rest time that is not positive, a span under 1, or a home outside the piano.</exception>
    public HandSplitter(HandSplitterOptions? options = null)
    {
        Options = options ?? HandSplitterOptions.Default;
        HandSplitterOptions o = Options;
        foreach ((string name, double value) in (ReadOnlySpan<(string, double)>)[
            (nameof(o.SpanCost), o.SpanCost), (nameof(o.HeldSpanCost), o.HeldSpanCost), (nameof(o.MoveCost), o.MoveCost),
            (nameof(o.MoveAllowance), o.MoveAllowance), (nameof(o.RegisterCost), o.RegisterCost), (nameof(o.BusyCost), o.BusyCost),
            (nameof(o.CrossingCost), o.CrossingCost), (nameof(o.ChordWindow), o.ChordWindow), (nameof(o.ReleaseMargin), o.ReleaseMargin)])
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentException($"HandSplitterOptions.{name} is {value}; it must be a finite number, 0 or more.", nameof(options));
            }
        }

        if (!(o.RestTime > 0) || double.IsInfinity(o.RestTime) || o.MaxHandSpan < 1 || o.LeftHome is < 21 or > 108 || o.RightHome is < 21 or > 108)
        {
            throw new ArgumentException(
                $"HandSplitterOptions: RestTime ({o.RestTime}) must be positive and finite, MaxHandSpan ({o.MaxHandSpan}) at least 1, LeftHome ({o.LeftHome}) and RightHome ({o.RightHome}) piano keys (21–108).",
                nameof(options));
        }
    }

    /// <summary>The options.</summary>
    public HandSplitterOptions Options { get; }

    /// <summary>The hand of each note, in the order of <paramref name="notes"/>.</summary>
    /// <param name="notes">The notes (finite times).</param>
    /// <returns>One hand per note.</returns>
    /// <exception cref="ArgumentException">A note's times are unusable.</exception>
    public Hand[] Split(IReadOnlyList<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        BeatTracker.Validate(notes, nameof(notes));
        var hands = new Hand[notes.Count];
        if (notes.Count == 0)
        {
            return hands;
        }

        List<int[]> chords = Chords(notes);

        // One state per split point s of a chord (its s lowest notes to the left hand). Each state keeps the hands'
        // positions along its best path (a carried-state Viterbi: exact costs for the path it remembers).
        var states = new List<State[]>(chords.Count);
        State[] previous = [new State(0, Options.LeftHome, Options.RightHome, double.NegativeInfinity, double.NegativeInfinity, -1)];
        foreach (int[] chord in chords)
        {
            int size = chord.Length;
            double time = notes[chord[0]].Onset;
            var current = new State[size + 1];
            for (int s = 0; s <= size; s++)
            {
                double local = Local(notes, chord, s);
                State best = default;
                double bestCost = double.PositiveInfinity;
                for (int j = 0; j < previous.Length; j++)
                {
                    State p = previous[j];
                    double cost = p.Cost + local + Move(notes, chord, s, p, time);
                    if (cost < bestCost)
                    {
                        bestCost = cost;
                        best = p with { Back = j };
                    }
                }

                State next = best with { Cost = bestCost };
                if (s > 0)
                {
                    (int low, int high, double until) = Held(notes, chord, 0, s, best.LeftLow, best.LeftHigh, best.LeftUntil, time);
                    next = next with { Left = Smooth(best.Left, best.LeftTime, Mean(notes, chord, 0, s), time), LeftTime = time, LeftLow = low, LeftHigh = high, LeftUntil = until };
                }

                if (s < size)
                {
                    (int low, int high, double until) = Held(notes, chord, s, size, best.RightLow, best.RightHigh, best.RightUntil, time);
                    next = next with { Right = Smooth(best.Right, best.RightTime, Mean(notes, chord, s, size), time), RightTime = time, RightLow = low, RightHigh = high, RightUntil = until };
                }

                current[s] = next;
            }

            states.Add(current);
            previous = current;
        }

        int state = 0;
        for (int s = 1; s < previous.Length; s++)
        {
            if (previous[s].Cost < previous[state].Cost)
            {
                state = s;
            }
        }

        for (int c = chords.Count - 1; c >= 0; c--)
        {
            int[] chord = chords[c];
            for (int i = 0; i < chord.Length; i++)
            {
                hands[chord[i]] = i < state ? Hand.Left : Hand.Right;
            }

            state = states[c][state].Back;
        }

        return hands;
    }

    private readonly record struct State(double Cost, double Left, double Right, double LeftTime, double RightTime, int Back,
        int LeftLow = int.MaxValue, int LeftHigh = int.MinValue, double LeftUntil = double.NegativeInfinity,
        int RightLow = int.MaxValue, int RightHigh = int.MinValue, double RightUntil = double.NegativeInfinity);

    /// <summary>Note indices grouped into chords (onsets within the chord window), each sorted by pitch.</summary>
    private List<int[]> Chords(IReadOnlyList<Note> notes)
    {
        int[] order = Enumerable.Range(0, notes.Count).OrderBy(i => notes[i].Onset).ThenBy(i => notes[i].Pitch).ToArray();
        var chords = new List<int[]>();
        var current = new List<int>();
        double start = double.NegativeInfinity;
        foreach (int i in order)
        {
            if (notes[i].Onset - start > Options.ChordWindow && current.Count > 0)
            {
                chords.Add(current.OrderBy(k => notes[k].Pitch).ToArray());
                current.Clear();
            }

            if (current.Count == 0)
            {
                start = notes[i].Onset;
            }

            current.Add(i);
        }

        chords.Add(current.OrderBy(k => notes[k].Pitch).ToArray());
        return chords;
    }

    /// <summary>The cost of a chord's split on its own: spans, register, notes per hand.</summary>
    private double Local(IReadOnlyList<Note> notes, int[] chord, int split)
    {
        double cost = 0;
        if (split > 0)
        {
            cost += HandCost(notes, chord, 0, split, Options.LeftHome);
        }

        if (split < chord.Length)
        {
            cost += HandCost(notes, chord, split, chord.Length, Options.RightHome);
        }

        return cost;
    }

    private double HandCost(IReadOnlyList<Note> notes, int[] chord, int from, int to, int home)
    {
        int span = notes[chord[to - 1]].Pitch - notes[chord[from]].Pitch;
        double cost = Options.SpanCost * Math.Max(0, span - Options.MaxHandSpan);
        cost += Options.SpanCost * 10 * Math.Max(0, to - from - MaxNotesPerHand);
        for (int i = from; i < to; i++)
        {
            cost += Options.RegisterCost * Math.Abs(notes[chord[i]].Pitch - home);
        }

        return cost;
    }

    /// <summary>
    /// The pitch range a hand holds after playing notes <paramref name="from"/>..<paramref name="to"/> of a chord:
    /// the chord, plus what it still held (a hand cannot keep a key down it has jumped away from, so the range only
    /// carries over while the earlier notes last).
    /// </summary>
    private (int Low, int High, double Until) Held(IReadOnlyList<Note> notes, int[] chord, int from, int to, int low, int high, double until, double time)
    {
        int newLow = notes[chord[from]].Pitch, newHigh = notes[chord[to - 1]].Pitch;
        double newUntil = double.NegativeInfinity;
        for (int i = from; i < to; i++)
        {
            newUntil = Math.Max(newUntil, notes[chord[i]].Offset);
        }

        if (until > time + Options.ReleaseMargin)
        {
            newLow = Math.Min(newLow, low);
            newHigh = Math.Max(newHigh, high);
        }

        return (newLow, newHigh, newUntil);
    }

    /// <summary>
    /// The cost of getting from state <paramref name="p"/> to this chord's split: hand movement, crossing, and
    /// stretching over notes the hand still holds.
    /// </summary>
    private double Move(IReadOnlyList<Note> notes, int[] chord, int split, State p, double time)
    {
        double cost = 0;
        if (split > 0 && p.LeftUntil > time + Options.ReleaseMargin)
        {
            int span = Math.Max(p.LeftHigh, notes[chord[split - 1]].Pitch) - Math.Min(p.LeftLow, notes[chord[0]].Pitch);
            cost += Options.HeldSpanCost * Math.Max(0, span - Options.MaxHandSpan);
        }

        if (split < chord.Length && p.RightUntil > time + Options.ReleaseMargin)
        {
            int span = Math.Max(p.RightHigh, notes[chord[^1]].Pitch) - Math.Min(p.RightLow, notes[chord[split]].Pitch);
            cost += Options.HeldSpanCost * Math.Max(0, span - Options.MaxHandSpan);
        }

        // A hand that still holds a note struck earlier is less likely to strike another than a free hand.
        if (split > 0 && p.LeftUntil > time + Options.ReleaseMargin)
        {
            cost += Options.BusyCost;
        }

        if (split < chord.Length && p.RightUntil > time + Options.ReleaseMargin)
        {
            cost += Options.BusyCost;
        }

        if (split > 0)
        {
            double rest = time - p.LeftTime > Options.RestTime ? 0.25 : 1;
            cost += rest * Options.MoveCost * Math.Max(0, Math.Abs(Mean(notes, chord, 0, split) - p.Left) - Options.MoveAllowance);
            if (notes[chord[split - 1]].Pitch > p.Right && time - p.RightTime < Options.RestTime)
            {
                cost += Options.CrossingCost;
            }
        }

        if (split < chord.Length)
        {
            double rest = time - p.RightTime > Options.RestTime ? 0.25 : 1;
            cost += rest * Options.MoveCost * Math.Max(0, Math.Abs(Mean(notes, chord, split, chord.Length) - p.Right) - Options.MoveAllowance);
            if (notes[chord[split]].Pitch < p.Left && time - p.LeftTime < Options.RestTime)
            {
                cost += Options.CrossingCost;
            }
        }

        return cost;
    }

    /// <summary>
    /// A hand's position: where it played recently, smoothed (half the old position, half the new chord) so that a
    /// figure such as an Alberti bass keeps the hand in one place; after a rest it is where it plays now.
    /// </summary>
    private double Smooth(double previous, double previousTime, double now, double time) =>
        time - previousTime > Options.RestTime ? now : (0.5 * previous) + (0.5 * now);

    private static double Mean(IReadOnlyList<Note> notes, int[] chord, int from, int to)
    {
        double s = 0;
        for (int i = from; i < to; i++)
        {
            s += notes[chord[i]].Pitch;
        }

        return s / (to - from);
    }
}
