using PianoTranscription.Decoding;
using PianoTranscription.Inference;

namespace PianoTranscription.Tests.Decoding;

public class NoteDecoderTests
{
    private const double FrameRate = 50;
    private const double Tolerance = 0.002;

    /// <summary>Random notes: many keys, overlapping chords, same-key notes at least 0.3 s apart.</summary>
    internal static List<Note> RandomNotes(int seed, double length, int count)
    {
        var random = new Random(seed);
        var notes = new List<Note>();
        var free = new double[Note.PianoKeyCount];
        for (int attempt = 0; notes.Count < count && attempt < count * 20; attempt++)
        {
            int key = random.Next(Note.PianoKeyCount);
            double onset = 0.2 + random.NextDouble() * (length - 1.6);
            if (onset < free[key] || notes.Any(n => n.Pitch == key + 21 && n.Onset > onset))
            {
                continue;
            }

            double duration = 0.1 + random.NextDouble() * 1.0;
            notes.Add(new Note(key + 21, onset, onset + duration, random.Next(1, 128)));
            free[key] = onset + duration + 0.3;
        }

        return notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList();
    }

    private static void AssertSameNotes(List<Note> expected, IReadOnlyList<Note> actual, double onsetTolerance = Tolerance, double offsetTolerance = Tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Note e = expected[i];
            Note a = actual[i];
            Assert.True(e.Pitch == a.Pitch, $"note {i}: pitch {a.Pitch}, expected {e.Pitch}");
            Assert.True(Math.Abs(e.Onset - a.Onset) < onsetTolerance, $"note {i} (pitch {e.Pitch}): onset {a.Onset}, expected {e.Onset}");
            Assert.True(Math.Abs(e.Offset - a.Offset) < offsetTolerance, $"note {i} (pitch {e.Pitch}): offset {a.Offset}, expected {e.Offset}");
            Assert.Equal(e.Velocity, a.Velocity);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Rendered_targets_decode_back_to_the_notes_within_two_milliseconds(int seed)
    {
        List<Note> notes = RandomNotes(seed, 20, 150);
        Posteriorgram p = TargetRenderer.Render(notes, null, (int)(20 * FrameRate), FrameRate);

        DecodedNotes decoded = new NoteDecoder().Decode(p);

        Assert.True(notes.Count > 100);
        AssertSameNotes(notes, decoded.Notes);
        Assert.Empty(decoded.Pedals);
    }

    [Fact]
    public void A_nonzero_start_time_shifts_every_note()
    {
        var notes = new List<Note> { new(60, 100.33, 100.9, 80), new(64, 100.5, 101.2, 70) };
        Posteriorgram p = TargetRenderer.Render(notes, null, 150, FrameRate, startTime: 100);

        AssertSameNotes(notes, new NoteDecoder().Decode(p).Notes);
    }

    [Fact]
    public void A_restruck_key_ends_the_first_note_at_the_second_onset()
    {
        var notes = new List<Note> { new(60, 1.013, 1.507, 90), new(60, 1.507, 2.3, 40) };
        Posteriorgram p = TargetRenderer.Render(notes, null, 150, FrameRate);
        ReadOnlySpan<float> frame = p.Frame.Span;
        for (int t = 51; t < 115; t++)
        {
            Assert.Equal(1f, frame[t * 88 + 39]); // the frame head never drops between the two notes
        }

        IReadOnlyList<Note> decoded = new NoteDecoder().Decode(p).Notes;

        AssertSameNotes(notes, decoded);
    }

    [Fact]
    public void Onsets_closer_than_the_minimum_interval_are_ignored()
    {
        var notes = new List<Note> { new(60, 1.0, 1.08, 90), new(60, 1.08, 1.6, 40) };
        Posteriorgram p = TargetRenderer.Render(notes, null, 100, FrameRate);

        IReadOnlyList<Note> strict = new NoteDecoder(new DecoderOptions { MinInterOnsetInterval = 0.1 }).Decode(p).Notes;
        IReadOnlyList<Note> loose = new NoteDecoder(new DecoderOptions { MinInterOnsetInterval = 0.05 }).Decode(p).Notes;

        Assert.Single(strict);
        Assert.Equal(1.0, strict[0].Onset, 3);
        Assert.Equal(2, loose.Count);
    }

    [Fact]
    public void Chords_of_overlapping_notes_are_all_found()
    {
        var notes = new List<Note>();
        foreach (int pitch in new[] { 21, 48, 52, 55, 60, 108 })
        {
            notes.Add(new Note(pitch, 0.5012, 1.7 + pitch / 1000.0, pitch));
        }

        notes.Add(new Note(64, 1.0, 1.4, 100));
        Posteriorgram p = TargetRenderer.Render(notes, null, 120, FrameRate);

        IReadOnlyList<Note> decoded = new NoteDecoder().Decode(p).Notes;

        AssertSameNotes(notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList(), decoded);
    }

    [Fact]
    public void Notes_at_the_edges_start_at_the_first_frame_and_end_at_the_last()
    {
        var notes = new List<Note> { new(70, 0.0, 0.5, 64), new(71, 1.5, 5.0, 64) };
        Posteriorgram p = TargetRenderer.Render(notes, null, 100, FrameRate); // frames 0..99, last centre 1.98 s

        IReadOnlyList<Note> decoded = new NoteDecoder().Decode(p).Notes;

        Assert.Equal(2, decoded.Count);
        Assert.Equal(0.0, decoded[0].Onset, 6);
        Assert.Equal(0.5, decoded[0].Offset, 3);
        Assert.Equal(1.5, decoded[1].Onset, 3);
        Assert.Equal(p.TimeOf(99), decoded[1].Offset, 9);
    }

    [Fact]
    public void Empty_and_silent_posteriorgrams_have_no_notes()
    {
        var decoder = new NoteDecoder();
        Assert.Empty(decoder.Decode(new Posteriorgram(FrameRate, 0, [], [])).Notes);

        var silent = TargetRenderer.Render([], [], 500, FrameRate);
        DecodedNotes decoded = decoder.Decode(silent);
        Assert.Empty(decoded.Notes);
        Assert.Empty(decoded.Pedals);
    }

    [Fact]
    public void Frame_activity_without_an_onset_is_not_a_note()
    {
        var frame = new float[100 * 88];
        Array.Fill(frame, 0.9f);
        var p = new Posteriorgram(FrameRate, 0, new float[100 * 88], frame);

        Assert.Empty(new NoteDecoder().Decode(p).Notes);
    }

    [Theory]
    [InlineData("onset")]
    [InlineData("frame")]
    [InlineData("offset")]
    [InlineData("velocity")]
    [InlineData("pedal frame")]
    public void A_non_finite_value_names_its_head(string head)
    {
        Posteriorgram clean = TargetRenderer.Render([new Note(60, 0.3, 0.8, 64)], [new PedalInterval(0.2, 0.9)], 60, FrameRate);
        float[] onset = clean.Onset.ToArray(), frame = clean.Frame.ToArray(), offset = clean.Offset.ToArray(), velocity = clean.Velocity.ToArray();
        float[] pedalFrame = clean.PedalFrame.ToArray();
        float[] target = head switch
        {
            "onset" => onset,
            "frame" => frame,
            "offset" => offset,
            "velocity" => velocity,
            _ => pedalFrame,
        };
        target[target.Length / 2 + 3] = head == "frame" ? float.PositiveInfinity : float.NaN;
        var p = new Posteriorgram(FrameRate, 0, onset, frame, offset, velocity, clean.PedalOnset.ToArray(), pedalFrame, clean.PedalOffset.ToArray());

        ArgumentException e = Assert.Throws<ArgumentException>(() => new NoteDecoder().Decode(p));
        Assert.Contains($"The {head} head", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Velocity_is_scaled_rounded_and_clamped()
    {
        var onset = new float[20 * 88];
        var frame = new float[20 * 88];
        var velocity = new float[20 * 88];
        // keys 0, 1, 2: a clear onset peak at frame 5 with velocities 0, 0.5 and 1.2 (an unclamped model output).
        float[] peak = [0.2f, 0.6f, 1f, 0.6f, 0.2f];
        float[] values = [0f, 0.5f, 1.2f];
        for (int key = 0; key < 3; key++)
        {
            for (int i = 0; i < peak.Length; i++)
            {
                onset[(3 + i) * 88 + key] = peak[i];
            }

            for (int t = 5; t < 12; t++)
            {
                frame[t * 88 + key] = 1f;
                velocity[t * 88 + key] = values[key];
            }
        }

        IReadOnlyList<Note> notes = new NoteDecoder().Decode(new Posteriorgram(FrameRate, 0, onset, frame, velocity: velocity)).Notes;

        Assert.Equal([1, 64, 127], notes.Select(n => n.Velocity));
        Assert.All(notes, n => Assert.Equal(0.1, n.Onset, 9));
        Assert.All(notes, n => Assert.Equal(1f, n.Confidence));
    }

    [Fact]
    public void Without_a_velocity_head_notes_get_the_default_velocity()
    {
        Posteriorgram full = TargetRenderer.Render([new Note(60, 0.3, 0.8, 100)], null, 60, FrameRate);
        var p = new Posteriorgram(FrameRate, 0, full.Onset.ToArray(), full.Frame.ToArray(), full.Offset.ToArray());

        Note note = Assert.Single(new NoteDecoder(new DecoderOptions { DefaultVelocity = 33 }).Decode(p).Notes);

        Assert.Equal(33, note.Velocity);
        Assert.Equal(0.8, note.Offset, 3);
    }

    [Fact]
    public void Without_an_offset_head_notes_end_where_the_frame_head_falls()
    {
        Posteriorgram full = TargetRenderer.Render([new Note(60, 0.3, 0.8, 100)], null, 60, FrameRate);
        var p = new Posteriorgram(FrameRate, 0, full.Onset.ToArray(), full.Frame.ToArray());

        Note note = Assert.Single(new NoteDecoder(new DecoderOptions { FrameThreshold = 0.5f }).Decode(p).Notes);

        // A binary frame head drops between the frame centred at 0.78 s and the one at 0.80 s: crossing at 0.79 s.
        Assert.Equal(0.79, note.Offset, 9);
    }

    [Fact]
    public void Short_notes_are_lengthened_to_the_minimum_duration()
    {
        var onset = new float[20 * 88];
        float[] peak = [0.2f, 0.6f, 1f, 0.6f, 0.2f];
        for (int i = 0; i < peak.Length; i++)
        {
            onset[(3 + i) * 88 + 10] = peak[i];
        }

        var p = new Posteriorgram(FrameRate, 0, onset, new float[20 * 88]);

        Note note = Assert.Single(new NoteDecoder(new DecoderOptions { MinNoteDuration = 0.07 }).Decode(p).Notes);

        Assert.Equal(31, note.Pitch);
        Assert.Equal(0.07, note.Duration, 9);
    }

    [Fact]
    public void Random_noise_gives_well_formed_sorted_notes()
    {
        var random = new Random(7);
        int frames = 400;
        float[] Noise(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var p = new Posteriorgram(FrameRate, 0, Noise(frames * 88), Noise(frames * 88), Noise(frames * 88), Noise(frames * 88), Noise(frames), Noise(frames), Noise(frames));

        DecodedNotes decoded = new NoteDecoder().Decode(p);

        Assert.NotEmpty(decoded.Notes);
        Assert.All(decoded.Notes, n =>
        {
            Assert.InRange(n.Pitch, 21, 108);
            Assert.True(n.Offset > n.Onset);
            Assert.InRange(n.Velocity, 1, 127);
            Assert.InRange(n.Confidence, 0f, 1f);
        });
        Assert.Equal(decoded.Notes.OrderBy(n => n.Onset).ThenBy(n => n.Pitch), decoded.Notes);
        Assert.All(decoded.Pedals, q => Assert.True(q.Duration >= DecoderOptions.Default.MinPedalDuration));
        Assert.Equal(decoded.Notes, new NoteDecoder().Decode(p).Notes);
    }
}
