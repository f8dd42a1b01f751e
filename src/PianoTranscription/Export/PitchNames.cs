namespace PianoTranscription.Export;

/// <summary>Scientific pitch names (middle C = MIDI 60 = C4).</summary>
internal static class PitchNames
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    public static string Name(int pitch) => Names[((pitch % 12) + 12) % 12] + ((pitch / 12) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsBlackKey(int pitch) => (((pitch % 12) + 12) % 12) is 1 or 3 or 6 or 8 or 10;
}
