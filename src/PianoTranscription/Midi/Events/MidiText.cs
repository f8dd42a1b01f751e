using System.Text;

namespace PianoTranscription.Midi.Events;

/// <summary>Text in meta events: written as UTF-8; read as UTF-8 when valid, otherwise as Latin-1 (older files).</summary>
internal static class MidiText
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static string Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            return StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(data);
        }
    }

    public static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);
}
