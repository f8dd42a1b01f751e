using System.Globalization;

namespace PianoTranscription.Analysis;

/// <summary>What an <see cref="InstrumentRecognizer"/> found in a recording: per-segment presence and a summary.</summary>
public sealed class InstrumentRecognition
{
    internal InstrumentRecognition(IReadOnlyList<InstrumentSegment> segments, double duration, double threshold)
    {
        Segments = segments;
        Duration = duration;
        InstrumentSegment[] sound = segments.Where(s => s.Probabilities is not null).ToArray();
        if (sound.Length == 0)
        {
            Present = [];
            return;
        }

        Instrument[] all = sound[0].Probabilities!.Keys.ToArray();
        Probabilities = all.ToDictionary(i => i, i => sound.Max(s => s.Probabilities![i]));
        MeanProbabilities = all.ToDictionary(i => i, i => sound.Average(s => s.Probabilities![i]));
        Present = Probabilities.Where(p => p.Value >= threshold).OrderByDescending(p => p.Value).Select(p => p.Key).ToArray();
        Predominant = MeanProbabilities.MaxBy(p => p.Value).Key;
    }

    /// <summary>The segments in time order.</summary>
    public IReadOnlyList<InstrumentSegment> Segments { get; }

    /// <summary>The recording's length in seconds.</summary>
    public double Duration { get; }

    /// <summary>Each instrument's highest segment probability (is it present anywhere?); null when no segment was classified.</summary>
    public IReadOnlyDictionary<Instrument, double>? Probabilities { get; }

    /// <summary>Each instrument's mean probability over the classified segments (how much of the recording it fills); null when none was classified.</summary>
    public IReadOnlyDictionary<Instrument, double>? MeanProbabilities { get; }

    /// <summary>The instruments present in at least one segment (<see cref="Probabilities"/> at or above the threshold), most probable first.</summary>
    public IReadOnlyList<Instrument> Present { get; }

    /// <summary>The instrument with the highest <see cref="MeanProbabilities"/>; null when no segment was classified.</summary>
    public Instrument? Predominant { get; }

    /// <summary>A one-line summary, e.g. "Piano 0.97, Violin 0.81 (predominant Piano)".</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        Probabilities is null
            ? "silence"
            : (Present.Count == 0 ? "none of the instruments" : string.Join(", ", Present.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i} {Probabilities[i]:0.00}"))))
              + $" (predominant {Predominant})";
}
