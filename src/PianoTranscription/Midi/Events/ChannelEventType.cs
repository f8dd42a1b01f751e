namespace PianoTranscription.Midi.Events;

/// <summary>The kinds of channel voice message; the value is the status byte's high nibble.</summary>
public enum ChannelEventType
{
    /// <summary>Note off (0x8n): key, release velocity.</summary>
    NoteOff = 0x80,

    /// <summary>Note on (0x9n): key, velocity (velocity 0 means note off).</summary>
    NoteOn = 0x90,

    /// <summary>Polyphonic key pressure (0xAn): key, pressure.</summary>
    PolyphonicKeyPressure = 0xA0,

    /// <summary>Control change (0xBn): controller number, value (64 is the sustain pedal).</summary>
    ControlChange = 0xB0,

    /// <summary>Program change (0xCn): program number (one data byte).</summary>
    ProgramChange = 0xC0,

    /// <summary>Channel pressure (0xDn): pressure (one data byte).</summary>
    ChannelPressure = 0xD0,

    /// <summary>Pitch bend (0xEn): 14-bit value, least significant 7 bits first.</summary>
    PitchBend = 0xE0,
}
