using PianoTranscription.Analysis;

namespace PianoTranscription.Midi;

/// <summary>How <see cref="MidiNotes"/> writes notes and pedal as a Standard MIDI File.</summary>
public sealed record MidiWriteOptions
{
    /// <summary>The defaults: format 1, 480 ticks per quarter note, 120 bpm, 4/4, channel 0, program 0, track "Piano".</summary>
    public static MidiWriteOptions Default { get; } = new();

    /// <summary>
    /// The file format: <see cref="MidiFileFormat.MultiTrack"/> (default; a tempo track and a piano track) or
    /// <see cref="MidiFileFormat.SingleTrack"/> (everything in one track).
    /// </summary>
    public MidiFileFormat Format { get; init; } = MidiFileFormat.MultiTrack;

    /// <summary>Ticks per quarter note (default 480; at 120 bpm one tick is about 1.04 ms).</summary>
    public int TicksPerQuarterNote { get; init; } = 480;

    /// <summary>The tempo written as the file's only tempo event (default 120 bpm).</summary>
    public double BeatsPerMinute { get; init; } = 120;

    /// <summary>The name of the piano track (default "Piano").</summary>
    public string TrackName { get; init; } = "Piano";

    /// <summary>The MIDI channel, 0 to 15 (default 0).</summary>
    public int Channel { get; init; }

    /// <summary>The General MIDI program, 0 to 127 (default 0, acoustic grand piano).</summary>
    public int Program { get; init; }

    /// <summary>
    /// The key signature written at the start of the tempo track (<c>FF 59</c>), or null (default) for none.
    /// </summary>
    public Key? KeySignature { get; init; }

    /// <summary>
    /// Whether <see cref="Export.TranscriptionExport"/> and <see cref="Transcription.TranscriptionResult"/> write the
    /// key that <see cref="KeyEstimator"/> (with its defaults) finds in the notes as the key signature when
    /// <see cref="KeySignature"/> is null (default true; false for no key signature). <see cref="MidiNotes"/> itself
    /// never estimates.
    /// </summary>
    public bool WriteEstimatedKey { get; init; } = true;

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (Format is not (MidiFileFormat.SingleTrack or MidiFileFormat.MultiTrack))
        {
            throw new ArgumentException($"{nameof(Format)} must be SingleTrack (0) or MultiTrack (1), not {Format}.", nameof(Format));
        }

        if (TicksPerQuarterNote is < 1 or > 0x7FFF)
        {
            throw new ArgumentException($"{nameof(TicksPerQuarterNote)} must be 1 to 32767, not {TicksPerQuarterNote}.", nameof(TicksPerQuarterNote));
        }

        if (!double.IsFinite(BeatsPerMinute) || BeatsPerMinute < 4 || BeatsPerMinute > 10_000)
        {
            throw new ArgumentException($"{nameof(BeatsPerMinute)} must be 4 to 10000, not {BeatsPerMinute}.", nameof(BeatsPerMinute));
        }

        if (TrackName is null)
        {
            throw new ArgumentException($"{nameof(TrackName)} must not be null.", nameof(TrackName));
        }

        if (Channel is < 0 or > 15)
        {
            throw new ArgumentException($"{nameof(Channel)} must be 0 to 15, not {Channel}.", nameof(Channel));
        }

        if (Program is < 0 or > 127)
        {
            throw new ArgumentException($"{nameof(Program)} must be 0 to 127, not {Program}.", nameof(Program));
        }
    }
}
