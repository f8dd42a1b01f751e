namespace PianoTranscription.Midi.Events;

/// <summary>A channel voice message: note on/off, control change, program change, pressure or pitch bend.</summary>
public sealed class ChannelEvent : MidiEvent
{
    /// <summary>The sustain (damper) pedal controller number.</summary>
    public const int SustainPedalController = 64;

    /// <summary>Creates a channel event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="type">The message kind.</param>
    /// <param name="channel">The channel, 0 to 15.</param>
    /// <param name="data1">The first data byte, 0 to 127.</param>
    /// <param name="data2">The second data byte, 0 to 127 (must be 0 for one-byte messages).</param>
    public ChannelEvent(int deltaTicks, ChannelEventType type, int channel, int data1, int data2 = 0)
        : base(deltaTicks)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown channel message type.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 15);
        ArgumentOutOfRangeException.ThrowIfNegative(data1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data1, 127);
        ArgumentOutOfRangeException.ThrowIfNegative(data2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data2, 127);
        if (DataLength(type) == 1 && data2 != 0)
        {
            throw new ArgumentException($"A {type} message has one data byte; data2 must be 0.", nameof(data2));
        }

        Type = type;
        Channel = channel;
        Data1 = data1;
        Data2 = data2;
    }

    /// <summary>The message kind.</summary>
    public ChannelEventType Type { get; }

    /// <summary>The channel, 0 to 15 (shown as 1 to 16 in most software).</summary>
    public int Channel { get; }

    /// <summary>The first data byte: key, controller, program or pressure (or pitch-bend low 7 bits).</summary>
    public int Data1 { get; }

    /// <summary>The second data byte: velocity or controller value (or pitch-bend high 7 bits); 0 when unused.</summary>
    public int Data2 { get; }

    /// <summary>The status byte (type and channel).</summary>
    public byte StatusByte => (byte)((int)Type | Channel);

    /// <summary>True for a note on with velocity above 0.</summary>
    public bool IsNoteOn => Type == ChannelEventType.NoteOn && Data2 > 0;

    /// <summary>True for a note off, or a note on with velocity 0 (which means note off).</summary>
    public bool IsNoteOff => Type == ChannelEventType.NoteOff || (Type == ChannelEventType.NoteOn && Data2 == 0);

    /// <summary>Creates a note-on event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="channel">The channel, 0 to 15.</param>
    /// <param name="key">The MIDI note number, 0 to 127.</param>
    /// <param name="velocity">The velocity, 0 to 127 (0 means note off).</param>
    /// <returns>The event.</returns>
    public static ChannelEvent NoteOn(int deltaTicks, int channel, int key, int velocity) => new(deltaTicks, ChannelEventType.NoteOn, channel, key, velocity);

    /// <summary>Creates a note-off event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="channel">The channel, 0 to 15.</param>
    /// <param name="key">The MIDI note number, 0 to 127.</param>
    /// <param name="velocity">The release velocity, 0 to 127.</param>
    /// <returns>The event.</returns>
    public static ChannelEvent NoteOff(int deltaTicks, int channel, int key, int velocity = 0) => new(deltaTicks, ChannelEventType.NoteOff, channel, key, velocity);

    /// <summary>Creates a control-change event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="channel">The channel, 0 to 15.</param>
    /// <param name="controller">The controller number, 0 to 127 (64 = sustain pedal).</param>
    /// <param name="value">The value, 0 to 127.</param>
    /// <returns>The event.</returns>
    public static ChannelEvent ControlChange(int deltaTicks, int channel, int controller, int value) => new(deltaTicks, ChannelEventType.ControlChange, channel, controller, value);

    /// <summary>Creates a program-change event.</summary>
    /// <param name="deltaTicks">Ticks since the previous event of the track.</param>
    /// <param name="channel">The channel, 0 to 15.</param>
    /// <param name="program">The General MIDI program, 0 to 127 (0 = acoustic grand piano).</param>
    /// <returns>The event.</returns>
    public static ChannelEvent ProgramChange(int deltaTicks, int channel, int program) => new(deltaTicks, ChannelEventType.ProgramChange, channel, program);

    /// <summary>The number of data bytes a message of the given kind carries (1 or 2).</summary>
    /// <param name="type">The message kind.</param>
    /// <returns>1 for program change and channel pressure, otherwise 2.</returns>
    public static int DataLength(ChannelEventType type) => type is ChannelEventType.ProgramChange or ChannelEventType.ChannelPressure ? 1 : 2;

    /// <inheritdoc />
    public override MidiEvent WithDeltaTicks(int deltaTicks) => new ChannelEvent(deltaTicks, Type, Channel, Data1, Data2);

    /// <inheritdoc />
    public override string ToString() => $"+{DeltaTicks} {Type} ch{Channel} {Data1} {Data2}";
}
