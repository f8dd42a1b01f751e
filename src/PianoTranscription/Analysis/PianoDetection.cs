using System.Globalization;

namespace PianoTranscription.Analysis;

/// <summary>
/// What a <see cref="PianoDetector"/> found in a recording: a class and probabilities for the whole recording (the mean
/// of its classified segments' probabilities) and for every segment.
/// </summary>
public sealed class PianoDetection
{
    internal PianoDetection(IReadOnlyList<PianoSegment> segments, double duration)
    {
        Segments = segments;
        Duration = duration;
        PianoSegment[] sound = segments.Where(s => s.Probabilities is not null).ToArray();
        ClassifiedSeconds = sound.Sum(s => s.Duration);
        SilentSeconds = segments.Where(s => s.Probabilities is null).Sum(s => s.Duration);
        if (sound.Length > 0)
        {
            Probabilities = new PianoProbabilities(
                sound.Average(s => s.Probabilities!.Value.SoloPiano),
                sound.Average(s => s.Probabilities!.Value.PianoWithOthers),
                sound.Average(s => s.Probabilities!.Value.NoPiano));
            Presence = Probabilities.Value.MostLikely;
        }
        else
        {
            Presence = PianoPresence.Silence;
        }
    }

    /// <summary>The recording's class: the most probable of the mean probabilities, or <see cref="PianoPresence.Silence"/> when every segment is silent or near-silent.</summary>
    public PianoPresence Presence { get; }

    /// <summary>The mean class probabilities over the classified (not silent) segments; null when there are none.</summary>
    public PianoProbabilities? Probabilities { get; }

    /// <summary>True when the recording is solo piano (<see cref="Presence"/> is <see cref="PianoPresence.SoloPiano"/>).</summary>
    public bool IsSoloPiano => Presence == PianoPresence.SoloPiano;

    /// <summary>The segments in time order, covering the recording (a last part shorter than half a clip is not covered).</summary>
    public IReadOnlyList<PianoSegment> Segments { get; }

    /// <summary>The recording's length in seconds.</summary>
    public double Duration { get; }

    /// <summary>Seconds of segments that were classified.</summary>
    public double ClassifiedSeconds { get; }

    /// <summary>Seconds of silent or near-silent segments (not classified).</summary>
    public double SilentSeconds { get; }

    /// <summary>A one-line summary, e.g. "solo piano (solo 0.91, with others 0.07, none 0.02); 58 of 60 s classified".</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Describe(Presence)}{(Probabilities is { } p ? $" ({p})" : "")}; {ClassifiedSeconds:0.#} of {Duration:0.#} s classified");

    /// <summary>A class in words: "solo piano", "piano with others", "no piano", "silence".</summary>
    /// <param name="presence">The class.</param>
    /// <returns>The words.</returns>
    public static string Describe(PianoPresence presence) => presence switch
    {
        PianoPresence.SoloPiano => "solo piano",
        PianoPresence.PianoWithOthers => "piano with others",
        PianoPresence.NoPiano => "no piano",
        _ => "silence",
    };
}
