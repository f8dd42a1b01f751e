namespace PianoTranscription.Analysis;

/// <summary>
/// One segment (3 s by default) of an <see cref="InstrumentRecognition"/>: the presence probability of each
/// instrument and the instruments judged present. Silent and near-silent segments have no probabilities.
/// </summary>
public sealed class InstrumentSegment
{
    internal InstrumentSegment(double start, double end, double levelDb, AudioActivity activity, IReadOnlyDictionary<Instrument, double>? probabilities, double threshold)
    {
        Start = start;
        End = end;
        LevelDb = levelDb;
        Activity = activity;
        Probabilities = probabilities;
        Present = probabilities is null
            ? []
            : probabilities.Where(p => p.Value >= threshold).OrderByDescending(p => p.Value).Select(p => p.Key).ToArray();
        Predominant = probabilities is null ? null : probabilities.MaxBy(p => p.Value).Key;
    }

    /// <summary>Start in seconds.</summary>
    public double Start { get; }

    /// <summary>End in seconds.</summary>
    public double End { get; }

    /// <summary>The segment's RMS level in dBFS.</summary>
    public double LevelDb { get; }

    /// <summary>Sound (classified), near-silence or silence (not classified).</summary>
    public AudioActivity Activity { get; }

    /// <summary>The presence probability of each instrument (the mean over the segment's sounding clips); null when not classified.</summary>
    public IReadOnlyDictionary<Instrument, double>? Probabilities { get; }

    /// <summary>The instruments whose probability reaches <see cref="InstrumentRecognizerOptions.Threshold"/>, most probable first.</summary>
    public IReadOnlyList<Instrument> Present { get; }

    /// <summary>The most probable instrument (the answer for a solo segment); null when not classified.</summary>
    public Instrument? Predominant { get; }

    /// <summary>The segment's length in seconds.</summary>
    public double Duration => End - Start;
}
