using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Midi;

namespace PianoTranscription.Tests.Export;

public class PianoRollPngTests
{
    private static readonly (int R, int G, int B) White = (255, 255, 255);
    private static readonly (int R, int G, int B) WhiteKeyStripe = (0xfa, 0xfa, 0xfa);
    private static readonly (int R, int G, int B) BlackKeyStripe = (0xe9, 0xeb, 0xf0);
    private static readonly (int R, int G, int B) PedalLane = (0xf1, 0xf2, 0xf5);
    private static readonly (int R, int G, int B) PedalGreen = (0x2e, 0x8b, 0x57);

    private static readonly Note LoudNote = new(60, 1.1, 1.7, 120); // C4, a white key
    private static readonly Note SoftNote = new(61, 2.1, 2.7, 20);  // C#4, a black key
    private static readonly PedalInterval Pedal = new(0.2, 0.9);

    /// <summary>
    /// The default layout (100 px/s, 6 px per key, 88 keys A0..C8, no title): the roll starts at x = 54, the top key
    /// row (108) at y = 8, pitch p's row at 8 + (108 - p)·6; the pedal lane is 6 px under the keys and 14 high, the
    /// time axis 20 high, the right margin 12 wide. Grid lines every 0.5 s; the points avoid them.
    /// </summary>
    private static (string Name, int X, int Y, (int R, int G, int B) Colour)[] Expectations() =>
    [
        ("loud note", 54 + 140, RowCentre(60), NoteOver(LoudNote.Velocity, WhiteKeyStripe)),
        ("soft note", 54 + 240, RowCentre(61), NoteOver(SoftNote.Velocity, BlackKeyStripe)),
        ("background", 2, 2, White),
        ("white-key stripe", 54 + 140, RowCentre(62), WhiteKeyStripe),
        ("black-key stripe", 54 + 140, RowCentre(63), BlackKeyStripe),
        ("pedal", 54 + 55, PedalCentre, Blend(PedalGreen, 0.75, PedalLane)),
        ("pedal lane", 54 + 240, PedalCentre, PedalLane),
    ];

    private const int ExpectedWidth = 54 + 270 + 12;    // the last note ends at 2.7 s
    private const int ExpectedHeight = 8 + (88 * 6) + 6 + 14 + 20;
    private const int PedalCentre = 8 + (88 * 6) + 6 + 7;

    private static int RowCentre(int pitch) => 8 + ((108 - pitch) * 6) + 3;

    private static byte[] ScenePng() => PianoRollPng.ToPng([LoudNote, SoftNote], [Pedal]);

    /// <summary>The SVG's note colour, written out here independently: HSL(230·(1 − v)°, 75 %, 47 %), v = velocity / 127.</summary>
    private static (int R, int G, int B) VelocityColour(int velocity)
    {
        double v = velocity / 127.0;
        double h = 230 * (1 - v) / 360, s = 0.75, l = 0.47;
        double q = l < 0.5 ? l * (1 + s) : l + s - (l * s);
        double p = (2 * l) - q;
        double Channel(double t)
        {
            t = ((t % 1) + 1) % 1;
            return t < 1 / 6.0 ? p + ((q - p) * 6 * t) : t < 0.5 ? q : t < 2 / 3.0 ? p + ((q - p) * ((2 / 3.0) - t) * 6) : p;
        }

        return ((int)Math.Round(Channel(h + (1 / 3.0)) * 255), (int)Math.Round(Channel(h) * 255), (int)Math.Round(Channel(h - (1 / 3.0)) * 255));
    }

    /// <summary>A note's fill (fill-opacity 0.45 + 0.55·v) over what is under it.</summary>
    private static (int R, int G, int B) NoteOver(int velocity, (int R, int G, int B) under) =>
        Blend(VelocityColour(velocity), 0.45 + (0.55 * velocity / 127.0), under);

    private static (int R, int G, int B) Blend((int R, int G, int B) top, double alpha, (int R, int G, int B) under) =>
        ((int)Math.Round((top.R * alpha) + (under.R * (1 - alpha))),
         (int)Math.Round((top.G * alpha) + (under.G * (1 - alpha))),
         (int)Math.Round((top.B * alpha) + (under.B * (1 - alpha))));

    private static void AssertColour((int R, int G, int B) expected, (int R, int G, int B) actual, string what, int tolerance = 2)
    {
        bool close = Math.Abs(expected.R - actual.R) <= tolerance && Math.Abs(expected.G - actual.G) <= tolerance && Math.Abs(expected.B - actual.B) <= tolerance;
        Assert.True(close, $"{what}: expected {expected} ±{tolerance}, got {actual}");
    }

    [Fact]
    public void File_has_the_png_signature_an_rgb_header_idat_and_iend_chunks_with_valid_crcs()
    {
        byte[] png = ScenePng();

        List<PngChunk> chunks = PngTestReader.Chunks(png);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal(13, chunks[0].Data.Length);
        Assert.Equal(ExpectedWidth, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data));
        Assert.Equal(ExpectedHeight, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, chunks[0].Data[8..]);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Empty(chunks[^1].Data);
        Assert.All(chunks[1..^1], c => Assert.Equal("IDAT", c.Type));
        Assert.NotEmpty(chunks[1..^1]);
        foreach (PngChunk chunk in chunks)
        {
            Assert.True(PngTestReader.BitwiseCrc(chunk.Type, chunk.Data) == chunk.StoredCrc, $"{chunk.Type} CRC");
        }

        // A corrupted byte is caught by the same check (the check can fail).
        chunks[0].Data[0] ^= 1;
        Assert.NotEqual(chunks[0].StoredCrc, PngTestReader.BitwiseCrc(chunks[0].Type, chunks[0].Data));
    }

    [Fact]
    public void Decoded_pixels_show_notes_in_their_velocity_colours_over_the_key_stripes_and_the_pedal_lane()
    {
        PngPicture picture = PngTestReader.Decode(ScenePng());

        Assert.Equal((ExpectedWidth, ExpectedHeight), (picture.Width, picture.Height));
        foreach (var (name, x, y, colour) in Expectations())
        {
            AssertColour(colour, picture.Pixel(x, y), name);
        }

        Assert.True(VelocityColour(120).R > 200 && VelocityColour(20).B > 150, "loud is red, soft is blue");
        Assert.Contains(picture.RowFilters, f => f != 0); // rows are filtered, not all stored as they are
    }

    [ToolFact("python3:PIL")]
    public void Pillow_reads_the_file_as_rgb_with_the_expected_size_and_pixels()
    {
        using var folder = new TempFolder();
        string path = folder.File("roll.png");
        PianoRollPng.Write(path, [LoudNote, SoftNote], [Pedal]);
        var points = Expectations();

        const string Script = """
            import hashlib, sys
            from PIL import Image
            im = Image.open(sys.argv[1])
            im.load()
            print(im.format, im.mode, im.width, im.height, hashlib.sha256(im.tobytes()).hexdigest())
            for xy in sys.argv[2:]:
                x, y = map(int, xy.split(','))
                print(*im.getpixel((x, y)))
            """;
        string[] lines = ExternalTool.Run(ExternalTool.DebianPython, ["-c", Script, path, .. points.Select(p => $"{p.X},{p.Y}")])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        PngPicture ours = PngTestReader.Decode(File.ReadAllBytes(path));
        Assert.Equal($"PNG RGB {ExpectedWidth} {ExpectedHeight} {Convert.ToHexStringLower(SHA256.HashData(ours.Rgb))}", lines[0]);
        Assert.Equal(points.Length + 1, lines.Length);
        for (int i = 0; i < points.Length; i++)
        {
            int[] rgb = lines[i + 1].Split(' ').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            AssertColour(points[i].Colour, (rgb[0], rgb[1], rgb[2]), "Pillow: " + points[i].Name);
        }
    }

    [Fact]
    public void Same_picture_as_the_svg_size_and_every_note_rectangle_in_its_fill_and_opacity()
    {
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        var options = new PianoRollOptions { PixelsPerSecond = 200, KeyHeight = 8, Title = "Sample" };

        XDocument svg = XDocument.Parse(PianoRollSvg.ToSvg(notes, pedal, options));
        PngPicture png = PngTestReader.Decode(PianoRollPng.ToPng(notes, pedal, options));

        static double Num(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);
        Assert.Equal((int)Math.Round(Num(svg.Root!, "width")), png.Width);
        Assert.Equal((int)Math.Round(Num(svg.Root!, "height")), png.Height);
        var rects = svg.Descendants().Where(e => (string?)e.Attribute("class") is "note" or "pedal").ToList();
        Assert.Equal(notes.Length + pedal.Length, rects.Count);
        foreach (XElement r in rects)
        {
            int x = (int)Math.Floor(Num(r, "x") + (Num(r, "width") / 2));
            int y = (int)Math.Floor(Num(r, "y") + (Num(r, "height") / 2));
            string fill = (string)r.Attribute("fill")!;
            (int, int, int) colour = (Convert.ToInt32(fill[1..3], 16), Convert.ToInt32(fill[3..5], 16), Convert.ToInt32(fill[5..7], 16));
            bool isNote = (string?)r.Attribute("class") == "note";
            int pitch = isNote ? (int)r.Attribute("data-pitch")! : -1;
            (int, int, int) under = !isNote ? PedalLane : (pitch % 12) is 1 or 3 or 6 or 8 or 10 ? BlackKeyStripe : WhiteKeyStripe;
            AssertColour(Blend(colour, Num(r, "fill-opacity"), under), png.Pixel(x, y), $"{r.Attribute("class")!.Value} at {x},{y}");
        }
    }

    [Fact]
    public void A_two_hour_roll_at_100_px_per_second_is_squeezed_into_the_width_cap()
    {
        Note last = new(72, 7190, 7200, 100);
        PngPicture picture = PngTestReader.Decode(PianoRollPng.ToPng([new Note(60, 0, 10, 64), last], []));

        Assert.Equal(PianoRollPng.MaxWidth, picture.Width); // 720 066 px wide at 100 px/s
        Assert.Equal(8 + (88 * 6) + 6 + 14 + 20, picture.Height);

        // The last note ends where the roll ends, 12 px (the right margin) before the picture's right edge.
        double pps = (PianoRollPng.MaxWidth - 54 - 12) / 7200.0;
        int centre = (int)(54 + (7195 * pps));
        AssertColour(NoteOver(last.Velocity, WhiteKeyStripe), picture.Pixel(centre, RowCentre(72)), "last note");
        AssertColour(White, picture.Pixel(PianoRollPng.MaxWidth - 6, RowCentre(72)), "right margin");

        // The Width option is capped the same way.
        Assert.Equal(PianoRollPng.MaxWidth, PngTestReader.Decode(PianoRollPng.ToPng([last], [], new PianoRollOptions { Width = 1_000_000, FitPitchRange = true })).Width);
    }

    [Fact]
    public void Too_many_key_rows_for_the_height_cap_are_refused_naming_key_height()
    {
        // 88 rows × 100 px = 8800 px > MaxHeight.
        var ex = Assert.Throws<ArgumentException>(() => PianoRollPng.ToPng([], [], new PianoRollOptions { KeyHeight = 100 }));
        Assert.Contains(nameof(PianoRollOptions.KeyHeight), ex.Message, StringComparison.Ordinal);
        Assert.Contains(PianoRollPng.MaxHeight.ToString(CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Equal("options", ex.ParamName);

        // 88 × 92 = 8096 px plus 48 px of margins fits just under it; whole octaves only (12 rows) fit at 100 px.
        Assert.Equal(8 + (88 * 92) + 40, PngTestReader.Decode(PianoRollPng.ToPng([], [], new PianoRollOptions { KeyHeight = 92 })).Height);
        Assert.Equal(8 + (12 * 100) + 40, PngTestReader.Decode(PianoRollPng.ToPng([new Note(60, 0, 1, 64)], [], new PianoRollOptions { KeyHeight = 100, FitPitchRange = true })).Height);
    }

    [Fact]
    public void Empty_rolls_and_zero_length_notes_are_drawn()
    {
        PngPicture empty = PngTestReader.Decode(PianoRollPng.ToPng([], []));
        Assert.Equal((54 + 100 + 12, 8 + (88 * 6) + 40), (empty.Width, empty.Height)); // an empty roll is one second long
        AssertColour(WhiteKeyStripe, empty.Pixel(80, RowCentre(60)), "empty stripe");

        // A zero-length note is one pixel wide (like the SVG's 1-unit minimum): its fill, then the outline, over the stripe.
        Note click = new(60, 0.25, 0.25, 127);
        PngPicture picture = PngTestReader.Decode(PianoRollPng.ToPng([click, new Note(40, 0, 1, 64)], [], new PianoRollOptions { ShowPedal = false }));
        (int, int, int) expected = Blend((0x1b, 0x1b, 0x2f), 0.4, NoteOver(127, WhiteKeyStripe));
        AssertColour(expected, picture.Pixel(54 + 25, RowCentre(60)), "zero-length note", tolerance: 3);
        AssertColour(WhiteKeyStripe, picture.Pixel(54 + 26, RowCentre(60)), "right of it");
        AssertColour(WhiteKeyStripe, picture.Pixel(54 + 24, RowCentre(60)), "left of it");
    }

    [Fact]
    public void A_hundred_thousand_notes_draw_in_bounded_time()
    {
        var random = new Random(7);
        Note[] notes = Enumerable.Range(0, 100_000).Select(_ =>
        {
            double onset = random.NextDouble() * 1200;
            return new Note(random.Next(21, 109), onset, onset + (random.NextDouble() * 2), random.Next(1, 128));
        }).ToArray();
        PianoRollPng.ToPng(notes[..100], []); // warm up

        var watch = Stopwatch.StartNew();
        byte[] png = PianoRollPng.ToPng(notes, [new PedalInterval(1, 2)]);
        watch.Stop();

        Assert.Equal(PianoRollPng.MaxWidth, PngTestReader.Decode(png).Width);
        // A guard against a quadratic blow-up (minutes), not a speed measurement: about 0.4 s on 2 idle cores, several
        // times that when CI shares the cores; speed is for benchmarks.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"100 000 notes took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void A_duration_of_millennia_draws_a_few_grid_lines_not_billions()
    {
        var watch = Stopwatch.StartNew();
        PngPicture picture = PngTestReader.Decode(PianoRollPng.ToPng([new Note(60, 0, 1, 64)], [], new PianoRollOptions { Duration = 1e11 }));

        Assert.Equal(PianoRollPng.MaxWidth, picture.Width);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void A_refused_write_leaves_the_old_file_and_no_temporary_file()
    {
        using var folder = new TempFolder();
        string path = folder.File("roll.png");
        PianoRollPng.Write(path, [LoudNote], [Pedal]);
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => PianoRollPng.Write(path, [LoudNote], [], new PianoRollOptions { PixelsPerSecond = -1 }));
        Assert.Throws<ArgumentException>(() => PianoRollPng.Write(path, [new Note(60, 2, 1, 64)], []));
        Assert.Throws<ArgumentException>(() => PianoRollPng.Write(folder.File("new.png"), [], [], new PianoRollOptions { KeyHeight = 100 }));
        Assert.Throws<DirectoryNotFoundException>(() => PianoRollPng.Write(folder.File("missing/roll.png"), [LoudNote], []));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void File_stream_and_bytes_are_the_same_png_and_the_stream_stays_open()
    {
        using var folder = new TempFolder();
        var (notes, pedal) = MidiFixtures.SamplePerformance();
        PianoRollPng.Write(folder.File("a.png"), notes, pedal);
        using var stream = new MemoryStream();
        PianoRollPng.Write(stream, notes, pedal);

        Assert.True(stream.CanWrite);
        Assert.Equal(File.ReadAllBytes(folder.File("a.png")), stream.ToArray());
        Assert.Equal(stream.ToArray(), PianoRollPng.ToPng(notes, pedal));
        Assert.Throws<ArgumentException>(() => PianoRollPng.ToPng([], [new PedalInterval(double.NaN, 1)]));
        Assert.Throws<ArgumentNullException>(() => PianoRollPng.Write((Stream)null!, notes, pedal));
    }

    [Fact]
    public void Title_is_drawn_and_characters_outside_ascii_become_boxes()
    {
        static byte[] TitleArea(string title)
        {
            PngPicture p = PngTestReader.Decode(PianoRollPng.ToPng([], [], new PianoRollOptions { Title = title }));
            return [.. Enumerable.Range(10, 10).SelectMany(y => Enumerable.Range(54, 30).Select(x => (byte)p.Pixel(x, y).R))];
        }

        Assert.All(TitleArea(" "), v => Assert.Equal(255, v)); // a title moves the roll down 20 px; a blank one draws nothing
        Assert.Contains(TitleArea("Bach"), v => v < 100);
        Assert.NotEqual(TitleArea("Bach"), TitleArea("Bact"));
        Assert.NotEqual(TitleArea("B\u00e9"), TitleArea("B?"));
        Assert.Equal(TitleArea("B\u00e9"), TitleArea("B\u00e8")); // both drawn as the same box
        Assert.Equal(TitleArea("B\U0001F3B9"), TitleArea("B\u00e8")); // one box for a character outside the BMP, too
    }
}
