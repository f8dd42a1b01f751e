using System.Globalization;

namespace PianoTranscription.Audio;

/// <summary>What an audio file holds, read from its header without decoding the samples.</summary>
/// <param name="Container">The container recognised from the file's first bytes.</param>
/// <param name="Codec">The sample encoding, e.g. <c>PCM signed 16-bit</c>, <c>IEEE float 32-bit</c>, <c>mp3</c>, <c>flac</c>.</param>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Channels">The number of channels (0 when the decoder did not report it).</param>
/// <param name="BitsPerSample">Bits per stored sample; <see langword="null"/> for lossy codecs where it has no meaning.</param>
/// <param name="FrameCount">Sample frames (samples per channel), when known exactly (from a WAV header; null for formats ffmpeg decodes, which report only a rounded duration).</param>
/// <param name="Duration">The playing time, when known.</param>
/// <param name="FileSize">The file's size in bytes.</param>
public sealed record AudioFileInfo(
    AudioContainer Container,
    string Codec,
    int SampleRate,
    int Channels,
    int? BitsPerSample,
    long? FrameCount,
    TimeSpan? Duration,
    long FileSize)
{
    /// <summary>
    /// What the header claims that the bytes do not bear out, where the file is still read (see
    /// <see cref="AudioSource.Warnings"/>); empty for a well-formed file.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A one-line human-readable summary, e.g. <c>WAV, PCM signed 16-bit, 44100 Hz, 2 ch, 16 bit, 12.500 s</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        string bits = BitsPerSample is int b ? string.Create(CultureInfo.InvariantCulture, $", {b} bit") : string.Empty;
        string duration = Duration is TimeSpan d ? string.Create(CultureInfo.InvariantCulture, $", {d.TotalSeconds:0.000} s") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{Container}, {Codec}, {SampleRate} Hz, {Channels} ch{bits}{duration}");
    }
}
