namespace PianoTranscription.Audio;

/// <summary>The container (file format) of an audio file, as recognised from its first bytes.</summary>
public enum AudioContainer
{
    /// <summary>Not recognised from the magic bytes; ffmpeg may still be able to decode it.</summary>
    Unknown = 0,

    /// <summary>RIFF/WAVE (read by the built-in reader).</summary>
    Wav,

    /// <summary>RF64 or BW64: WAV with 64-bit sizes for files over 4 GB (read by the built-in reader).</summary>
    Rf64,

    /// <summary>Native FLAC (<c>fLaC</c>); decoded by ffmpeg.</summary>
    Flac,

    /// <summary>Ogg (Vorbis, Opus or FLAC inside, <c>OggS</c>); decoded by ffmpeg.</summary>
    Ogg,

    /// <summary>MPEG audio, layer I–III, usually MP3 (ID3 tag or frame sync); decoded by ffmpeg.</summary>
    Mp3,

    /// <summary>Raw AAC in ADTS frames; decoded by ffmpeg.</summary>
    Aac,

    /// <summary>ISO base media (MP4, M4A: AAC or ALAC; <c>ftyp</c> box); decoded by ffmpeg.</summary>
    Mp4,

    /// <summary>AIFF or AIFF-C (<c>FORM</c>); decoded by ffmpeg.</summary>
    Aiff,

    /// <summary>Matroska or WebM; decoded by ffmpeg.</summary>
    Matroska,
}
