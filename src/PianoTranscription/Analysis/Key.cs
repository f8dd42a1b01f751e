using System.Globalization;

namespace PianoTranscription.Analysis;

/// <summary>
/// One of the 24 major and minor keys: a tonic pitch class (0 = C ... 11 = B) and a mode. Names use the
/// conventional spelling of the key signature with the fewest accidentals (six flats rather than six sharps:
/// "Gb major", "Eb minor").
/// </summary>
public readonly record struct Key
{
    private static readonly string[] MajorNames = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"];
    private static readonly string[] MinorNames = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"];

    /// <summary>Creates a key.</summary>
    /// <param name="tonic">The tonic pitch class, 0 (C) to 11 (B); other values are taken modulo 12.</param>
    /// <param name="mode">The mode.</param>
    public Key(int tonic, KeyMode mode)
    {
        if (mode is not (KeyMode.Major or KeyMode.Minor))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "The mode must be Major or Minor.");
        }

        Tonic = ((tonic % 12) + 12) % 12;
        Mode = mode;
    }

    /// <summary>The tonic pitch class, 0 (C) to 11 (B).</summary>
    public int Tonic { get; }

    /// <summary>The mode.</summary>
    public KeyMode Mode { get; }

    /// <summary>The key's index among the 24: tonic for major keys, 12 + tonic for minor keys.</summary>
    public int Index => Mode == KeyMode.Major ? Tonic : 12 + Tonic;

    /// <summary>All 24 keys in <see cref="Index"/> order: C major ... B major, C minor ... B minor.</summary>
    public static IReadOnlyList<Key> All { get; } = Enumerable.Range(0, 24).Select(FromIndex).ToArray();

    /// <summary>The tonic's name, e.g. "Gb" or "F#".</summary>
    public string TonicName => Mode == KeyMode.Major ? MajorNames[Tonic] : MinorNames[Tonic];

    /// <summary>The key's name, e.g. "Gb major" or "F# minor".</summary>
    public string Name => TonicName + (Mode == KeyMode.Major ? " major" : " minor");

    /// <summary>
    /// The key signature as MIDI writes it (<c>FF 59</c>): sharps (positive) or flats (negative), -6 to 5; the same
    /// for a minor key and its relative major.
    /// </summary>
    public int SharpsOrFlats
    {
        get
        {
            int major = Mode == KeyMode.Major ? Tonic : (Tonic + 3) % 12;
            int fifths = major * 7 % 12; // steps round the circle of fifths from C
            return fifths > 5 ? fifths - 12 : fifths;
        }
    }

    /// <summary>The relative key (same signature, other mode): A minor for C major and C major for A minor.</summary>
    public Key Relative => Mode == KeyMode.Major ? new Key(Tonic + 9, KeyMode.Minor) : new Key(Tonic + 3, KeyMode.Major);

    /// <summary>The parallel key (same tonic, other mode).</summary>
    public Key Parallel => new(Tonic, Mode == KeyMode.Major ? KeyMode.Minor : KeyMode.Major);

    /// <summary>The key <paramref name="semitones"/> higher (lower when negative), same mode.</summary>
    /// <param name="semitones">The interval in semitones.</param>
    /// <returns>The transposed key.</returns>
    public Key Transpose(int semitones) => new(Tonic + semitones, Mode);

    /// <summary>The key with the given <see cref="Index"/>.</summary>
    /// <param name="index">0 to 23.</param>
    /// <returns>The key.</returns>
    public static Key FromIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 23);
        return new Key(index % 12, index < 12 ? KeyMode.Major : KeyMode.Minor);
    }

    /// <summary>The key that a MIDI key signature names.</summary>
    /// <param name="sharpsOrFlats">Sharps (positive) or flats (negative), -7 to 7.</param>
    /// <param name="isMinor">True for a minor key.</param>
    /// <returns>The key.</returns>
    public static Key FromKeySignature(int sharpsOrFlats, bool isMinor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sharpsOrFlats, -7);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sharpsOrFlats, 7);
        int major = ((sharpsOrFlats * 7 % 12) + 12) % 12;
        return isMinor ? new Key(major + 9, KeyMode.Minor) : new Key(major, KeyMode.Major);
    }

    /// <summary>
    /// Parses a key such as "Gb:maj", "A:min" (the MIREX / POP909 label form), "Gb major", "F# minor", "Am" or "C".
    /// Tonics are a letter A–G with any number of '#' or 'b'; a bare tonic is major.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The text is not a key.</exception>
    public static Key Parse(string text) =>
        TryParse(text, out Key key) ? key : throw new FormatException($"'{text}' is not a major or minor key (e.g. \"Gb:maj\", \"A minor\").");

    /// <summary>Parses a key (see <see cref="Parse"/>) without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="key">The key, when the text is one.</param>
    /// <returns>True when the text is a key.</returns>
    public static bool TryParse(string? text, out Key key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string s = text.Trim();
        int tonic = char.ToUpperInvariant(s[0]) switch
        {
            'C' => 0,
            'D' => 2,
            'E' => 4,
            'F' => 5,
            'G' => 7,
            'A' => 9,
            'B' => 11,
            _ => -1,
        };
        if (tonic < 0)
        {
            return false;
        }

        int i = 1;
        while (i < s.Length && (s[i] == '#' || s[i] == 'b'))
        {
            tonic += s[i] == '#' ? 1 : -1;
            i++;
        }

        string raw = s[i..].TrimStart(':', ' ', '_', '-').Trim();
        KeyMode? mode = raw == "m" ? KeyMode.Minor : raw.ToUpperInvariant() switch
        {
            "" or "MAJ" or "MAJOR" => KeyMode.Major,
            "MIN" or "MINOR" => KeyMode.Minor,
            _ => null,
        };
        if (mode is null)
        {
            return false;
        }

        key = new Key(tonic, mode.Value);
        return true;
    }

    /// <summary>The key's <see cref="Name"/>.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;

    /// <summary>The key in the MIREX / POP909 label form, e.g. "Gb:maj" or "A:min".</summary>
    /// <returns>The label.</returns>
    public string ToLabel() => string.Create(CultureInfo.InvariantCulture, $"{TonicName}:{(Mode == KeyMode.Major ? "maj" : "min")}");
}
