using PianoTranscription.Analysis;
using PianoTranscription.Decoding;
using PianoTranscription.IO;
using PianoTranscription.Midi.Events;

namespace PianoTranscription.Midi;

/// <summary>
/// The musical layer over <see cref="MidiFile"/>: reads notes and sustain pedal in seconds from any Standard MIDI
/// File, and writes them as a piano MIDI file.
/// </summary>
/// <remarks>
/// Reading: a note-on with velocity 0 is a note-off; when the same key is struck again before it is released, the
/// note-offs end the open notes first-in first-out; notes never released end at the end of the file. The sustain
/// pedal is down while controller 64 is 64 or more; intervals of all channels are merged.
/// Writing: times are rounded to the nearest tick (at the default 120 bpm and 480 ticks per quarter note one tick is
/// about 1.04 ms); a note shorter than one tick is lengthened to one tick; velocities are clamped to 1..127.
/// </remarks>
public static class MidiNotes
{
    private const int DrumChannel = 9;

    /// <summary>Reads the notes and sustain pedal of a MIDI file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">Reading options; null for <see cref="MidiReadOptions.Default"/>.</param>
    /// <returns>Notes and pedal intervals in seconds.</returns>
    /// <exception cref="MidiFormatException">The file is not a valid Standard MIDI File.</exception>
    public static MidiPerformance Read(string path, MidiReadOptions? options = null) => FromMidiFile(MidiFile.Read(path), options);

    /// <summary>Reads the notes and sustain pedal of a MIDI file from a stream (read to its end, left open).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="options">Reading options; null for <see cref="MidiReadOptions.Default"/>.</param>
    /// <returns>Notes and pedal intervals in seconds.</returns>
    /// <exception cref="MidiFormatException">The data is not a valid Standard MIDI File.</exception>
    public static MidiPerformance Read(Stream stream, MidiReadOptions? options = null) => FromMidiFile(MidiFile.Read(stream), options);

    /// <summary>Extracts notes and sustain pedal, in seconds, from a parsed MIDI file.</summary>
    /// <param name="file">The MIDI file.</param>
    /// <param name="options">Reading options; null for <see cref="MidiReadOptions.Default"/>.</param>
    /// <returns>Notes sorted by onset then pitch, and merged pedal intervals.</returns>
    public static MidiPerformance FromMidiFile(MidiFile file, MidiReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        options ??= MidiReadOptions.Default;
        TempoMap tempo = file.GetTempoMap();

        // Merge the tracks' channel events by absolute tick; ties keep track order, then file order.
        var timed = new List<(long Tick, int Track, int Index, ChannelEvent Event)>();
        long endTick = 0;
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            int index = 0;
            foreach ((long tick, MidiEvent e) in file.Tracks[t].EnumerateWithAbsoluteTicks())
            {
                endTick = Math.Max(endTick, tick);
                if (e is ChannelEvent c)
                {
                    timed.Add((tick, t, index, c));
                }

                index++;
            }
        }

        timed.Sort(static (a, b) =>
        {
            int c = a.Tick.CompareTo(b.Tick);
            if (c == 0)
            {
                c = a.Track.CompareTo(b.Track);
            }

            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });

        var open = new Dictionary<int, Queue<(long Tick, int Velocity)>>();
        var notes = new List<Note>();
        var pedalDown = new long?[16];
        var pedals = new List<(long On, long Off)>();
        foreach ((long tick, _, _, ChannelEvent e) in timed)
        {
            if (e.Type == ChannelEventType.ControlChange && e.Data1 == ChannelEvent.SustainPedalController)
            {
                bool down = e.Data2 >= 64;
                if (down && pedalDown[e.Channel] is null)
                {
                    pedalDown[e.Channel] = tick;
                }
                else if (!down && pedalDown[e.Channel] is long on)
                {
                    pedals.Add((on, tick));
                    pedalDown[e.Channel] = null;
                }

                continue;
            }

            if (e.Channel == DrumChannel && !options.IncludeDrumChannel)
            {
                continue;
            }

            int key = (e.Channel << 7) | e.Data1;
            if (e.IsNoteOn)
            {
                if (!open.TryGetValue(key, out Queue<(long, int)>? queue))
                {
                    queue = new Queue<(long, int)>();
                    open[key] = queue;
                }

                queue.Enqueue((tick, e.Data2));
            }
            else if (e.IsNoteOff && open.TryGetValue(key, out Queue<(long Tick, int Velocity)>? queue) && queue.Count > 0)
            {
                (long on, int velocity) = queue.Dequeue();
                notes.Add(new Note(e.Data1, tempo.ToSeconds(on), tempo.ToSeconds(tick), velocity));
            }
        }

        // Notes and pedal never released end where the file ends.
        foreach ((int key, Queue<(long Tick, int Velocity)> queue) in open)
        {
            foreach ((long on, int velocity) in queue)
            {
                notes.Add(new Note(key & 0x7F, tempo.ToSeconds(on), tempo.ToSeconds(endTick), velocity));
            }
        }

        foreach (long? on in pedalDown)
        {
            if (on is long start)
            {
                pedals.Add((start, endTick));
            }
        }

        notes.Sort(static (a, b) => a.Onset != b.Onset ? a.Onset.CompareTo(b.Onset) : a.Pitch != b.Pitch ? a.Pitch.CompareTo(b.Pitch) : a.Offset.CompareTo(b.Offset));
        var merged = MergeIntervals(pedals.Select(p => (tempo.ToSeconds(p.On), tempo.ToSeconds(p.Off))));
        return new MidiPerformance(notes, merged.Select(p => new PedalInterval(p.On, p.Off)).ToArray());
    }

    /// <summary>Builds a piano MIDI file (tempo, time signature, key signature if set, track name, program, notes, CC64 pedal).</summary>
    /// <param name="notes">The notes (pitch 0..127, times in seconds, offset not before onset).</param>
    /// <param name="sustainPedal">Sustain-pedal intervals in seconds (may be empty; overlaps are merged).</param>
    /// <param name="options">Writing options; null for <see cref="MidiWriteOptions.Default"/>.</param>
    /// <returns>The MIDI file.</returns>
    public static MidiFile ToMidiFile(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, MidiWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(sustainPedal);
        options ??= MidiWriteOptions.Default;
        options.Validate();
        TempoEvent tempoEvent = TempoEvent.FromBeatsPerMinute(0, options.BeatsPerMinute);
        var tempo = new TempoMap(options.TicksPerQuarterNote, [new TempoChange(0, tempoEvent.MicrosecondsPerQuarterNote)]);
        int channel = options.Channel;

        // Order inside one tick: note-offs, pedal up, pedal down, note-ons, so that a re-struck key or a pedal
        // change at a shared tick reads back as two separate notes or intervals.
        var events = new List<(long Tick, int Order, int Sequence, MidiEvent Event)>(notes.Count * 2 + sustainPedal.Count * 2);
        for (int i = 0; i < notes.Count; i++)
        {
            Note n = notes[i];
            if (n.Pitch is < 0 or > 127)
            {
                throw new ArgumentException($"Note {i} has pitch {n.Pitch}; MIDI pitches are 0 to 127.", nameof(notes));
            }

            CheckTimes(n.Onset, n.Offset, $"Note {i}", nameof(notes));
            long on = tempo.ToTicks(n.Onset);
            long off = Math.Max(tempo.ToTicks(n.Offset), on + 1);
            int velocity = Math.Clamp(n.Velocity, 1, 127);
            events.Add((on, 3, i, ChannelEvent.NoteOn(0, channel, n.Pitch, velocity)));
            events.Add((off, 0, i, ChannelEvent.NoteOff(0, channel, n.Pitch)));
        }

        for (int i = 0; i < sustainPedal.Count; i++)
        {
            CheckTimes(sustainPedal[i].Onset, sustainPedal[i].Offset, $"Pedal interval {i}", nameof(sustainPedal));
        }

        int p = 0;
        foreach ((double on, double off) in MergeIntervals(sustainPedal.Select(x => (x.Onset, x.Offset))))
        {
            long onTick = tempo.ToTicks(on);
            long offTick = Math.Max(tempo.ToTicks(off), onTick + 1);
            events.Add((onTick, 2, p, ChannelEvent.ControlChange(0, channel, ChannelEvent.SustainPedalController, 127)));
            events.Add((offTick, 1, p, ChannelEvent.ControlChange(0, channel, ChannelEvent.SustainPedalController, 0)));
            p++;
        }

        events.Sort(static (a, b) =>
        {
            int c = a.Tick.CompareTo(b.Tick);
            if (c == 0)
            {
                c = a.Order.CompareTo(b.Order);
            }

            return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
        });

        var conductor = new List<(long, MidiEvent)>
        {
            (0, tempoEvent),
            (0, new TimeSignatureEvent(0, 4, 4)),
        };
        if (options.KeySignature is Key key)
        {
            conductor.Add((0, new KeySignatureEvent(0, key.SharpsOrFlats, key.Mode == KeyMode.Minor)));
        }

        var piano = new List<(long, MidiEvent)>
        {
            (0, new TrackNameEvent(0, options.TrackName)),
            (0, ChannelEvent.ProgramChange(0, channel, options.Program)),
        };
        piano.AddRange(events.Select(e => (e.Tick, e.Event)));
        long end = events.Count > 0 ? events[^1].Tick : 0;
        piano.Add((end, new EndOfTrackEvent(0)));

        if (options.Format == MidiFileFormat.SingleTrack)
        {
            var single = new List<(long, MidiEvent)> { piano[0] };
            single.AddRange(conductor);
            single.AddRange(piano.Skip(1));
            return new MidiFile(MidiFileFormat.SingleTrack, options.TicksPerQuarterNote, [MidiTrack.FromAbsoluteTicks(single)]);
        }

        conductor.Add((0, new EndOfTrackEvent(0)));
        return new MidiFile(MidiFileFormat.MultiTrack, options.TicksPerQuarterNote, [MidiTrack.FromAbsoluteTicks(conductor), MidiTrack.FromAbsoluteTicks(piano)]);
    }

    /// <summary>Writes notes and pedal as a Standard MIDI File, atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="options">Writing options; null for <see cref="MidiWriteOptions.Default"/>.</param>
    public static void Write(string path, IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, MidiWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        MidiFile file = ToMidiFile(notes, sustainPedal, options);
        file.Write(path);
    }

    /// <summary>Writes notes and pedal as a Standard MIDI File to a stream (left open).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="options">Writing options; null for <see cref="MidiWriteOptions.Default"/>.</param>
    public static void Write(Stream stream, IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, MidiWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ToMidiFile(notes, sustainPedal, options).Write(stream);
    }

    /// <summary>Writes notes and pedal as a Standard MIDI File, atomically and asynchronously.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="notes">The notes.</param>
    /// <param name="sustainPedal">Sustain-pedal intervals (may be empty).</param>
    /// <param name="options">Writing options; null for <see cref="MidiWriteOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the write; the target is then left as it was.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static Task WriteAsync(string path, IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> sustainPedal, MidiWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToMidiFile(notes, sustainPedal, options).ToBytes();
        return AtomicFile.WriteAsync(path, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), cancellationToken);
    }

    private static void CheckTimes(double onset, double offset, string what, string parameter)
    {
        if (!double.IsFinite(onset) || onset < 0)
        {
            throw new ArgumentException($"{what} starts at {onset} s; times must be finite and 0 or more.", parameter);
        }

        if (!double.IsFinite(offset) || offset < onset)
        {
            throw new ArgumentException($"{what} ends at {offset} s, before its start at {onset} s (or not finite).", parameter);
        }
    }

    private static List<(double On, double Off)> MergeIntervals(IEnumerable<(double On, double Off)> intervals)
    {
        var sorted = intervals.OrderBy(i => i.On).ThenBy(i => i.Off).ToList();
        var merged = new List<(double On, double Off)>(sorted.Count);
        foreach ((double on, double off) in sorted)
        {
            if (merged.Count > 0 && on < merged[^1].Off)
            {
                merged[^1] = (merged[^1].On, Math.Max(merged[^1].Off, off));
            }
            else
            {
                merged.Add((on, off));
            }
        }

        return merged;
    }
}
