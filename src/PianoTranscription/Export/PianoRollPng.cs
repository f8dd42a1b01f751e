using PianoTranscription.Decoding;
using PianoTranscription.IO;

namespace PianoTranscription.Export;

/// <summary>
/// Draws notes and sustain pedal as a piano-roll picture in PNG: the same picture as <see cref="PianoRollSvg"/> (time
/// left to right with a seconds grid, keys bottom to top with black/white key stripes, a small keyboard and C labels,
/// notes coloured blue = soft → red = loud with opacity rising with velocity, an optional pedal lane), rendered to
/// pixels without any outside library.
/// </summary>
/// <remarks>
/// <para>
/// One SVG user unit is one pixel: <see cref="PianoRollOptions.PixelsPerSecond"/> and
/// <see cref="PianoRollOptions.KeyHeight"/> are exact pixel sizes, and every edge is rounded to the nearest pixel
/// boundary the same way, so key rows and notes tile without gaps. Labels use a built-in 5×7 pixel font for
/// printable ASCII; other characters (in a title, say) are drawn as a box.
/// </para>
/// <para>
/// The picture is at most <see cref="MaxWidth"/> × <see cref="MaxHeight"/> pixels. When
/// <see cref="PianoRollOptions.PixelsPerSecond"/> or <see cref="PianoRollOptions.Width"/> would make it wider, the
/// time scale is lowered so the whole roll fits in exactly <see cref="MaxWidth"/> pixels (a two-hour recording at
/// 100 px/s becomes about 2.3 px/s). A picture higher than <see cref="MaxHeight"/> (too many key rows for
/// <see cref="PianoRollOptions.KeyHeight"/>) is refused with an <see cref="ArgumentException"/>.
/// </para>
/// <para>The file is 8-bit RGB, not interlaced, with no metadata chunks.</para>
/// </remarks>
public static class PianoRollPng
{
    /// <summary>The widest picture written, in pixels; wider rolls get a lower time scale.</summary>
    public const int MaxWidth = 16384;

    /// <summary>The highest picture written, in pixels; a higher one throws an <see cref="ArgumentException"/>.</summary>
    public const int MaxHeight = 8192;

    /// <summary>Writes the piano roll as a PNG file, atomically (the file appears complete or not at all).</summary>
    /// <param name="path">The target path.</param>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="options">Drawing options; null for <see cref="PianoRollOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">A note, pedal interval or option is invalid, or the picture would be higher than <see cref="MaxHeight"/>.</exception>
    public static void Write(string path, IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, PianoRollOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RgbCanvas canvas = Render(notes, sustainPedal, options);
        AtomicFile.Write(path, s => PngEncoder.Write(s, canvas.Width, canvas.Height, canvas.Pixels));
    }

    /// <summary>
    /// Writes a score's piano roll as PNG, atomically: the performed notes coloured by hand, with the score's beat and
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
        Write(path, notes, [], withScore);
    }

    /// <summary>Writes the piano roll as PNG to a stream.</summary>
    /// <param name="stream">The stream (left open).</param>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="options">Drawing options; null for <see cref="PianoRollOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">A note, pedal interval or option is invalid, or the picture would be higher than <see cref="MaxHeight"/>.</exception>
    public static void Write(Stream stream, IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, PianoRollOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        RgbCanvas canvas = Render(notes, sustainPedal, options);
        PngEncoder.Write(stream, canvas.Width, canvas.Height, canvas.Pixels);
    }

    /// <summary>Returns the piano roll as the bytes of a PNG file.</summary>
    /// <param name="notes">The notes (pitch 0..127, finite times, offset not before onset).</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="options">Drawing options; null for <see cref="PianoRollOptions.Default"/>.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">A note, pedal interval or option is invalid, or the picture would be higher than <see cref="MaxHeight"/>.</exception>
    public static byte[] ToPng(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, PianoRollOptions? options = null)
    {
        using var stream = new MemoryStream();
        Write(stream, notes, sustainPedal, options);
        return stream.ToArray();
    }

    /// <summary>Draws the roll on a new canvas, in the order the SVG paints its elements.</summary>
    internal static RgbCanvas Render(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, PianoRollOptions? options)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(sustainPedal);
        options ??= PianoRollOptions.Default;
        var layout = PianoRollLayout.Create(notes, sustainPedal, options, MaxWidth);
        int width = Math.Clamp(RgbCanvas.Snap(layout.Width), 1, MaxWidth);
        int height = Math.Max(1, RgbCanvas.Snap(layout.Height));
        if (height > MaxHeight)
        {
            throw new ArgumentException(
                $"The PNG piano roll would be {height} pixels high ({layout.Rows} key rows × {nameof(PianoRollOptions.KeyHeight)} {layout.KeyHeight} px plus margins), more than {nameof(PianoRollPng)}.{nameof(MaxHeight)} ({MaxHeight}); lower {nameof(PianoRollOptions.KeyHeight)} or set {nameof(PianoRollOptions.FitPitchRange)}.",
                nameof(options));
        }

        const double LabelWidth = PianoRollLayout.LabelWidth;
        const double Left = PianoRollLayout.Left;
        double keyHeight = layout.KeyHeight;
        var canvas = new RgbCanvas(width, height, PianoRollLayout.Background);
        if (layout.Title is not null)
        {
            canvas.DrawText(layout.Title, Left, PianoRollLayout.TitleBaseline, TextAnchor.Start, TextBaseline.Alphabetic, PianoRollLayout.TitleText, bold: true);
        }

        // Key stripes across the roll, the little keyboard on the left, and C labels.
        for (int pitch = layout.Low; pitch <= layout.High; pitch++)
        {
            bool black = PitchNames.IsBlackKey(pitch);
            double y = layout.RowY(pitch);
            canvas.FillRect(Left, y, layout.RollWidth, keyHeight, black ? PianoRollLayout.BlackKeyStripe : PianoRollLayout.WhiteKeyStripe);
            double keyWidth = PianoRollLayout.KeyboardKeyWidth(black);
            canvas.FillRect(LabelWidth, y, keyWidth, keyHeight, black ? PianoRollLayout.BlackKey : PianoRollLayout.WhiteKey);
            canvas.StrokeRect(LabelWidth, y, keyWidth, keyHeight, PianoRollLayout.KeyboardStroke, PianoRollLayout.KeyboardStrokeWidth);
            if (PianoRollLayout.IsLabelled(pitch))
            {
                canvas.HorizontalLine(LabelWidth, Left + layout.RollWidth, layout.OctaveLineY(pitch), PianoRollLayout.OctaveLine, PianoRollLayout.OctaveLineWidth);
                canvas.DrawText(PitchNames.Name(pitch), LabelWidth - PianoRollLayout.LabelGap, y + (keyHeight / 2), TextAnchor.End, TextBaseline.Central, PianoRollLayout.LabelText);
            }
        }

        // Time grid with labels (only the labels where beat lines take the grid's place).
        foreach (double t in layout.GridTimes())
        {
            double x = layout.TimeX(t);
            if (!layout.HasBeats)
            {
                canvas.VerticalLine(x, layout.Top, layout.GridBottom, PianoRollLayout.GridLine, PianoRollLayout.GridLineWidth);
            }

            canvas.DrawText(layout.TimeLabel(t), x, layout.AxisTop + PianoRollLayout.TimeLabelBaseline, TextAnchor.Middle, TextBaseline.Alphabetic, PianoRollLayout.LabelText);
        }

        // Beat and bar lines of a score, bars over beats.
        foreach (double t in layout.BeatTimes)
        {
            canvas.VerticalLine(layout.TimeX(t), layout.Top, layout.Top + layout.RollHeight, PianoRollLayout.BeatLine, PianoRollLayout.BeatLineWidth);
        }

        foreach (double t in layout.BarTimes)
        {
            canvas.VerticalLine(layout.TimeX(t), layout.Top, layout.Top + layout.RollHeight, PianoRollLayout.BarLine, PianoRollLayout.BarLineWidth);
        }

        // Notes: the fill with its velocity opacity, then a faint outline standing in for the SVG's 0.4-unit stroke.
        for (int i = 0; i < notes.Count; i++)
        {
            Note n = notes[i];
            (double x, double y, double noteWidth, double noteHeight) = layout.NoteRect(n);
            double v = PianoRollLayout.Loudness(n.Velocity);
            (int x0, int y0, int x1, int y1) = canvas.FillRectAtLeastOnePixel(x, y, noteWidth, noteHeight, layout.NoteColour(i, v), PianoRollLayout.NoteOpacity(v));
            canvas.StrokePixels(x0, y0, x1, y1, PianoRollLayout.NoteStroke, PianoRollLayout.NoteStrokeWidth);
        }

        if (layout.ShowPedal)
        {
            canvas.FillRect(Left, layout.PedalTop, layout.RollWidth, PianoRollLayout.PedalHeight, PianoRollLayout.PedalLane);
            canvas.DrawText(PianoRollLayout.PedalLabel, Left - PianoRollLayout.LabelGap, layout.PedalTop + (PianoRollLayout.PedalHeight / 2), TextAnchor.End, TextBaseline.Central, PianoRollLayout.LabelText);
            foreach (PedalInterval p in sustainPedal)
            {
                (double x, double y, double pedalWidth, double pedalHeight) = layout.PedalRect(p);
                canvas.FillRect(x, y, pedalWidth, pedalHeight, PianoRollLayout.Pedal, PianoRollLayout.PedalOpacity);
            }
        }

        return canvas;
    }
}
