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
        var layout = PianoRollLayout.Create(notes, sustainPedal, options);
        double width = layout.Width;
        double height = layout.Height;
        double keyHeight = layout.KeyHeight;
        const double LabelWidth = PianoRollLayout.LabelWidth;
        const double Left = PianoRollLayout.Left;

        var svg = new StringBuilder(4096 + (notes.Count * 200));
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" font-family=\"sans-serif\" font-size=\"10\">\n");
        svg.Append("<desc>Piano roll written by PianoTranscription</desc>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{F(width)}\" height=\"{F(height)}\" fill=\"{PianoRollLayout.Background.Svg}\"/>\n");
        if (layout.Title is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left)}\" y=\"{F(PianoRollLayout.TitleBaseline)}\" font-size=\"13\" font-weight=\"bold\" fill=\"{PianoRollLayout.TitleText.Svg}\">{Escape(layout.Title)}</text>\n");
        }

        // Key stripes across the roll, the little keyboard on the left, and C labels.
        svg.Append("<g class=\"keys\">\n");
        for (int pitch = layout.Low; pitch <= layout.High; pitch++)
        {
            bool black = PitchNames.IsBlackKey(pitch);
            double y = layout.RowY(pitch);
            RollColour stripe = black ? PianoRollLayout.BlackKeyStripe : PianoRollLayout.WhiteKeyStripe;
            RollColour key = black ? PianoRollLayout.BlackKey : PianoRollLayout.WhiteKey;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left)}\" y=\"{F(y)}\" width=\"{F(layout.RollWidth)}\" height=\"{F(keyHeight)}\" fill=\"{stripe.Svg}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(LabelWidth)}\" y=\"{F(y)}\" width=\"{F(PianoRollLayout.KeyboardKeyWidth(black))}\" height=\"{F(keyHeight)}\" fill=\"{key.Svg}\" stroke=\"{PianoRollLayout.KeyboardStroke.Svg}\" stroke-width=\"{F(PianoRollLayout.KeyboardStrokeWidth)}\"/>\n");
            if (PianoRollLayout.IsLabelled(pitch))
            {
                double lineY = layout.OctaveLineY(pitch);
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(LabelWidth)}\" y1=\"{F(lineY)}\" x2=\"{F(Left + layout.RollWidth)}\" y2=\"{F(lineY)}\" stroke=\"{PianoRollLayout.OctaveLine.Svg}\" stroke-width=\"{F(PianoRollLayout.OctaveLineWidth)}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(LabelWidth - PianoRollLayout.LabelGap)}\" y=\"{F(y + (keyHeight / 2))}\" text-anchor=\"end\" dominant-baseline=\"central\" fill=\"{PianoRollLayout.LabelText.Svg}\">{PitchNames.Name(pitch)}</text>\n");
            }
        }

        svg.Append("</g>\n");

        // Time grid with labels (only the labels where beat lines take the grid's place).
        svg.Append("<g class=\"time-grid\">\n");
        foreach (double t in layout.GridTimes())
        {
            double x = layout.TimeX(t);
            if (!layout.HasBeats)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(layout.Top)}\" x2=\"{F(x)}\" y2=\"{F(layout.GridBottom)}\" stroke=\"{PianoRollLayout.GridLine.Svg}\" stroke-width=\"{F(PianoRollLayout.GridLineWidth)}\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(layout.AxisTop + PianoRollLayout.TimeLabelBaseline)}\" text-anchor=\"middle\" fill=\"{PianoRollLayout.LabelText.Svg}\">{layout.TimeLabel(t)}</text>\n");
        }

        svg.Append("</g>\n");

        // Beat and bar lines of a score, bars over beats.
        if (layout.BeatTimes.Count > 0 || layout.BarTimes.Count > 0)
        {
            svg.Append("<g class=\"beats\">\n");
            foreach ((IReadOnlyList<double> times, string kind, RollColour colour, double lineWidth) in new[]
            {
                (layout.BeatTimes, "beat", PianoRollLayout.BeatLine, PianoRollLayout.BeatLineWidth),
                (layout.BarTimes, "bar", PianoRollLayout.BarLine, PianoRollLayout.BarLineWidth),
            })
            {
                foreach (double t in times)
                {
                    double x = layout.TimeX(t);
                    svg.Append(CultureInfo.InvariantCulture, $"<line class=\"{kind}\" x1=\"{F(x)}\" y1=\"{F(layout.Top)}\" x2=\"{F(x)}\" y2=\"{F(layout.Top + layout.RollHeight)}\" stroke=\"{colour.Svg}\" stroke-width=\"{F(lineWidth)}\" data-time=\"{F6(t)}\"/>\n");
                }
            }

            svg.Append("</g>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"notes\" stroke=\"{PianoRollLayout.NoteStroke.Svg}\" stroke-width=\"{F(PianoRollLayout.NoteStrokeWidth)}\">\n");
        for (int i = 0; i < notes.Count; i++)
        {
            Note n = notes[i];
            (double x, double y, double noteWidth, double noteHeight) = layout.NoteRect(n);
            double v = PianoRollLayout.Loudness(n.Velocity);
            string hand = layout.Hands is null ? string.Empty : layout.Hands[i] == Notation.Hand.Right ? " data-hand=\"right\"" : " data-hand=\"left\"";
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"note\"{hand} x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(noteWidth)}\" height=\"{F(noteHeight)}\" rx=\"1\" fill=\"{layout.NoteColour(i, v).Svg}\" fill-opacity=\"{F(PianoRollLayout.NoteOpacity(v))}\" data-pitch=\"{n.Pitch}\" data-velocity=\"{n.Velocity}\" data-onset=\"{F6(n.Onset)}\" data-offset=\"{F6(n.Offset)}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{PitchNames.Name(n.Pitch)} ({n.Pitch}) velocity {n.Velocity}, {F6(n.Onset)}–{F6(n.Offset)} s</title></rect>\n");
        }

        svg.Append("</g>\n");

        if (layout.ShowPedal)
        {
            svg.Append("<g class=\"pedal-lane\">\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left)}\" y=\"{F(layout.PedalTop)}\" width=\"{F(layout.RollWidth)}\" height=\"{F(PianoRollLayout.PedalHeight)}\" fill=\"{PianoRollLayout.PedalLane.Svg}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left - PianoRollLayout.LabelGap)}\" y=\"{F(layout.PedalTop + (PianoRollLayout.PedalHeight / 2))}\" text-anchor=\"end\" dominant-baseline=\"central\" fill=\"{PianoRollLayout.LabelText.Svg}\">{PianoRollLayout.PedalLabel}</text>\n");
            foreach (PedalInterval p in sustainPedal)
            {
                (double x, double y, double pedalWidth, double pedalHeight) = layout.PedalRect(p);
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"pedal\" x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(pedalWidth)}\" height=\"{F(pedalHeight)}\" fill=\"{PianoRollLayout.Pedal.Svg}\" fill-opacity=\"{F(PianoRollLayout.PedalOpacity)}\" data-onset=\"{F6(p.Onset)}\" data-offset=\"{F6(p.Offset)}\"><title>sustain pedal {F6(p.Onset)}–{F6(p.Offset)} s</title></rect>\n");
            }

            svg.Append("</g>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>
    /// Writes a score's piano roll as SVG, atomically: the performed notes coloured by hand, with the score's beat and
    /// bar lines (from its tempo map), the title the score has unless the options set one,
    /// and no pedal lane.
    /// </summary>
    /// <param name="path">The target path.</param>
    /// <param name="score">The score.</param>
    /// <param name="options">Drawing options (their beats, bars and hands are replaced); null for the defaults.</param>
    public static void Write(string path, Notation.Score score, PianoRollOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        (Note[] notes, PianoRollOptions withScore) = ScoreRoll.Of(score, options);
        AtomicFile.WriteAllText(path, ToSvg(notes, [], withScore));
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string F6(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
