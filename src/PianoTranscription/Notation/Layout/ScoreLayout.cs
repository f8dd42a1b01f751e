namespace PianoTranscription.Notation.Layout;

/// <summary>
/// Lays a <see cref="Score"/> out as written music, once for every notation writer (MusicXML, ABC): measures, and in
/// each the voices of both staves as notes, chords and rests that fill the measure, notes that cross a bar line or a
/// beat split into tied parts, note values spelled with dots and triplets. Ticks are at
/// <see cref="NoteValue.TicksPerQuarterNote"/> (a score at another resolution is rescaled).
/// </summary>
/// <remarks>
/// <para>
/// Grid: the score's notes are expected on a quantiser's grid. Each beat (a quarter note in x/2 and x/4 time) is
/// written either in binary values down to a 64th or, when its notes start or end on thirds of the beat, as a
/// triplet of eighths (or sixteenths), decided per voice, so one voice can play triplets against another's
/// sixteenths; a boundary on neither grid is moved to the nearest point of the grid that fits most of that voice's
/// boundaries in that beat. In x/8 and x/16 time only binary values are written.
/// </para>
/// <para>
/// Voices: notes that start and end together in a voice form a chord; a note that overlaps its voice's previous chord
/// otherwise goes to another voice of its staff (at most <see cref="MaxVoices"/> per staff). Past that, it joins the
/// chord that sounds all through it (cut where the note starts and ends, its notes tied across the cuts, so no length
/// changes); failing that, it joins the chord that starts with it (taking its length) or shortens the earliest-ending
/// voice's last chord.
/// </para>
/// </remarks>
internal sealed class ScoreLayout
{
    /// <summary>Voices per staff (MusicXML readers such as MuseScore take four).</summary>
    public const int MaxVoices = 4;

    private const long Binary = NoteValue.Shortest; // 64th-note grid
    private const long Triplet = 80;               // triplet-16th grid (a third of an eighth)

    private readonly long _offset;

    private ScoreLayout(Score score, IReadOnlyList<LaidMeasure> measures, int rightVoices, int leftVoices, long offset)
    {
        Score = score;
        Measures = measures;
        RightVoices = rightVoices;
        LeftVoices = leftVoices;
        _offset = offset;
    }

    /// <summary>The score laid out.</summary>
    public Score Score { get; }

    /// <summary>The measures in order.</summary>
    public IReadOnlyList<LaidMeasure> Measures { get; }

    /// <summary>Voices of the right hand's staff (at least 1).</summary>
    public int RightVoices { get; }

    /// <summary>Voices of the left hand's staff (at least 1).</summary>
    public int LeftVoices { get; }

    /// <summary>The voice count of a staff.</summary>
    public int VoicesOf(Hand hand) => hand == Hand.Right ? RightVoices : LeftVoices;

    /// <summary>A score tick at <see cref="NoteValue.TicksPerQuarterNote"/>.</summary>
    public long ToLayoutTicks(long scoreTick) => Rescale(scoreTick, Score.TicksPerQuarterNote);

    /// <summary>Lays the score out.</summary>
    public static ScoreLayout Create(Score score)
    {
        ArgumentNullException.ThrowIfNull(score);
        int tpq = score.TicksPerQuarterNote;
        long bar = score.TimeSignature.TicksPerBar(NoteValue.TicksPerQuarterNote);
        long pickup = Rescale(score.PickupTicks, tpq);
        if (pickup >= bar)
        {
            pickup = 0;
        }

        long offset = pickup > 0 ? bar - pickup : 0; // tick + offset = position counted from a full bar's start
        long beat = score.TimeSignature.TicksPerBeat(NoteValue.TicksPerQuarterNote);
        long tripletSpan = score.TimeSignature.Denominator <= 4 ? NoteValue.TicksPerQuarterNote : 0;

        List<List<Chord>> rightVoices = AssignVoices(Placed.Of(score.NotesOf(Hand.Right), tpq));
        List<List<Chord>> leftVoices = AssignVoices(Placed.Of(score.NotesOf(Hand.Left), tpq));
        foreach (List<Chord> voice in rightVoices.Concat(leftVoices))
        {
            Snap(voice, offset, tripletSpan);
        }

        long end = rightVoices.Concat(leftVoices).SelectMany(v => v).Select(c => c.End).DefaultIfEmpty(0).Max();
        var starts = new List<long> { 0 };
        long next = pickup > 0 ? pickup : bar;
        while (next < end)
        {
            starts.Add(next);
            next += bar;
        }

        starts.Add(next);
        var measures = new List<LaidMeasure>(starts.Count - 1);
        var cursors = new Dictionary<(Hand, int), int>();
        for (int m = 0; m < starts.Count - 1; m++)
        {
            long ms = starts[m];
            long me = starts[m + 1];
            var voices = new List<LaidVoice>();
            foreach ((Hand hand, List<List<Chord>> handVoices) in new[] { (Hand.Right, rightVoices), (Hand.Left, leftVoices) })
            {
                for (int v = 0; v < Math.Max(1, handVoices.Count); v++)
                {
                    List<Chord> chords = v < handVoices.Count ? handVoices[v] : [];
                    cursors.TryGetValue((hand, v), out int cursor);
                    while (cursor < chords.Count && chords[cursor].End <= ms)
                    {
                        cursor++;
                    }

                    cursors[(hand, v)] = cursor;
                    bool any = cursor < chords.Count && chords[cursor].Start < me;
                    if (!any && v > 0)
                    {
                        continue;
                    }

                    List<LaidElement> elements = LayVoice(chords, cursor, ms, me, bar, beat, tripletSpan, offset, isPickup: m == 0 && pickup > 0);
                    voices.Add(new LaidVoice(hand, v + 1, elements));
                }
            }

            measures.Add(new LaidMeasure(m, ms, me - ms, m == 0 && pickup > 0, voices));
        }

        return new ScoreLayout(score, measures, Math.Max(1, rightVoices.Count), Math.Max(1, leftVoices.Count), offset);
    }

    /// <summary>The position of a tick counted from the start of its (full) bar.</summary>
    public long BarPosition(long tick) => (tick + _offset) % Score.TimeSignature.TicksPerBar(NoteValue.TicksPerQuarterNote);

    private static long Rescale(long tick, int tpq) =>
        tpq == NoteValue.TicksPerQuarterNote ? tick : (long)Math.Round(tick * (double)NoteValue.TicksPerQuarterNote / tpq, MidpointRounding.AwayFromZero);

    private readonly record struct Placed(long Start, long End, int Pitch, int Velocity, int Voice)
    {
        public static List<Placed> Of(IEnumerable<ScoreNote> notes, int tpq) =>
            notes.Select(n => new Placed(Rescale(n.StartTick, tpq), Math.Max(Rescale(n.EndTick, tpq), Rescale(n.StartTick, tpq) + 1), n.Pitch, n.Velocity, n.Voice)).ToList();
    }

    private sealed class Chord(long start, long end)
    {
        public long Start { get; set; } = start;

        public long End { get; set; } = end;

        public List<ChordNote> Notes { get; } = [];

        /// <summary>Cuts the chord at <paramref name="tick"/> (inside it): this part ends there, tied to the returned part.</summary>
        public Chord CutAt(long tick)
        {
            var rest = new Chord(tick, End);
            rest.Notes.AddRange(Notes.Select(n => n with { TiedIn = true }));
            for (int i = 0; i < Notes.Count; i++)
            {
                Notes[i] = Notes[i] with { TiedOut = true };
            }

            End = tick;
            return rest;
        }
    }

    /// <summary>A note of a chord; <c>TiedIn</c>/<c>TiedOut</c> when a cut chord continues it from or into the next chord.</summary>
    private readonly record struct ChordNote(int Pitch, int Velocity, bool TiedIn = false, bool TiedOut = false);

    /// <summary>
    /// Moves every chord boundary of one voice onto the binary or the triplet grid of its beat (see the remarks):
    /// a no-op for a quantiser's output. Each voice decides for itself, so one voice can play triplets against
    /// another's sixteenths. A chord that would then overlap the next one ends where it starts.
    /// </summary>
    private static void Snap(List<Chord> voice, long offset, long span)
    {
        var grid = new Dictionary<long, long>(); // beat index -> grid step
        if (span > 0)
        {
            var votes = new Dictionary<long, (int Binary, int Triplet, int Total)>();
            foreach (long t in voice.SelectMany(c => new[] { c.Start, c.End }))
            {
                long r = (t + offset) % span;
                if (r == 0)
                {
                    continue;
                }

                long k = (t + offset) / span;
                votes.TryGetValue(k, out var v);
                votes[k] = (v.Binary + (r % Binary == 0 ? 1 : 0), v.Triplet + (r % Triplet == 0 ? 1 : 0), v.Total + 1);
            }

            foreach ((long k, var v) in votes)
            {
                grid[k] = v.Binary == v.Total ? Binary : v.Triplet == v.Total ? Triplet : v.Triplet > v.Binary ? Triplet : Binary;
            }
        }

        long StepAt(long t) => span > 0 && grid.TryGetValue((t + offset) / span, out long g) ? g : Binary;

        long SnapTick(long t)
        {
            long step = StepAt(t);
            long snapped = (long)Math.Round((t + offset) / (double)step, MidpointRounding.AwayFromZero) * step;
            return Math.Max(0, snapped - offset);
        }

        foreach (Chord c in voice)
        {
            long s = SnapTick(c.Start);
            long e = SnapTick(c.End);
            c.Start = s;
            c.End = e > s ? e : s + StepAt(s);
        }

        for (int i = 0; i + 1 < voice.Count; i++)
        {
            Chord c = voice[i];
            Chord next = voice[i + 1];
            if (next.Start <= c.Start)
            {
                // Snapped onto the same start: one chord, as long as the longer.
                c.End = Math.Max(c.End, next.End);
                c.Notes.AddRange(next.Notes);
                c.Notes.Sort((x, y) => x.Pitch.CompareTo(y.Pitch));
                voice.RemoveAt(i + 1);
                i--;
            }
            else if (c.End > next.Start)
            {
                c.End = next.Start;
            }
        }
    }

    /// <summary>Chords per voice, each voice's chords in order and not overlapping (see the remarks).</summary>
    private static List<List<Chord>> AssignVoices(List<Placed> notes)
    {
        var voices = new List<List<Chord>>();
        foreach (Placed n in notes.OrderBy(n => n.Start).ThenBy(n => n.Voice).ThenByDescending(n => n.Pitch))
        {
            int preferred = Math.Clamp(n.Voice, 1, MaxVoices) - 1;
            IEnumerable<int> order = new[] { preferred }.Concat(Enumerable.Range(0, voices.Count).Where(v => v != preferred));
            bool placed = false;
            foreach (int v in order)
            {
                if (v >= voices.Count)
                {
                    continue;
                }

                Chord? last = voices[v].Count > 0 ? voices[v][^1] : null;
                if (last is not null && last.Start == n.Start && last.End == n.End)
                {
                    last.Notes.Add(new ChordNote(n.Pitch, n.Velocity));
                    placed = true;
                    break;
                }

                if (last is null || n.Start >= last.End)
                {
                    voices[v].Add(NewChord(n));
                    placed = true;
                    break;
                }
            }

            if (placed)
            {
                continue;
            }

            if (voices.Count < MaxVoices)
            {
                // Voices are numbered by need; a note asking for voice 2 gets it when voice 1 is taken.
                voices.Add([NewChord(n)]);
                continue;
            }

            // Past four voices: tuck the note into a chord that sounds all through it, cut where the note starts and
            // ends with the chord's notes tied across the cuts, so every length stays as it was.
            List<Chord>? covering = voices.FirstOrDefault(v => v[^1].Start <= n.Start && n.End <= v[^1].End);
            if (covering is not null)
            {
                Chord host = covering[^1];
                if (host.Start < n.Start)
                {
                    host = host.CutAt(n.Start);
                    covering.Add(host);
                }

                if (n.End < host.End)
                {
                    covering.Add(host.CutAt(n.End));
                }

                host.Notes.Add(new ChordNote(n.Pitch, n.Velocity));
                host.Notes.Sort((a, b) => a.Pitch.CompareTo(b.Pitch));
                continue;
            }

            Chord? together = voices.Select(v => v[^1]).FirstOrDefault(c => c.Start == n.Start);
            if (together is not null)
            {
                together.Notes.Add(new ChordNote(n.Pitch, n.Velocity));
                continue;
            }

            List<Chord> earliest = voices.OrderBy(v => v[^1].End).First();
            earliest[^1].End = n.Start;
            earliest.Add(NewChord(n));
        }

        foreach (List<Chord> voice in voices)
        {
            foreach (Chord c in voice)
            {
                c.Notes.Sort((a, b) => a.Pitch.CompareTo(b.Pitch));
            }
        }

        return voices;

        static Chord NewChord(Placed n)
        {
            var c = new Chord(n.Start, n.End);
            c.Notes.Add(new ChordNote(n.Pitch, n.Velocity));
            return c;
        }
    }

    private readonly record struct Segment(long Start, long End, Chord? Chord, bool TiedFrom, bool TiedTo);

    /// <summary>One voice's elements in one measure: chords cut at the bar lines, rests between, values spelled.</summary>
    private static List<LaidElement> LayVoice(List<Chord> chords, int cursor, long ms, long me, long bar, long beat, long span, long offset, bool isPickup)
    {
        var segments = new List<Segment>();
        long pos = ms;
        for (int i = cursor; i < chords.Count && chords[i].Start < me; i++)
        {
            Chord c = chords[i];
            long s = Math.Max(c.Start, ms);
            long e = Math.Min(c.End, me);
            if (s > pos)
            {
                segments.Add(new Segment(pos, s, null, false, false));
            }

            segments.Add(new Segment(s, e, c, c.Start < ms, c.End > me));
            pos = e;
        }

        if (pos < me)
        {
            segments.Add(new Segment(pos, me, null, false, false));
        }

        if (segments.Count == 1 && segments[0].Chord is null && !isPickup)
        {
            return [new LaidElement(ms, me - ms, [], [], NoteValue.Exact(me - ms) ?? NoteValue.Nearest(me - ms), [], [], TupletMark.None, true)];
        }

        // The beats this voice writes as triplets: those with a boundary off the binary grid.
        var triplets = new SortedSet<long>();
        if (span > 0)
        {
            foreach (long t in segments.SelectMany(s => new[] { s.Start, s.End }))
            {
                long r = (t + offset) % span;
                if (r != 0 && r % Binary != 0)
                {
                    triplets.Add((t + offset) / span);
                }
            }
        }

        var elements = new List<LaidElement>();
        foreach (Segment seg in segments)
        {
            // Cut at the edges of triplet beats, then spell each piece.
            var cuts = new List<long> { seg.Start };
            foreach (long k in triplets)
            {
                foreach (long edge in new[] { (k * span) - offset, ((k + 1) * span) - offset })
                {
                    if (edge > seg.Start && edge < seg.End)
                    {
                        cuts.Add(edge);
                    }
                }
            }

            cuts.Add(seg.End);
            cuts = cuts.Distinct().Order().ToList();
            var pieces = new List<(long Start, long End, NoteValue Value, bool Triplet)>();
            for (int i = 0; i + 1 < cuts.Count; i++)
            {
                long s = cuts[i];
                long e = cuts[i + 1];
                long k = span > 0 ? (s + offset) / span : -1;
                if (span > 0 && triplets.Contains(k))
                {
                    long frame = (k * span) - offset;
                    foreach ((long ws, long we, NoteValue v) in SplitValues((s - frame) * 3 / 2, (e - frame) * 3 / 2, NoteValue.TicksPerQuarterNote / 2))
                    {
                        pieces.Add((frame + (ws * 2 / 3), frame + (we * 2 / 3), v, true));
                    }
                }
                else
                {
                    long barStart = s + offset - ((s + offset) % bar);
                    foreach ((long ps, long pe, NoteValue v) in SplitValues(s + offset - barStart, e + offset - barStart, beat))
                    {
                        pieces.Add((barStart + ps - offset, barStart + pe - offset, v, false));
                    }
                }
            }

            for (int i = 0; i < pieces.Count; i++)
            {
                (long s, long e, NoteValue v, bool _) = pieces[i];
                Chord? c = seg.Chord;
                bool first = i == 0;
                bool last = i == pieces.Count - 1;
                elements.Add(new LaidElement(
                    s,
                    e - s,
                    c is null ? [] : c.Notes.Select(n => n.Pitch).ToArray(),
                    c is null ? [] : c.Notes.Select(n => n.Velocity).ToArray(),
                    v,
                    c is null ? [] : c.Notes.Select(n => !first || seg.TiedFrom || n.TiedIn).ToArray(),
                    c is null ? [] : c.Notes.Select(n => !last || seg.TiedTo || n.TiedOut).ToArray(),
                    pieces[i].Triplet ? TupletMark.Middle : TupletMark.None,
                    false));
            }
        }

        // Brackets: the first and last element of each triplet beat.
        for (int i = 0; i < elements.Count; i++)
        {
            if (elements[i].Tuplet == TupletMark.None)
            {
                continue;
            }

            long k = (elements[i].Start + offset) / span;
            bool first = i == 0 || elements[i - 1].Tuplet == TupletMark.None || (elements[i - 1].Start + offset) / span != k;
            bool last = i == elements.Count - 1 || elements[i + 1].Tuplet == TupletMark.None || (elements[i + 1].Start + offset) / span != k;
            elements[i] = elements[i] with { Tuplet = first ? TupletMark.Start : last ? TupletMark.Stop : TupletMark.Middle };
        }

        return elements;
    }

    /// <summary>
    /// Splits [start, end) (positions from a bar's or a triplet's start) into written values: one value where it
    /// spells the length and starts on a multiple of its own (undotted) length or of the beat; otherwise cut at the
    /// next beat, or at the coarsest subdivision inside.
    /// </summary>
    private static IEnumerable<(long Start, long End, NoteValue Value)> SplitValues(long start, long end, long beat)
    {
        long length = end - start;
        if (NoteValue.Exact(length) is NoteValue v && start % Math.Min(v.BaseTicks, beat) == 0)
        {
            return [(start, end, v)];
        }

        long nextBeat = ((start / beat) + 1) * beat;
        if (nextBeat < end)
        {
            return SplitValues(start, nextBeat, beat).Concat(SplitValues(nextBeat, end, beat));
        }

        foreach (long step in NoteValue.PlainLengths)
        {
            long cut = ((start / step) + 1) * step;
            if (cut < end)
            {
                return SplitValues(start, cut, beat).Concat(SplitValues(cut, end, beat));
            }
        }

        return [(start, end, NoteValue.Exact(length) ?? NoteValue.Nearest(length))];
    }
}
