using PianoTranscription.IO;

namespace PianoTranscription.Midi;

/// <summary>
/// A Standard MIDI File as stored: format, time division (ticks per quarter note) and track chunks. This is the low
/// layer that mirrors the file format; <see cref="TempoMap"/> and <see cref="MidiNotes"/> build musical objects
/// (seconds, notes, pedal) on top of it. Instances are immutable and thread-safe.
/// </summary>
public sealed class MidiFile
{
    /// <summary>The largest MIDI file the reader accepts (64 MiB); real performance files are far smaller.</summary>
    public const int MaxFileSize = 64 * 1024 * 1024;

    private readonly MidiTrack[] _tracks;

    /// <summary>Creates a MIDI file.</summary>
    /// <param name="format">The file format; <see cref="MidiFileFormat.SingleTrack"/> needs exactly one track.</param>
    /// <param name="ticksPerQuarterNote">The time division, 1 to 32 767 ticks per quarter note.</param>
    /// <param name="tracks">The tracks (1 to 65 535).</param>
    public MidiFile(MidiFileFormat format, int ticksPerQuarterNote, IEnumerable<MidiTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "The MIDI file format must be 0, 1 or 2.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerQuarterNote, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticksPerQuarterNote, 0x7FFF);
        _tracks = tracks.ToArray();
        if (_tracks.Any(t => t is null))
        {
            throw new ArgumentException("A track is null.", nameof(tracks));
        }

        if (_tracks.Length is 0 or > ushort.MaxValue)
        {
            throw new ArgumentException($"A MIDI file holds 1 to 65535 tracks, not {_tracks.Length}.", nameof(tracks));
        }

        if (format == MidiFileFormat.SingleTrack && _tracks.Length != 1)
        {
            throw new ArgumentException($"A format 0 MIDI file holds exactly one track, not {_tracks.Length}.", nameof(tracks));
        }

        Format = format;
        TicksPerQuarterNote = ticksPerQuarterNote;
    }

    /// <summary>The file format (0, 1 or 2).</summary>
    public MidiFileFormat Format { get; }

    /// <summary>The time division: ticks per quarter note (PPQ).</summary>
    public int TicksPerQuarterNote { get; }

    /// <summary>The track chunks in file order.</summary>
    public IReadOnlyList<MidiTrack> Tracks => _tracks;

    /// <summary>Builds the tempo map (ticks ↔ seconds) of this file.</summary>
    /// <returns>The tempo map.</returns>
    public TempoMap GetTempoMap() => TempoMap.FromFile(this);

    /// <summary>Reads a Standard MIDI File.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The file.</returns>
    /// <exception cref="MidiFormatException">The file is not a valid Standard MIDI File.</exception>
    public static MidiFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream);
    }

    /// <summary>Reads a Standard MIDI File from a stream (read to its end; the stream is left open).</summary>
    /// <param name="stream">The stream.</param>
    /// <returns>The file.</returns>
    /// <exception cref="MidiFormatException">The data is not a valid Standard MIDI File.</exception>
    public static MidiFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(ReadAllBytes(stream));
    }

    /// <summary>Reads a Standard MIDI File from bytes in memory.</summary>
    /// <param name="data">The file content.</param>
    /// <returns>The file.</returns>
    /// <exception cref="MidiFormatException">The data is not a valid Standard MIDI File.</exception>
    public static MidiFile Read(ReadOnlySpan<byte> data) => MidiFileReader.Read(data);

    /// <summary>Writes the file atomically (to a temporary file that then replaces <paramref name="path"/>).</summary>
    /// <param name="path">The target path.</param>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, Write);
    }

    /// <summary>Writes the file to a stream (running status is used for channel messages).</summary>
    /// <param name="stream">The stream; left open.</param>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        MidiFileWriter.Write(this, stream);
    }

    /// <summary>The file's bytes.</summary>
    /// <returns>A new array holding the Standard MIDI File.</returns>
    public byte[] ToBytes()
    {
        using var memory = new MemoryStream();
        Write(memory);
        return memory.ToArray();
    }

    private static byte[] ReadAllBytes(Stream stream)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > MaxFileSize)
            {
                throw new MidiFormatException($"The MIDI data is {remaining} bytes long; the reader accepts at most {MaxFileSize} bytes.");
            }
        }

        using var memory = new MemoryStream();
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (memory.Length + read > MaxFileSize)
            {
                throw new MidiFormatException($"The MIDI data is longer than {MaxFileSize} bytes, the most the reader accepts.");
            }

            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }
}
