using System.Globalization;
using System.Text;
using PianoTranscription.Decoding;
using PianoTranscription.IO;

namespace PianoTranscription.Export;

/// <summary>
/// Draws notes and sustain pedal as a piano-roll picture in SVG: time runs left to right with a seconds grid, keys
/// bottom (low) to top (high) with black/white key stripes and C labels, each note a rectangle whose colour (blue =
/// soft → red = loud) and opacity follow its velocity, and an optional pedal lane underneath.
/// </summary>
/// <remarks>
/// Every note is a <c>&lt;rect class="note"&gt;</c> with <c>data-pitch</c>, <c>data-velocity</c>, <c>data-onset</c>
/// and <c>data-offset</c> attributes and a <c>&lt;title&gt;</c> tooltip; pedal intervals are
/// <c>&lt;rect class="pedal"&gt;</c>. The picture has a <c>viewBox</c>, so it scales to any size.
/// </remarks>
public static class PianoRollSvg
{
    private const double LabelWidth = 34;
    private const double KeyboardWidth = 20;
    private const double Left = LabelWidth + KeyboardWidth;
    private const double RightMargin = 12;
    private const double AxisHeight = 20;
    private const double PedalGap = 6;
    private const double PedalHeight = 14;
    private static readonly double[] GridSteps = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 3600];

    /// <summary>Writes the piano roll as an SVG file, atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="options">Drawing options; null for <see cref="PianoRollOptions.Default"/>.</param>
    public static void Write(string path, IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, PianoRollOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string svg = ToSvg(notes, sustainPedal, options);
        AtomicFile.WriteAllText(path, svg);
    }

    /// <summary>Writes the piano roll as SVG to a text writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="options">Drawing options; null for <see cref="PianoRollOptions.Default"/>.</param>
    public static void Write(TextWriter writer, IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, PianoRollOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ToSvg(notes, sustainPedal, options));
    }

    /// <summary>Returns the piano roll as an SVG document.</summary>
    /// <param name="notes">The notes (pitch 0..127, finite times, offset not before onset).</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="options">Drawing options; null for <see cref="PianoRollOptions.Default"/>.</param>
    /// <returns>The SVG text.</returns>
    public static string ToSvg(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, PianoRollOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(sustainPedal);
        options ??= PianoRollOptions.Default;
        options.Validate();
        Validate(notes, sustainPedal);

        (int low, int high) = PitchRange(notes, options.FitPitchRange);
        double end = options.Duration ?? Math.Max(
            notes.Count > 0 ? notes.Max(n => n.Offset) : 0,
            sustainPedal.Count > 0 ? sustainPedal.Max(p => p.Offset) : 0);
        end = end > 0 ? end : 1;
        double pps = options.Width is double w ? w / end : options.PixelsPerSecond;
        double rollWidth = end * pps;
        double keyHeight = options.KeyHeight;
        double top = options.Title is null ? 8 : 28;
        int rows = high - low + 1;
        double rollHeight = rows * keyHeight;
        double pedalTop = top + rollHeight + PedalGap;
        double axisTop = options.ShowPedal ? pedalTop + PedalHeight : top + rollHeight;
        double width = Left + rollWidth + RightMargin;
        double height = axisTop + AxisHeight;
        double RowY(int pitch) => top + ((high - pitch) * keyHeight);

        var svg = new StringBuilder(4096 + (notes.Count * 200));
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" font-family=\"sans-serif\" font-size=\"10\">\n");
        svg.Append("<desc>Piano roll written by PianoTranscription</desc>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{F(width)}\" height=\"{F(height)}\" fill=\"#ffffff\"/>\n");
        if (options.Title is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left)}\" y=\"18\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\">{Escape(options.Title)}</text>\n");
        }

        // Key stripes across the roll, the little keyboard on the left, and C labels.
        svg.Append("<g class=\"keys\">\n");
        for (int pitch = low; pitch <= high; pitch++)
        {
            bool black = PitchNames.IsBlackKey(pitch);
            double y = RowY(pitch);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left)}\" y=\"{F(y)}\" width=\"{F(rollWidth)}\" height=\"{F(keyHeight)}\" fill=\"{(black ? "#e9ebf0" : "#fafafa")}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(LabelWidth)}\" y=\"{F(y)}\" width=\"{F(black ? KeyboardWidth * 0.62 : KeyboardWidth)}\" height=\"{F(keyHeight)}\" fill=\"{(black ? "#222222" : "#ffffff")}\" stroke=\"#999\" stroke-width=\"0.3\"/>\n");
            if (pitch % 12 == 0)
            {
                double lineY = y + keyHeight;
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(LabelWidth)}\" y1=\"{F(lineY)}\" x2=\"{F(Left + rollWidth)}\" y2=\"{F(lineY)}\" stroke=\"#b8bcc6\" stroke-width=\"0.8\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(LabelWidth - 4)}\" y=\"{F(y + (keyHeight / 2))}\" text-anchor=\"end\" dominant-baseline=\"central\" fill=\"#333\">{PitchNames.Name(pitch)}</text>\n");
            }
        }

        svg.Append("</g>\n");

        // Time grid with labels.
        double step = GridSteps.FirstOrDefault(s => s * pps >= 48, GridSteps[^1]);
        svg.Append("<g class=\"time-grid\">\n");
        double gridBottom = options.ShowPedal ? pedalTop + PedalHeight : top + rollHeight;
        for (int i = 0; i * step <= end + 1e-9; i++)
        {
            double t = i * step;
            double x = Left + (t * pps);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(top)}\" x2=\"{F(x)}\" y2=\"{F(gridBottom)}\" stroke=\"#c9ccd4\" stroke-width=\"0.6\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(axisTop + 13)}\" text-anchor=\"middle\" fill=\"#333\">{TimeLabel(t, step)}</text>\n");
        }

        svg.Append("</g>\n");

        svg.Append("<g class=\"notes\" stroke=\"#1b1b2f\" stroke-width=\"0.4\">\n");
        foreach (Note n in notes)
        {
            double x = Left + (n.Onset * pps);
            double noteWidth = Math.Max(1, n.Duration * pps);
            double v = Math.Clamp(n.Velocity, 0, 127) / 127.0;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"note\" x=\"{F(x)}\" y=\"{F(RowY(n.Pitch) + 0.5)}\" width=\"{F(noteWidth)}\" height=\"{F(keyHeight - 1)}\" rx=\"1\" fill=\"{VelocityColour(v)}\" fill-opacity=\"{F(0.45 + (0.55 * v))}\" data-pitch=\"{n.Pitch}\" data-velocity=\"{n.Velocity}\" data-onset=\"{F6(n.Onset)}\" data-offset=\"{F6(n.Offset)}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{PitchNames.Name(n.Pitch)} ({n.Pitch}) velocity {n.Velocity}, {F6(n.Onset)}–{F6(n.Offset)} s</title></rect>\n");
        }

        svg.Append("</g>\n");

        if (options.ShowPedal)
        {
            svg.Append("<g class=\"pedal-lane\">\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left)}\" y=\"{F(pedalTop)}\" width=\"{F(rollWidth)}\" height=\"{F(PedalHeight)}\" fill=\"#f1f2f5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left - 4)}\" y=\"{F(pedalTop + (PedalHeight / 2))}\" text-anchor=\"end\" dominant-baseline=\"central\" fill=\"#333\">Ped.</text>\n");
            foreach (PedalInterval p in sustainPedal)
            {
                double x = Left + (p.Onset * pps);
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"pedal\" x=\"{F(x)}\" y=\"{F(pedalTop + 2)}\" width=\"{F(Math.Max(1, p.Duration * pps))}\" height=\"{F(PedalHeight - 4)}\" fill=\"#2e8b57\" fill-opacity=\"0.75\" data-onset=\"{F6(p.Onset)}\" data-offset=\"{F6(p.Offset)}\"><title>sustain pedal {F6(p.Onset)}–{F6(p.Offset)} s</title></rect>\n");
            }

            svg.Append("</g>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
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

    /// <summary>Blue (soft) through green and yellow to red (loud), as an RGB hex colour.</summary>
    private static string VelocityColour(double v)
    {
        double hue = 230 * (1 - v);
        (double r, double g, double b) = HslToRgb(hue, 0.75, 0.47);
        return string.Create(CultureInfo.InvariantCulture, $"#{(int)Math.Round(r * 255):x2}{(int)Math.Round(g * 255):x2}{(int)Math.Round(b * 255):x2}");
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

    private static string TimeLabel(double t, double step)
    {
        if (step >= 1 && t >= 60)
        {
            int whole = (int)Math.Round(t);
            return string.Create(CultureInfo.InvariantCulture, $"{whole / 60}:{whole % 60:00}");
        }

        return step >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{t:0}s") : string.Create(CultureInfo.InvariantCulture, $"{t:0.##}s");
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string F6(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
