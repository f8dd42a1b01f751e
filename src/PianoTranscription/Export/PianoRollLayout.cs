using System.Globalization;
using PianoTranscription.Decoding;

namespace PianoTranscription.Export;

/// <summary>
/// The geometry, colours and labels of a piano roll, shared by <see cref="PianoRollSvg"/> and
/// <see cref="PianoRollPng"/> so both draw the same picture. Coordinates are SVG user units, which the PNG writer
/// uses as pixels.
/// </summary>
internal sealed class PianoRollLayout
{
    public const double LabelWidth = 34;
    public const double KeyboardWidth = 20;
    public const double Left = LabelWidth + KeyboardWidth;
    public const double RightMargin = 12;
    public const double AxisHeight = 20;
    public const double PedalGap = 6;
    public const double PedalHeight = 14;

    /// <summary>The baseline of the title.</summary>
    public const double TitleBaseline = 18;

    /// <summary>The distance from the top of the axis to the baseline of the time labels.</summary>
    public const double TimeLabelBaseline = 13;

    /// <summary>The gap between the label text and the keyboard or lane it names.</summary>
    public const double LabelGap = 4;

    /// <summary>The keyboard key of a black key is this fraction of <see cref="KeyboardWidth"/>.</summary>
    public const double BlackKeyFraction = 0.62;

    public const double KeyboardStrokeWidth = 0.3;
    public const double OctaveLineWidth = 0.8;
    public const double GridLineWidth = 0.6;
    public const double NoteStrokeWidth = 0.4;
    public const double PedalOpacity = 0.75;

    /// <summary>The label of the pedal lane.</summary>
    public const string PedalLabel = "Ped.";

    public static readonly RollColour Background = RollColour.Parse("#ffffff");
    public static readonly RollColour TitleText = RollColour.Parse("#222");
    public static readonly RollColour LabelText = RollColour.Parse("#333");
    public static readonly RollColour BlackKeyStripe = RollColour.Parse("#e9ebf0");
    public static readonly RollColour WhiteKeyStripe = RollColour.Parse("#fafafa");
    public static readonly RollColour BlackKey = RollColour.Parse("#222222");
    public static readonly RollColour WhiteKey = RollColour.Parse("#ffffff");
    public static readonly RollColour KeyboardStroke = RollColour.Parse("#999");
    public static readonly RollColour OctaveLine = RollColour.Parse("#b8bcc6");
    public static readonly RollColour GridLine = RollColour.Parse("#c9ccd4");
    public static readonly RollColour NoteStroke = RollColour.Parse("#1b1b2f");
    public static readonly RollColour PedalLane = RollColour.Parse("#f1f2f5");
    public static readonly RollColour Pedal = RollColour.Parse("#2e8b57");
    public static readonly RollColour BeatLine = RollColour.Parse("#9aa3b5");
    public static readonly RollColour BarLine = RollColour.Parse("#3b4252");
    public static readonly RollColour RightHand = RollColour.Parse("#1f6fd1");
    public static readonly RollColour LeftHand = RollColour.Parse("#e8710a");
    public const double BeatLineWidth = 0.6;
    public const double BarLineWidth = 1.4;

    private static readonly double[] GridSteps = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 3600];

    private PianoRollLayout(int low, int high, double end, double pixelsPerSecond, PianoRollOptions options)
    {
        Low = low;
        High = high;
        End = end;
        PixelsPerSecond = pixelsPerSecond;
        RollWidth = end * pixelsPerSecond;
        KeyHeight = options.KeyHeight;
        ShowPedal = options.ShowPedal;
        BeatTimes = options.BeatTimes?.Where(t => t <= end).ToArray() ?? [];
        BarTimes = options.BarTimes?.Where(t => t <= end).ToArray() ?? [];
        Hands = options.Hands;
        Title = options.Title;
        Top = options.Title is null ? 8 : 28;
        RollHeight = (high - low + 1) * KeyHeight;
        PedalTop = Top + RollHeight + PedalGap;
        AxisTop = options.ShowPedal ? PedalTop + PedalHeight : Top + RollHeight;
        Width = Left + RollWidth + RightMargin;
        Height = AxisTop + AxisHeight;
        GridStep = ChooseGridStep(pixelsPerSecond);
    }

    /// <summary>The lowest pitch drawn.</summary>
    public int Low { get; }

    /// <summary>The highest pitch drawn.</summary>
    public int High { get; }

    /// <summary>The end of the time axis in seconds.</summary>
    public double End { get; }

    /// <summary>The horizontal scale.</summary>
    public double PixelsPerSecond { get; }

    public double RollWidth { get; }

    public double KeyHeight { get; }

    public bool ShowPedal { get; }

    public string? Title { get; }

    /// <summary>Beat lines to draw (seconds, within the axis).</summary>
    public IReadOnlyList<double> BeatTimes { get; }

    /// <summary>Bar lines to draw (seconds, within the axis).</summary>
    public IReadOnlyList<double> BarTimes { get; }

    /// <summary>True when beat or bar lines are drawn (they replace the seconds grid's lines; its labels stay).</summary>
    public bool HasBeats => BeatTimes.Count > 0 || BarTimes.Count > 0;

    /// <summary>The hand of each note, or null to colour by velocity.</summary>
    public IReadOnlyList<Notation.Hand>? Hands { get; }

    /// <summary>The fill of note <paramref name="index"/>: its hand's colour, or its velocity's.</summary>
    public RollColour NoteColour(int index, double loudness) =>
        Hands is null ? VelocityColour(loudness) : Hands[index] == Notation.Hand.Right ? RightHand : LeftHand;

    /// <summary>The top of the highest key row.</summary>
    public double Top { get; }

    public double RollHeight { get; }

    public double PedalTop { get; }

    public double AxisTop { get; }

    /// <summary>Where the vertical grid lines end (the bottom of the pedal lane, or of the keys without it).</summary>
    public double GridBottom => AxisTop;

    /// <summary>The width of the whole picture.</summary>
    public double Width { get; }

    /// <summary>The height of the whole picture.</summary>
    public double Height { get; }

    /// <summary>Seconds between grid lines.</summary>
    public double GridStep { get; }

    /// <summary>The key rows drawn.</summary>
    public int Rows => High - Low + 1;

    /// <summary>
    /// Validates the input and lays the roll out. A finite <paramref name="maxWidth"/> lowers the time scale where
    /// the picture would be wider.
    /// </summary>
    public static PianoRollLayout Create(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, PianoRollOptions options, double maxWidth = double.PositiveInfinity)
    {
        options.Validate();
        Validate(notes, sustainPedal);
        if (options.Hands is { } hands && hands.Count != notes.Count)
        {
            throw new ArgumentException($"{nameof(PianoRollOptions.Hands)} holds {hands.Count} hands for {notes.Count} notes; give one per note.", nameof(options));
        }

        (int low, int high) = PitchRange(notes, options.FitPitchRange);
        double end = options.Duration ?? Math.Max(
            notes.Count > 0 ? notes.Max(n => n.Offset) : 0,
            sustainPedal.Count > 0 ? sustainPedal.Max(p => p.Offset) : 0);
        end = end > 0 ? end : 1;
        double pps = options.Width is double w ? w / end : options.PixelsPerSecond;
        if (Left + (end * pps) + RightMargin > maxWidth)
        {
            pps = (maxWidth - Left - RightMargin) / end;
        }

        return new PianoRollLayout(low, high, end, pps, options);
    }

    /// <summary>The top of a key row.</summary>
    public double RowY(int pitch) => Top + ((High - pitch) * KeyHeight);

    /// <summary>The x of a time.</summary>
    public double TimeX(double seconds) => Left + (seconds * PixelsPerSecond);

    /// <summary>The width of the keyboard key of a pitch.</summary>
    public static double KeyboardKeyWidth(bool black) => black ? KeyboardWidth * BlackKeyFraction : KeyboardWidth;

    /// <summary>True for the pitches with an octave line under their row and a label (the Cs).</summary>
    public static bool IsLabelled(int pitch) => pitch % 12 == 0;

    /// <summary>The y of the octave line under a labelled row.</summary>
    public double OctaveLineY(int pitch) => RowY(pitch) + KeyHeight;

    /// <summary>The times of the grid lines, from 0 to the end.</summary>
    public IEnumerable<double> GridTimes()
    {
        for (int i = 0; i * GridStep <= End + 1e-9; i++)
        {
            yield return i * GridStep;
        }
    }

    /// <summary>The label of a grid line.</summary>
    public string TimeLabel(double t)
    {
        if (GridStep >= 1 && t >= 60)
        {
            long whole = (long)Math.Round(t);
            return string.Create(CultureInfo.InvariantCulture, $"{whole / 60}:{whole % 60:00}");
        }

        return GridStep >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{t:0}s") : string.Create(CultureInfo.InvariantCulture, $"{t:0.##}s");
    }

    /// <summary>The rectangle of a note (half a unit inside its key row).</summary>
    public (double X, double Y, double Width, double Height) NoteRect(Note n) =>
        (TimeX(n.Onset), RowY(n.Pitch) + 0.5, Math.Max(1, n.Duration * PixelsPerSecond), KeyHeight - 1);

    /// <summary>The rectangle of a pedal interval inside the pedal lane.</summary>
    public (double X, double Y, double Width, double Height) PedalRect(PedalInterval p) =>
        (TimeX(p.Onset), PedalTop + 2, Math.Max(1, p.Duration * PixelsPerSecond), PedalHeight - 4);

    /// <summary>A velocity as 0 (silent) to 1 (loudest), clamped.</summary>
    public static double Loudness(int velocity) => Math.Clamp(velocity, 0, 127) / 127.0;

    /// <summary>The fill opacity of a note of loudness <paramref name="v"/> (0 to 1): 0.45 to 1.</summary>
    public static double NoteOpacity(double v) => 0.45 + (0.55 * v);

    /// <summary>Blue (soft) through green and yellow to red (loud).</summary>
    public static RollColour VelocityColour(double v)
    {
        double hue = 230 * (1 - v);
        (double r, double g, double b) = HslToRgb(hue, 0.75, 0.47);
        return RollColour.FromRgb((byte)(int)Math.Round(r * 255), (byte)(int)Math.Round(g * 255), (byte)(int)Math.Round(b * 255));
    }

    private static double ChooseGridStep(double pps)
    {
        double step = GridSteps.FirstOrDefault(s => s * pps >= 48, GridSteps[^1]);

        // Past the table (many hours in few units) keep the lines 48 units apart too: 2 h, 5 h, 10 h, 20 h, ...
        // rather than one line per hour, which for a long Duration would be millions of lines on top of each other.
        for (int i = 0; step * pps < 48 && double.IsFinite(step); i++)
        {
            step = GridSteps[^1] * ((i % 3) switch { 0 => 2, 1 => 5, _ => 10 }) * Math.Pow(10, i / 3);
        }

        return step;
    }

    private static void Validate(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal)
    {
        for (int i = 0; i < notes.Count; i++)
        {
            Note n = notes[i];
            if (n.Pitch is < 0 or > 127 || !double.IsFinite(n.Onset) || !double.IsFinite(n.Offset) || n.Onset < 0 || n.Offset < n.Onset)
            {
                throw new ArgumentException($"Note {i} ({n}) cannot be drawn: pitch must be 0 to 127 and times finite, 0 or more, offset not before onset.", nameof(notes));
            }
        }

        for (int i = 0; i < sustainPedal.Count; i++)
        {
            PedalInterval p = sustainPedal[i];
            if (!double.IsFinite(p.Onset) || !double.IsFinite(p.Offset) || p.Onset < 0 || p.Offset < p.Onset)
            {
                throw new ArgumentException($"Pedal interval {i} ({p}) cannot be drawn: times must be finite, 0 or more, offset not before onset.", nameof(sustainPedal));
            }
        }
    }

    private static (int Low, int High) PitchRange(IReadOnlyList<Note> notes, bool fit)
    {
        if (notes.Count == 0)
        {
            return fit ? (60, 71) : (Note.LowestPianoPitch, Note.HighestPianoPitch);
        }

        int min = notes.Min(n => n.Pitch);
        int max = notes.Max(n => n.Pitch);
        if (fit)
        {
            return (min - (min % 12), Math.Min(127, max - (max % 12) + 11));
        }

        return (Math.Min(min, Note.LowestPianoPitch), Math.Max(max, Note.HighestPianoPitch));
    }

    private static (double R, double G, double B) HslToRgb(double hue, double saturation, double lightness)
    {
        double c = (1 - Math.Abs((2 * lightness) - 1)) * saturation;
        double h = hue / 60;
        double x = c * (1 - Math.Abs((h % 2) - 1));
        (double r, double g, double b) = h switch
        {
            < 1 => (c, x, 0.0),
            < 2 => (x, c, 0.0),
            < 3 => (0.0, c, x),
            < 4 => (0.0, x, c),
            < 5 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        double m = lightness - (c / 2);
        return (r + m, g + m, b + m);
    }
}

/// <summary>An opaque colour with the spelling the SVG writer uses for it (<c>#rgb</c> or <c>#rrggbb</c>).</summary>
internal readonly record struct RollColour(byte R, byte G, byte B, string Svg)
{
    public static RollColour FromRgb(byte r, byte g, byte b) => new(r, g, b, string.Create(CultureInfo.InvariantCulture, $"#{r:x2}{g:x2}{b:x2}"));

    public static RollColour Parse(string hex)
    {
        static byte Digit(char c) => (byte)Convert.ToInt32(c.ToString(), 16);
        static byte Pair(string s, int i) => (byte)((Digit(s[i]) * 16) + Digit(s[i + 1]));
        return hex.Length switch
        {
            4 => new((byte)(Digit(hex[1]) * 17), (byte)(Digit(hex[2]) * 17), (byte)(Digit(hex[3]) * 17), hex),
            7 => new(Pair(hex, 1), Pair(hex, 3), Pair(hex, 5), hex),
            _ => throw new ArgumentException($"Not a colour: {hex}", nameof(hex)),
        };
    }
}
