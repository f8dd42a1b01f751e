using PianoTranscription.Decoding;
using PianoTranscription.Notation;

namespace PianoTranscription.Export;

/// <summary>What a piano roll of a <see cref="Score"/> draws: its performed notes, their hands, its beats and bars.</summary>
internal static class ScoreRoll
{
    /// <summary>
    /// The performed notes in score order, and the options with the hands, the beat and bar times (the score's beat
    /// and bar ticks through its tempo map, up to the end of the last bar), the score's title unless one is set, and no
    /// pedal lane (a score holds no pedal).
    /// </summary>
    public static (Note[] Notes, PianoRollOptions Options) Of(Score score, PianoRollOptions? options)
    {
        ArgumentNullException.ThrowIfNull(score);
        options ??= PianoRollOptions.Default;
        Note[] notes = score.Notes.Select(n => n.Performed).ToArray();
        long end = score.Notes.Select(n => n.EndTick).DefaultIfEmpty(0).Max();
        long beat = score.TimeSignature.TicksPerBeat(score.TicksPerQuarterNote);
        var bars = new List<double>();
        var beats = new List<double>();
        for (int bar = 0; ; bar++)
        {
            long start = score.BarStartTick(bar);
            bars.Add(score.TempoMap.ToSeconds(start));
            if (start >= end)
            {
                break;
            }

            long next = score.BarStartTick(bar + 1);
            for (long t = next - beat; t > start; t -= beat)
            {
                beats.Add(score.TempoMap.ToSeconds(t)); // counted back from the next bar, so a pickup's beats fall right
            }
        }

        double lastNote = notes.Select(n => n.Offset).DefaultIfEmpty(0).Max();
        return (notes, options with
        {
            Hands = score.Notes.Select(n => n.Hand).ToArray(),
            ShowPedal = false, // a score holds no pedal
            BeatTimes = [.. beats.Order()],
            BarTimes = bars,
            Title = options.Title ?? score.Title,
            Duration = options.Duration ?? (Math.Max(lastNote, bars[^1]) is double d && d > 0 ? d : null),
        });
    }
}
