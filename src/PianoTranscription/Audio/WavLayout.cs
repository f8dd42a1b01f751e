namespace PianoTranscription.Audio;

/// <summary>How samples are stored in a WAV data chunk.</summary>
internal enum WavEncoding
{
    /// <summary>Integer PCM (8-bit unsigned; 16/24/32-bit signed little-endian).</summary>
    Pcm,

    /// <summary>IEEE float, 32 or 64 bit.</summary>
    Float,
}

/// <summary>What the header of a WAV file says, validated: where the data is and how it is stored.</summary>
/// <param name="IsRf64">True for RF64/BW64 files.</param>
/// <param name="FormatTag">The format tag (the sub-format's tag for WAVE_FORMAT_EXTENSIBLE).</param>
/// <param name="IsExtensible">True when the fmt chunk is WAVE_FORMAT_EXTENSIBLE.</param>
/// <param name="Encoding">Integer or float samples.</param>
/// <param name="Channels">Interleaved channels.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="BitsPerSample">Bits per stored sample (the container size).</param>
/// <param name="BlockAlign">Bytes per frame.</param>
/// <param name="DataOffset">Where the sample data starts.</param>
/// <param name="DeclaredDataBytes">The size the data chunk header declares (after RF64 resolution).</param>
/// <param name="DataBytes">The bytes to read: the declared size, or what the stream holds when reading to its end; null when unknown (a non-seekable stream read to its end).</param>
internal sealed record WavLayout(
    bool IsRf64,
    int FormatTag,
    bool IsExtensible,
    WavEncoding Encoding,
    int Channels,
    int SampleRate,
    int BitsPerSample,
    int BlockAlign,
    long DataOffset,
    long DeclaredDataBytes,
    long? DataBytes)
{
    /// <summary>What the header claims that the bytes do not bear out, each a sentence; empty for a well-formed file.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The codec as a person would name it.</summary>
    public string CodecName => Encoding == WavEncoding.Float
        ? $"IEEE float {BitsPerSample}-bit"
        : BitsPerSample == 8 ? "PCM unsigned 8-bit" : $"PCM signed {BitsPerSample}-bit";
}
