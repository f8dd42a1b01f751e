using PianoTranscription.Analysis;
using PianoTranscription.Midi;
using PianoTranscription.Midi.Events;

namespace PianoTranscription.Notation;

/// <summary>
/// A <see cref="Score"/> as a quantised Standard MIDI File (format 1) through <see cref="MidiFile"/>: a conductor
/// track with the score's tempo map, time signature (a pickup bar written as its own short signature first) and key
/// signature, then one track per hand ("Right hand" on channel 1, "Left hand" on channel 2, both acoustic piano),
/// notes at the score's ticks. Played back it sounds at the performed tempo; notation programs read the bars.
/// </summary>
public static class ScoreMidi
{
    /// <summary>The names of the hand tracks, right then left.</summary>
    public static IReadOnlyList<string> TrackNames { get; } = ["Right hand", "Left hand"];

    /// <summary>Builds the MIDI file.</summary>
    /// <param name="score">The score.</param>
    /// <returns>A format 1 file: conductor, right hand, left hand.</returns>
    /// <exception cref="ArgumentException">A note's pitch is outside 0–127.</exception>
    public static MidiFile ToMidiFile(Score score)
    {
        ArgumentNullException.ThrowIfNull(score);
        int tpq = score.TicksPerQuarterNote;
        TimeSignature time = score.TimeSignature;
        var conductor = new List<(long, MidiEvent)>();
        if (score.Title is not null)
        {
            conductor.Add((0, new TrackNameEvent(0, score.Title)));
        }

        long unit = (long)tpq * 4 / time.Denominator;
        if (score.PickupTicks > 0 && score.PickupTicks % unit == 0)
        {
            conductor.Add((0, Signature((int)(score.PickupTicks / unit), time.Denominator)));
            conductor.Add((score.PickupTicks, Signature(time.Numerator, time.Denominator)));
        }
        else
        {
            conductor.Add((0, Signature(time.Numerator, time.Denominator)));
        }

        if (score.Key is Key key)
        {
            conductor.Add((0, new KeySignatureEvent(0, key.SharpsOrFlats, key.Mode == KeyMode.Minor)));
        }

        conductor.AddRange(score.TempoMap.Changes.Select(c => (c.Tick, (MidiEvent)new TempoEvent(0, c.MicrosecondsPerQuarterNote))));
        var tracks = new List<MidiTrack> { MidiTrack.FromAbsoluteTicks(conductor.OrderBy(e => e.Item1)) /* stable: a tick's events keep their order */ };
        for (int h = 0; h < 2; h++)
        {
            var hand = (Hand)h;
            var events = new List<(long Tick, int Order, MidiEvent Event)>();
            foreach (ScoreNote n in score.NotesOf(hand))
            {
                if (n.Pitch is < 0 or > 127)
                {
                    throw new ArgumentException($"The note at tick {n.StartTick} has pitch {n.Pitch}; MIDI pitches are 0 to 127.", nameof(score));
                }

                events.Add((n.StartTick, 1, ChannelEvent.NoteOn(0, h, n.Pitch, Math.Clamp(n.Velocity, 1, 127))));
                events.Add((n.EndTick, 0, ChannelEvent.NoteOff(0, h, n.Pitch)));
            }

            // Note-offs before note-ons at a shared tick, so a repeated key reads back as two notes.
            var ordered = events.OrderBy(e => e.Tick).ThenBy(e => e.Order).Select(e => (e.Tick, e.Event)).ToList();
            ordered.InsertRange(0, [(0L, new TrackNameEvent(0, TrackNames[h])), (0L, ChannelEvent.ProgramChange(0, h, 0))]);
            tracks.Add(MidiTrack.FromAbsoluteTicks(ordered));
        }

        return new MidiFile(MidiFileFormat.MultiTrack, tpq, tracks);
    }

    /// <summary>Writes the quantised MIDI file, atomically.</summary>
    /// <param name="score">The score.</param>
    /// <param name="path">The target path.</param>
    public static void Write(Score score, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        MidiFile file = ToMidiFile(score);
        file.Write(path);
    }

    /// <summary>Writes the quantised MIDI file to a stream (left open).</summary>
    /// <param name="score">The score.</param>
    /// <param name="stream">The stream.</param>
    public static void Write(Score score, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ToMidiFile(score).Write(stream);
    }

    private static TimeSignatureEvent Signature(int numerator, int denominator)
    {
        bool compound = denominator >= 8 && numerator % 3 == 0 && numerator > 3;
        return new TimeSignatureEvent(0, numerator, denominator, 96 / denominator * (compound ? 3 : 1));
    }
}
