using PianoTranscription.Decoding;

namespace PianoTranscription.Notation;

/// <summary>
/// Assigns each note to the left or right hand. Notes struck together form a chord; within a chord the left hand
/// takes the lowest notes and the right hand the rest, and a Viterbi search over the split point of every chord
/// minimises the cost of stretching a hand beyond its span, of moving a hand far from where it last played, of
/// the hands crossing and of leaving a hand's home register. Thread-safe; the options are immutable.
/// </summary>
public sealed class HandSplitter
{
    private const int MaxNotesPerHand = 5;

    /// <summary>Creates a splitter.</summary>
    /// <param name="options">The options; null for <see cref="HandSplitterOptions.Default"/>.</param>
    public HandSplitter(HandSplitterOptions? options = null) => Options = options ?? HandSplitterOptions.Default;

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

                double left = best.Left, right = best.Right, leftTime = best.LeftTime, rightTime = best.RightTime;
                if (s > 0)
                {
                    left = Mean(notes, chord, 0, s);
                    leftTime = time;
                }

                if (s < size)
                {
                    right = Mean(notes, chord, s, size);
                    rightTime = time;
                }

                current[s] = new State(bestCost, left, right, leftTime, rightTime, best.Back);
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

    private readonly record struct State(double Cost, double Left, double Right, double LeftTime, double RightTime, int Back);

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

    /// <summary>The cost of getting from state <paramref name="p"/> to this chord's split: hand movement and crossing.</summary>
    private double Move(IReadOnlyList<Note> notes, int[] chord, int split, State p, double time)
    {
        double cost = 0;
        if (split > 0)
        {
            double rest = time - p.LeftTime > Options.RestTime ? 0.25 : 1;
            cost += rest * Options.MoveCost * Math.Abs(Mean(notes, chord, 0, split) - p.Left);
            if (notes[chord[split - 1]].Pitch > p.Right && time - p.RightTime < Options.RestTime)
            {
                cost += Options.CrossingCost;
            }
        }

        if (split < chord.Length)
        {
            double rest = time - p.RightTime > Options.RestTime ? 0.25 : 1;
            cost += rest * Options.MoveCost * Math.Abs(Mean(notes, chord, split, chord.Length) - p.Right);
            if (notes[chord[split]].Pitch < p.Left && time - p.LeftTime < Options.RestTime)
            {
                cost += Options.CrossingCost;
            }
        }

        return cost;
    }

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
