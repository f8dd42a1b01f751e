using PianoTranscription.Decoding;
using PianoTranscription.Midi;

namespace PianoTranscription.Notation;

/// <summary>
/// Puts note onsets and offsets on the beat grid of a <see cref="BeatAnalysis"/>. Times become beat positions by
/// interpolating between the performed beats; each beat then takes the division (sixteenths, triplets...) that fits
/// its onsets best for its cost, and onsets and offsets round to it. Dotted values and notes across bar lines come
/// out as durations of any number of grid steps; the performed times stay with the caller's notes. Thread-safe.
/// </summary>
public sealed class Quantizer
{
    // An onset this little before a beat (in beats) belongs to that beat.
    private const double Lead = 0.08;

    /// <summary>Creates a quantiser.</summary>
    /// <param name="options">The options; null for <see cref="QuantizerOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">A division has steps outside 1–12 or a negative or non-finite cost, or there are none.</exception>
    public Quantizer(QuantizerOptions? options = null)
    {
        Options = options ?? QuantizerOptions.Default;
        foreach (BeatDivision d in Options.SimpleDivisions.Concat(Options.CompoundDivisions))
        {
            if (d.Steps is < 1 or > 12 || !(d.Cost >= 0) || double.IsInfinity(d.Cost))
            {
                throw new ArgumentException($"Beat division {d.Steps} (cost {d.Cost}) is invalid: steps 1 to 12, cost finite and 0 or more.", nameof(options));
            }
        }

        if (Options.SimpleDivisions.Count == 0 || Options.CompoundDivisions.Count == 0)
        {
            throw new ArgumentException("Give at least one division for simple and one for compound beats.", nameof(options));
        }
    }

    /// <summary>The options.</summary>
    public QuantizerOptions Options { get; }

    /// <summary>Quantises <paramref name="notes"/> to the beats of <paramref name="beats"/>.</summary>
    /// <param name="notes">The notes (finite times, onsets 0 or more).</param>
    /// <param name="beats">The beat analysis.</param>
    /// <param name="ticksPerQuarterNote">The resolution; a multiple of 24 keeps every default division exact. Default 480.</param>
    /// <returns>Ticks per note, the tempo map and the pickup.</returns>
    /// <exception cref="ArgumentException">A note's times are unusable.</exception>
    public QuantizedTiming Quantize(IReadOnlyList<Note> notes, BeatAnalysis beats, int ticksPerQuarterNote = ScoreOptions.TicksPerQuarterNote)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(beats);
        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerQuarterNote, 1);
        BeatTracker.Validate(notes, nameof(notes));
        TimeSignature signature = beats.TimeSignature;
        long tpb = signature.TicksPerBeat(ticksPerQuarterNote);
        double end = notes.Count > 0 ? notes.Max(n => n.Offset) : 0;
        (double[] grid, double[] tempoGrid, int leading) = Grid(beats.Beats, end);

        IReadOnlyList<BeatDivision> divisions = signature.IsCompound ? Options.CompoundDivisions : Options.SimpleDivisions;
        if (!Options.AllowTuplets)
        {
            divisions = [divisions[0]];
        }

        // Each onset's beat and phase; then the division per beat that fits its onsets best.
        int beatCount = grid.Length;
        var phases = new List<double>[beatCount];
        double[] starts = new double[notes.Count];
        for (int i = 0; i < notes.Count; i++)
        {
            double p = Position(grid, notes[i].Onset);
            starts[i] = p;
            int k = Math.Clamp((int)Math.Floor(p + Lead), 0, beatCount - 1);
            (phases[k] ??= []).Add(p - k);
        }

        int[] chosen = new int[beatCount];
        for (int k = 0; k < beatCount; k++)
        {
            chosen[k] = Choose(phases[k], divisions);
        }

        long[] startTicks = new long[notes.Count];
        long[] durationTicks = new long[notes.Count];
        for (int i = 0; i < notes.Count; i++)
        {
            long start = ToTicks(starts[i], chosen, tpb);
            double pe = Position(grid, notes[i].Offset);
            long stop = ToTicks(pe, chosen, tpb);
            int k = Math.Clamp((int)Math.Floor(starts[i] + Lead), 0, beatCount - 1);
            long step = Math.Max(1, tpb / chosen[k]);
            startTicks[i] = start;
            durationTicks[i] = Math.Max(step, stop - start);
        }

        EndBeforeRestrike(notes, startTicks, durationTicks);

        var changes = new List<TempoChange>(beatCount);
        for (int k = 0; k + 1 < grid.Length; k++)
        {
            double secondsPerQuarter = (tempoGrid[k + 1] - tempoGrid[k]) * ticksPerQuarterNote / tpb;
            changes.Add(new TempoChange(k * tpb, (int)Math.Clamp(Math.Round(secondsPerQuarter * 1e6), 1, 0xFFFFFF)));
        }

        int barBeats = signature.BeatsPerBar;
        long pickup = ((leading + beats.FirstDownbeat) % barBeats) * tpb;
        return new QuantizedTiming(startTicks, durationTicks, new TempoMap(ticksPerQuarterNote, changes), tpb, pickup, chosen);
    }

    /// <summary>
    /// The score's beat times: the tracked beats, extended past the last offset, with second 0 as beat 0 (tick 0 is
    /// second 0 in a tempo map): leading silence becomes whole beats, or, when the first beat is under half a beat
    /// in, the tempo map's first beat starts at 0 (notes are still placed against the performed first beat).
    /// Returns the grid notes are placed on, the grid of the tempo map, and the number of beats put in front.
    /// </summary>
    private static (double[] Grid, double[] TempoGrid, int Leading) Grid(IReadOnlyList<double> beats, double end)
    {
        var grid = new List<double>(beats);
        double last = grid[^1] - grid[^2];
        while (grid[^1] <= end + last)
        {
            grid.Add(grid[^1] + last);
        }

        double first = grid[1] - grid[0];
        int leading = (int)Math.Round(grid[0] / first);
        if (leading == 0)
        {
            double[] tempoGrid = grid.ToArray();
            tempoGrid[0] = 0;
            return (grid.ToArray(), tempoGrid, 0);
        }

        double step = grid[0] / leading;
        grid.InsertRange(0, Enumerable.Range(0, leading).Select(i => i * step));
        return (grid.ToArray(), grid.ToArray(), leading);
    }

    /// <summary>
    /// One key cannot sound twice: where rounding lets a note run past the next onset of the same pitch, it ends at
    /// that onset (which is what the performer's re-strike did). Notes of one pitch that round to the same tick are
    /// left as they are.
    /// </summary>
    private static void EndBeforeRestrike(IReadOnlyList<Note> notes, long[] startTicks, long[] durationTicks)
    {
        foreach (IGrouping<int, int> pitch in Enumerable.Range(0, notes.Count).GroupBy(i => notes[i].Pitch))
        {
            int[] order = pitch.OrderBy(i => startTicks[i]).ThenBy(i => notes[i].Onset).ToArray();
            for (int j = 0; j + 1 < order.Length; j++)
            {
                int a = order[j];
                long next = order.Skip(j + 1).Select(i => startTicks[i]).FirstOrDefault(t => t > startTicks[a], long.MaxValue);
                if (next != long.MaxValue && startTicks[a] + durationTicks[a] > next)
                {
                    durationTicks[a] = next - startTicks[a];
                }
            }
        }
    }

    /// <summary>A time as a fractional beat index, interpolating between grid beats.</summary>
    private static double Position(double[] grid, double time)
    {
        int i = Array.BinarySearch(grid, time);
        if (i >= 0)
        {
            return i;
        }

        // Before the first beat and after the last, the nearest beat interval is extended.
        int k = Math.Clamp(~i - 1, 0, grid.Length - 2);
        return k + ((time - grid[k]) / (grid[k + 1] - grid[k]));
    }

    private static int Choose(List<double>? phases, IReadOnlyList<BeatDivision> divisions)
    {
        if (phases is null)
        {
            return divisions[0].Steps;
        }

        int best = divisions[0].Steps;
        double bestCost = double.PositiveInfinity;
        foreach (BeatDivision d in divisions)
        {
            double cost = d.Cost;
            foreach (double f in phases)
            {
                double e = f - (Math.Round(f * d.Steps) / d.Steps);
                cost += e * e;
            }

            if (cost < bestCost - 1e-12)
            {
                bestCost = cost;
                best = d.Steps;
            }
        }

        return best;
    }

    private static long ToTicks(double position, int[] chosen, long tpb)
    {
        int k = Math.Clamp((int)Math.Floor(position + Lead), 0, chosen.Length - 1);
        double f = position - k;
        int steps = chosen[k];
        long r = (long)Math.Round(f * steps);
        return Math.Max(0, (k * tpb) + (long)Math.Round(r * tpb / (double)steps));
    }
}
