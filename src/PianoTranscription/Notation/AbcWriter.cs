using System.Globalization;
using System.Text;
using PianoTranscription.Analysis;
using PianoTranscription.IO;
using PianoTranscription.Notation.Layout;

namespace PianoTranscription.Notation;

/// <summary>
/// Writes a <see cref="Score"/> in ABC notation (2.1): a header with <c>X</c>, <c>T</c>, <c>M</c>, <c>L</c>
/// (1/8), <c>Q</c> and <c>K</c>, then one voice per hand (treble and bass clef, joined by <c>%%score</c>), with extra
/// voices on the same staff where a hand plays independent lines. Chords, ties, dotted values and triplets
/// (<c>(3:2:n</c>) as in <see cref="MusicXmlWriter"/>; accidentals written where the key signature and the bar's
/// earlier accidentals do not already give the pitch, whether a reader holds those to one octave (ABC 2.1) or to
/// every octave (abc2midi). abcMIDI's <c>abc2midi</c> and abcm2ps read it.
/// </summary>
/// <remarks>Tempo: the first bar's in the header, then an inline <c>[Q:1/4=N]</c> field in the first voice wherever a
/// bar's mean tempo moves by more than 10 % (the marks <see cref="MusicXmlWriter"/> writes).</remarks>
public static class AbcWriter
{
    /// <summary>Ticks of the unit length <c>L:1/8</c>.</summary>
    private const long Unit = NoteValue.TicksPerQuarterNote / 2;

    private const int BarsPerLine = 4;

    /// <summary>The octave key under which a bar's accidental for a letter in any octave is kept.</summary>
    private const int AnyOctave = int.MinValue;

    /// <summary>Writes the score as an ABC file, atomically (the file appears complete or not at all).</summary>
    /// <param name="score">The score.</param>
    /// <param name="path">The target path (<c>.abc</c>).</param>
    public static void Write(Score score, string path)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text = ToAbc(score);
        AtomicFile.WriteAllText(path, text);
    }

    /// <summary>Writes the score in ABC (UTF-8) to a text writer.</summary>
    /// <param name="score">The score.</param>
    /// <param name="writer">The writer.</param>
    public static void Write(Score score, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ToAbc(score));
    }

    /// <summary>The score as an ABC tune.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The ABC text.</returns>
    public static string ToAbc(Score score)
    {
        ArgumentNullException.ThrowIfNull(score);
        ScoreLayout layout = ScoreLayout.Create(score);
        var abc = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        TimeSignature time = score.TimeSignature;
        List<(long Tick, double Bpm)> tempos = MusicXmlWriter.TempoMarks(layout);
        double firstBpm = tempos.Count > 0 ? tempos[0].Bpm : 120;

        abc.Append("X:1\n");
        abc.Append(c, $"T:{OneLine(score.Title ?? "Piano transcription")}\n");
        abc.Append(c, $"M:{time.Numerator}/{time.Denominator}\n");
        abc.Append("L:1/8\n");
        abc.Append(Tempo(firstBpm, time)).Append('\n');

        var voices = new List<(Hand Hand, int Number, string Id)>();
        foreach (Hand hand in new[] { Hand.Right, Hand.Left })
        {
            for (int v = 1; v <= layout.VoicesOf(hand); v++)
            {
                voices.Add((hand, v, string.Create(c, $"{(hand == Hand.Right ? "R" : "L")}{v}")));
            }
        }

        string Staff(Hand hand)
        {
            string[] ids = voices.Where(v => v.Hand == hand).Select(v => v.Id).ToArray();
            return ids.Length == 1 ? ids[0] : "(" + string.Join(' ', ids) + ")";
        }

        abc.Append(c, $"%%score {{{Staff(Hand.Right)} | {Staff(Hand.Left)}}}\n");
        abc.Append(c, $"K:{KeyName(score.Key)}\n");
        foreach ((Hand hand, int number, string id) in voices)
        {
            string clef = hand == Hand.Right ? "treble" : "bass";
            string name = number == 1 ? (hand == Hand.Right ? " name=\"Right hand\" sname=\"R.H.\"" : " name=\"Left hand\" sname=\"L.H.\"") : string.Empty;
            abc.Append(c, $"V:{id} clef={clef}{name}\n");
        }

        int fifths = score.Key?.SharpsOrFlats ?? 0;
        foreach ((Hand hand, int number, string id) in voices)
        {
            abc.Append(c, $"[V:{id}] ");
            bool carriesTempo = hand == Hand.Right && number == 1;
            int tempoIndex = 1; // the first is the header's Q:
            long lastWholeBpm = (long)Math.Round(firstBpm);
            for (int m = 0; m < layout.Measures.Count; m++)
            {
                LaidMeasure measure = layout.Measures[m];
                LaidVoice? voice = measure.Voices.FirstOrDefault(v => v.Hand == hand && v.Number == number);
                if (voice is null)
                {
                    abc.Append('x').Append(Length(measure.Length)).Append(' ');
                }
                else
                {
                    var accidentals = new Dictionary<(char Step, int Octave), int>();
                    List<LaidElement> elements = voice.Elements.ToList();
                    for (int i = 0; i < elements.Count; i++)
                    {
                        LaidElement e = elements[i];
                        while (carriesTempo && tempoIndex < tempos.Count && tempos[tempoIndex].Tick < e.End)
                        {
                            long whole = (long)Math.Round(tempos[tempoIndex].Bpm);
                            if (whole != lastWholeBpm)
                            {
                                abc.Append('[').Append(Tempo(whole, time)).Append(']');
                                lastWholeBpm = whole;
                            }

                            tempoIndex++;
                        }

                        if (e.Tuplet == TupletMark.Start)
                        {
                            int n = 1;
                            while (i + n < elements.Count && elements[i + n - 1].Tuplet != TupletMark.Stop)
                            {
                                n++;
                            }

                            abc.Append(c, $"(3:2:{n}");
                        }

                        AppendElement(abc, e, number > 1, score.Key, fifths, accidentals);
                        abc.Append(e.Tuplet is TupletMark.Start or TupletMark.Middle ? string.Empty : " ");
                    }
                }

                bool last = m == layout.Measures.Count - 1;
                abc.Append(last ? "|]\n" : (m + 1) % BarsPerLine == 0 ? "|\n" : "| ");
            }
        }

        return abc.ToString();
    }

    private static void AppendElement(StringBuilder abc, LaidElement e, bool hiddenRests, Key? key, int fifths, Dictionary<(char, int), int> accidentals)
    {
        string length = Length(e.Value.WrittenTicks);
        if (e.IsRest)
        {
            abc.Append(hiddenRests ? 'x' : 'z').Append(e.IsMeasureRest ? Length(e.Duration) : length);
            return;
        }

        bool chord = e.Pitches.Count > 1;
        if (chord)
        {
            abc.Append('[');
        }

        for (int i = 0; i < e.Pitches.Count; i++)
        {
            int pitch = e.Pitches[i];
            // ABC 2.1 lets an accidental last to the bar's end for that note in that octave; abc2midi applies it to the
            // letter in every octave. An accidental is written wherever either reading would give another pitch.
            SpelledPitch p = SpelledPitch.Spell(pitch, key);
            int signature = SpelledPitch.SignatureAlter(p.Step, fifths);
            int inOctave = accidentals.TryGetValue((p.Step, p.Octave), out int a) ? a : signature;
            int inAnyOctave = accidentals.TryGetValue((p.Step, AnyOctave), out int b) ? b : signature;
            if (p.Alter != inOctave || p.Alter != inAnyOctave)
            {
                abc.Append(p.Alter switch { 2 => "^^", 1 => "^", 0 => "=", -1 => "_", _ => "__" });
                accidentals[(p.Step, p.Octave)] = p.Alter;
                accidentals[(p.Step, AnyOctave)] = p.Alter;
            }

            abc.Append(p.Octave >= 5 ? char.ToLowerInvariant(p.Step) : p.Step);
            abc.Append(p.Octave >= 5 ? new string('\'', p.Octave - 5) : new string(',', 4 - p.Octave));
            if (chord && e.TiesTo[i])
            {
                abc.Append('-');
            }
        }

        if (chord)
        {
            abc.Append(']');
        }

        abc.Append(length);
        if (!chord && e.TiesTo[0])
        {
            abc.Append('-');
        }
    }

    /// <summary>A length in ticks as a multiple of <c>L:1/8</c>: "" (1), "2", "3/2", "/2", "/4".</summary>
    private static string Length(long ticks)
    {
        long g = Gcd(ticks, Unit);
        long num = ticks / g;
        long den = Unit / g;
        CultureInfo c = CultureInfo.InvariantCulture;
        return (num, den) switch
        {
            (1, 1) => string.Empty,
            (_, 1) => num.ToString(c),
            (1, _) => "/" + den.ToString(c),
            _ => string.Create(c, $"{num}/{den}"),
        };
    }

    private static long Gcd(long a, long b) => b == 0 ? Math.Max(1, a) : Gcd(b, a % b);

    private static string Tempo(double bpm, TimeSignature time) => time.IsCompound
        ? string.Create(CultureInfo.InvariantCulture, $"Q:3/8={Math.Round(bpm / 1.5):0}")
        : string.Create(CultureInfo.InvariantCulture, $"Q:1/4={Math.Round(bpm):0}");

    /// <summary>The <c>K:</c> value: the tonic as the key signature spells it, "m" for minor ("Eb", "F#m").</summary>
    private static string KeyName(Key? key)
    {
        if (key is not Key k)
        {
            return "C";
        }

        SpelledPitch tonic = SpelledPitch.Spell(k.Tonic + 60, k);
        string accidental = tonic.Alter switch { 1 => "#", -1 => "b", _ => string.Empty };
        return tonic.Step + accidental + (k.Mode == KeyMode.Minor ? "m" : string.Empty);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
