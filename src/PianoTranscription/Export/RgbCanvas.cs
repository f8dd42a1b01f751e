using System.Text;

namespace PianoTranscription.Export;

/// <summary>Where a text's x lies on it.</summary>
internal enum TextAnchor
{
    Start,
    Middle,
    End,
}

/// <summary>Where a text's y lies on it.</summary>
internal enum TextBaseline
{
    /// <summary>y is the baseline: the glyphs sit on the pixel row above it.</summary>
    Alphabetic,

    /// <summary>y is the vertical middle of the glyphs.</summary>
    Central,
}

/// <summary>
/// An 8-bit RGB picture to draw a piano roll on: filled and outlined rectangles, one-pixel lines and
/// <see cref="BitmapFont"/> text, each painted over what is there with an opacity. Coordinates are doubles (SVG user
/// units); an edge at x covers the pixels from <c>floor(x + 0.5)</c> on, so touching rectangles tile without gaps or
/// overlaps, and anything outside the picture is clipped.
/// </summary>
internal sealed class RgbCanvas
{
    public RgbCanvas(int width, int height, RollColour background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height * 3)];
        FillPixels(0, 0, width, height, background, 256);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Rows top to bottom, each <c>Width</c> pixels of red, green, blue.</summary>
    public byte[] Pixels { get; }

    /// <summary>The pixel an edge at <paramref name="v"/> starts (round half up; far-away values clamped).</summary>
    public static int Snap(double v) => (int)Math.Floor(Math.Clamp(v, -1e8, 1e8) + 0.5);

    /// <summary>Fills a rectangle.</summary>
    public void FillRect(double x, double y, double width, double height, RollColour colour, double opacity = 1) =>
        FillPixels(Snap(x), Snap(y), Snap(x + width), Snap(y + height), colour, Alpha(opacity));

    /// <summary>
    /// Fills a rectangle at least one pixel wide and high, so that a hairline note stays visible, and returns the
    /// pixels it covers (before clipping).
    /// </summary>
    public (int X0, int Y0, int X1, int Y1) FillRectAtLeastOnePixel(double x, double y, double width, double height, RollColour colour, double opacity)
    {
        int x0 = Snap(x), y0 = Snap(y);
        int x1 = Math.Max(Snap(x + width), x0 + 1), y1 = Math.Max(Snap(y + height), y0 + 1);
        FillPixels(x0, y0, x1, y1, colour, Alpha(opacity));
        return (x0, y0, x1, y1);
    }

    /// <summary>Paints the one-pixel border just inside a rectangle of pixels, each pixel once.</summary>
    public void StrokePixels(int x0, int y0, int x1, int y1, RollColour colour, double opacity)
    {
        int alpha = Alpha(opacity);
        if (x1 - x0 <= 2 || y1 - y0 <= 2)
        {
            FillPixels(x0, y0, x1, y1, colour, alpha);
            return;
        }

        FillPixels(x0, y0, x1, y0 + 1, colour, alpha);
        FillPixels(x0, y1 - 1, x1, y1, colour, alpha);
        FillPixels(x0, y0 + 1, x0 + 1, y1 - 1, colour, alpha);
        FillPixels(x1 - 1, y0 + 1, x1, y1 - 1, colour, alpha);
    }

    /// <summary>Paints a rectangle's border (see <see cref="StrokePixels"/>).</summary>
    public void StrokeRect(double x, double y, double width, double height, RollColour colour, double opacity) =>
        StrokePixels(Snap(x), Snap(y), Snap(x + width), Snap(y + height), colour, opacity);

    /// <summary>A one-pixel horizontal line on the pixel row that holds <paramref name="y"/>.</summary>
    public void HorizontalLine(double x1, double x2, double y, RollColour colour, double opacity)
    {
        int row = (int)Math.Floor(Math.Clamp(y, -1e8, 1e8));
        FillPixels(Snap(x1), row, Snap(x2), row + 1, colour, Alpha(opacity));
    }

    /// <summary>A one-pixel vertical line on the pixel column that holds <paramref name="x"/>.</summary>
    public void VerticalLine(double x, double y1, double y2, RollColour colour, double opacity)
    {
        int column = (int)Math.Floor(Math.Clamp(x, -1e8, 1e8));
        FillPixels(column, Snap(y1), column + 1, Snap(y2), colour, Alpha(opacity));
    }

    /// <summary>
    /// Draws one line of text in the bitmap font. Bold draws every glyph twice, one pixel apart, and leaves one more
    /// blank column between glyphs.
    /// </summary>
    public void DrawText(string text, double x, double y, TextAnchor anchor, TextBaseline baseline, RollColour colour, bool bold = false)
    {
        int width = BitmapFont.MeasureWidth(text, bold);
        int left = anchor switch
        {
            TextAnchor.Middle => Snap(x - (width / 2.0)),
            TextAnchor.End => Snap(x) - width,
            _ => Snap(x),
        };
        int top = baseline == TextBaseline.Central ? Snap(y - (BitmapFont.GlyphHeight / 2.0)) : Snap(y) - BitmapFont.GlyphHeight;
        foreach (Rune c in text.EnumerateRunes())
        {
            ReadOnlySpan<byte> glyph = BitmapFont.Glyph(c);
            for (int column = 0; column < BitmapFont.GlyphWidth; column++)
            {
                for (int row = 0; row < BitmapFont.GlyphHeight + BitmapFont.Descent; row++)
                {
                    if ((glyph[column] & (1 << row)) != 0)
                    {
                        FillPixels(left + column, top + row, left + column + (bold ? 2 : 1), top + row + 1, colour, 256);
                    }
                }
            }

            left += BitmapFont.Advance + (bold ? 1 : 0);
        }
    }

    /// <summary>Opacity 0..1 as a blend weight 0..256.</summary>
    private static int Alpha(double opacity) => (int)Math.Round(Math.Clamp(double.IsNaN(opacity) ? 0 : opacity, 0, 1) * 256);

    /// <summary>Paints the pixels x0..x1-1 × y0..y1-1 (clipped) with weight <paramref name="alpha"/> of 256.</summary>
    private void FillPixels(int x0, int y0, int x1, int y1, RollColour colour, int alpha)
    {
        x0 = Math.Max(x0, 0);
        y0 = Math.Max(y0, 0);
        x1 = Math.Min(x1, Width);
        y1 = Math.Min(y1, Height);
        if (x0 >= x1 || y0 >= y1 || alpha <= 0)
        {
            return;
        }

        byte[] p = Pixels;
        if (alpha >= 256)
        {
            for (int y = y0; y < y1; y++)
            {
                int end = ((y * Width) + x1) * 3;
                for (int i = ((y * Width) + x0) * 3; i < end; i += 3)
                {
                    p[i] = colour.R;
                    p[i + 1] = colour.G;
                    p[i + 2] = colour.B;
                }
            }

            return;
        }

        int keep = 256 - alpha;
        int r = colour.R * alpha, g = colour.G * alpha, b = colour.B * alpha;
        for (int y = y0; y < y1; y++)
        {
            int end = ((y * Width) + x1) * 3;
            for (int i = ((y * Width) + x0) * 3; i < end; i += 3)
            {
                p[i] = (byte)((r + (p[i] * keep) + 128) >> 8);
                p[i + 1] = (byte)((g + (p[i + 1] * keep) + 128) >> 8);
                p[i + 2] = (byte)((b + (p[i + 2] * keep) + 128) >> 8);
            }
        }
    }
}
