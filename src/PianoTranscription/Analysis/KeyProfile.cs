namespace PianoTranscription.Analysis;

/// <summary>
/// A key-profile family: how strongly each of the 12 pitch classes, counted from the tonic, belongs to a major and
/// to a minor key. A pitch-class histogram is correlated with each profile rotated to each tonic
/// (the Krumhansl–Schmuckler method) and the best-correlated key wins.
/// </summary>
public sealed class KeyProfile
{
    private readonly double[] _major;
    private readonly double[] _minor;

    /// <summary>Creates a profile family.</summary>
    /// <param name="name">The family's name.</param>
    /// <param name="major">12 weights for a major key, tonic first.</param>
    /// <param name="minor">12 weights for a minor key, tonic first.</param>
    public KeyProfile(string name, IReadOnlyList<double> major, IReadOnlyList<double> minor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(major);
        ArgumentNullException.ThrowIfNull(minor);
        if (major.Count != 12 || minor.Count != 12)
        {
            throw new ArgumentException("A key profile has 12 weights per mode.");
        }

        if (major.Concat(minor).Any(w => !double.IsFinite(w)))
        {
            throw new ArgumentException("Key-profile weights must be finite.");
        }

        Name = name;
        _major = [.. major];
        _minor = [.. minor];
    }

    /// <summary>
    /// Krumhansl &amp; Kessler's probe-tone ratings (C. L. Krumhansl and E. J. Kessler, "Tracing the dynamic changes
    /// in perceived tonal organization in a spatial representation of musical keys", Psychological Review 89(4),
    /// 334–368, 1982; the profiles of C. L. Krumhansl, <i>Cognitive Foundations of Musical Pitch</i>, 1990, p. 30).
    /// </summary>
    public static KeyProfile KrumhanslKessler { get; } = new(
        "Krumhansl-Kessler",
        [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
        [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]);

    /// <summary>
    /// Temperley's profiles from the Kostka–Payne corpus: the share of segments in which each scale degree occurs
    /// (D. Temperley, <i>Music and Probability</i>, MIT Press, 2007, table 6.1).
    /// </summary>
    public static KeyProfile Temperley { get; } = new(
        "Temperley",
        [0.748, 0.060, 0.488, 0.082, 0.670, 0.460, 0.096, 0.715, 0.104, 0.366, 0.057, 0.400],
        [0.712, 0.084, 0.474, 0.618, 0.049, 0.460, 0.105, 0.747, 0.404, 0.067, 0.133, 0.330]);

    /// <summary>
    /// Albrecht &amp; Shanahan's duration-weighted distributions from a corpus of 490 common-practice pieces
    /// (J. Albrecht and D. Shanahan, "The use of large corpora to train a new type of key-finding algorithm: an
    /// improved treatment of the minor mode", Music Perception 31(1), 59–67, 2013).
    /// </summary>
    public static KeyProfile AlbrechtShanahan { get; } = new(
        "Albrecht-Shanahan",
        [0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.080, 0.008, 0.081],
        [0.220, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052]);

    /// <summary>The three published families: Krumhansl–Kessler, Temperley, Albrecht–Shanahan.</summary>
    public static IReadOnlyList<KeyProfile> All { get; } = [KrumhanslKessler, Temperley, AlbrechtShanahan];

    /// <summary>The family's name.</summary>
    public string Name { get; }

    /// <summary>The major-key weights, tonic first.</summary>
    public IReadOnlyList<double> Major => _major;

    /// <summary>The minor-key weights, tonic first.</summary>
    public IReadOnlyList<double> Minor => _minor;

    /// <summary>The profile of one key as weights for pitch classes C ... B.</summary>
    /// <param name="key">The key.</param>
    /// <returns>12 weights, indexed by pitch class.</returns>
    public double[] For(Key key)
    {
        double[] source = key.Mode == KeyMode.Major ? _major : _minor;
        var rotated = new double[12];
        for (int degree = 0; degree < 12; degree++)
        {
            rotated[(key.Tonic + degree) % 12] = source[degree];
        }

        return rotated;
    }

    /// <summary>The family's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
