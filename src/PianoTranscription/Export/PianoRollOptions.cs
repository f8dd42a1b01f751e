namespace PianoTranscription.Export;

/// <summary>
/// How <see cref="PianoRollSvg"/> and <see cref="PianoRollPng"/> draw a piano roll (sizes are SVG user units, which
/// are the PNG's pixels). Immutable; change it with <c>with</c>.
/// </summary>
public sealed record PianoRollOptions
{
    /// <summary>The defaults: 100 px per second, 6 px per key, all 88 keys, pedal lane shown.</summary>
    public static PianoRollOptions Default { get; } = new();

    /// <summary>
    /// Horizontal scale in pixels per second (default 100); ignored when <see cref="Width"/> is set. A PNG lowers it
    /// where the picture would be wider than <see cref="PianoRollPng.MaxWidth"/>.
    /// </summary>
    public double PixelsPerSecond { get; init; } = 100;

    /// <summary>
    /// The width of the time area in pixels; when set, the time scale is chosen so the whole duration fits.
    /// Null (default) uses <see cref="PixelsPerSecond"/>. The SVG has a <c>viewBox</c>, so viewers can scale it further;
    /// a PNG is never wider than <see cref="PianoRollPng.MaxWidth"/>.
    /// </summary>
    public double? Width { get; init; }

    /// <summary>Height of one key row in pixels (default 6).</summary>
    public double KeyHeight { get; init; } = 6;

    /// <summary>
    /// True to show only the keys from the lowest to the highest note (rounded out to whole octaves C..B);
    /// false (default) to show all 88 piano keys.
    /// </summary>
    public bool FitPitchRange { get; init; }

    /// <summary>True (default) to draw a lane with the sustain-pedal intervals under the keys.</summary>
    public bool ShowPedal { get; init; } = true;

    /// <summary>The end of the time axis in seconds; null (default) for the end of the last note or pedal interval.</summary>
    public double? Duration { get; init; }

    /// <summary>A title drawn above the roll, or null (default) for none.</summary>
    public string? Title { get; init; }

    private readonly double[]? _beatTimes;
    private readonly double[]? _barTimes;
    private readonly Notation.Hand[]? _hands;

    /// <summary>
    /// Beat times in seconds, drawn as thin vertical lines (a score's beats: see
    /// <see cref="PianoRollSvg.Write(string, Notation.Score, PianoRollOptions?)"/>); null (default) for none. Copied.
    /// </summary>
    public IReadOnlyList<double>? BeatTimes { get => _beatTimes; init => _beatTimes = value?.ToArray(); }

    /// <summary>Bar (downbeat) times in seconds, drawn as strong vertical lines over the beat lines; null (default) for none. Copied.</summary>
    public IReadOnlyList<double>? BarTimes { get => _barTimes; init => _barTimes = value?.ToArray(); }

    /// <summary>
    /// The hand of each note, in the order of the notes drawn: when set, notes are coloured by hand (right hand blue,
    /// left hand orange; opacity still follows velocity) instead of by velocity. Null (default) colours by velocity.
    /// Its length must equal the number of notes. Copied.
    /// </summary>
    public IReadOnlyList<Notation.Hand>? Hands { get => _hands; init => _hands = value?.ToArray(); }

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (!double.IsFinite(PixelsPerSecond) || PixelsPerSecond <= 0 || PixelsPerSecond > 100_000)
        {
            throw new ArgumentException($"{nameof(PixelsPerSecond)} must be above 0 and at most 100000, not {PixelsPerSecond}.", nameof(PixelsPerSecond));
        }

        if (Width is double w && (!double.IsFinite(w) || w < 10 || w > 10_000_000))
        {
            throw new ArgumentException($"{nameof(Width)} must be 10 to 10000000 pixels, not {w}.", nameof(Width));
        }

        if (!double.IsFinite(KeyHeight) || KeyHeight < 1 || KeyHeight > 100)
        {
            throw new ArgumentException($"{nameof(KeyHeight)} must be 1 to 100 pixels, not {KeyHeight}.", nameof(KeyHeight));
        }

        if (Duration is double d && (!double.IsFinite(d) || d <= 0))
        {
            throw new ArgumentException($"{nameof(Duration)} must be a positive number of seconds, not {d}.", nameof(Duration));
        }

        foreach ((string name, double[]? times) in new[] { (nameof(BeatTimes), _beatTimes), (nameof(BarTimes), _barTimes) })
        {
            foreach (double t in times ?? [])
            {
                if (!double.IsFinite(t) || t < 0)
                {
                    throw new ArgumentException($"{name} must hold finite times of 0 s or more, not {t}.", name);
                }
            }
        }
    }
}
