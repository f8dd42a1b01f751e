namespace PianoTranscription.Audio;

/// <summary>Recognises audio files and reads their format without decoding the samples.</summary>
public static class AudioFile
{
    /// <summary>How many leading bytes <see cref="DetectContainer(ReadOnlySpan{byte})"/> looks at.</summary>
    public const int MagicLength = 12;

    /// <summary>Reads a file's format: container, codec, sample rate, channels, bit depth, duration and size.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="options">Where to find ffmpeg for formats other than WAV; <see langword="null"/> for the defaults.</param>
    /// <returns>The file's format.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file is not valid audio, or it needs ffmpeg and ffmpeg is missing or fails.</exception>
    /// <remarks>WAV headers are read directly; other formats are probed with <c>ffmpeg -i</c>.</remarks>
    public static AudioFileInfo Probe(string path, AudioLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= AudioLoadOptions.Default;
        options.Validate();
        using FileStream stream = OpenRead(path);
        AudioContainer container = Sniff(stream, out _);
        if (IsReadAsWav(container, path, stream.Length == 0))
        {
            WavLayout layout = WavReader.ReadLayout(stream, path);
            long frames = layout.DataBytes is long bytes ? bytes / layout.BlockAlign : 0;
            return new AudioFileInfo(container == AudioContainer.Unknown ? AudioContainer.Wav : container, layout.CodecName,
                layout.SampleRate, layout.Channels, layout.BitsPerSample, frames,
                TimeSpan.FromSeconds(frames / (double)layout.SampleRate), stream.Length)
            {
                Warnings = layout.Warnings,
            };
        }

        long size = stream.Length;
        stream.Dispose();
        return FfmpegDecoder.Probe(path, container, size, options.FfmpegPath, CancellationToken.None);
    }

    /// <summary>Recognises a container from a file's first bytes (at least <see cref="MagicLength"/> for a sure answer).</summary>
    /// <param name="header">The first bytes of the file.</param>
    /// <returns>The container, or <see cref="AudioContainer.Unknown"/>.</returns>
    public static AudioContainer DetectContainer(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 4)
        {
            ReadOnlySpan<byte> m = header[..4];
            if (m.SequenceEqual("RIFF"u8))
            {
                return header.Length < 12 || header[8..12].SequenceEqual("WAVE"u8) ? AudioContainer.Wav : AudioContainer.Unknown;
            }

            if (m.SequenceEqual("RF64"u8) || m.SequenceEqual("BW64"u8))
            {
                return AudioContainer.Rf64;
            }

            if (m.SequenceEqual("fLaC"u8))
            {
                return AudioContainer.Flac;
            }

            if (m.SequenceEqual("OggS"u8))
            {
                return AudioContainer.Ogg;
            }

            if (m.SequenceEqual("FORM"u8) && (header.Length < 12 || header[8..12].SequenceEqual("AIFF"u8) || header[8..12].SequenceEqual("AIFC"u8)))
            {
                return AudioContainer.Aiff;
            }

            if (m.SequenceEqual((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
            {
                return AudioContainer.Matroska;
            }
        }

        if (header.Length >= 8 && header[4..8].SequenceEqual("ftyp"u8))
        {
            return AudioContainer.Mp4;
        }

        if (header.Length >= 3 && header[..3].SequenceEqual("ID3"u8))
        {
            return AudioContainer.Mp3;
        }

        if (header.Length >= 2 && header[0] == 0xFF && (header[1] & 0xE0) == 0xE0)
        {
            int layer = (header[1] >> 1) & 3;
            int version = (header[1] >> 3) & 3;
            if (layer != 0 && version != 1)
            {
                return AudioContainer.Mp3;
            }

            if (layer == 0 && (header[1] & 0xF6) == 0xF0)
            {
                return AudioContainer.Aac;
            }
        }

        return AudioContainer.Unknown;
    }

    /// <summary>Recognises the container of a file from its first bytes.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The container, or <see cref="AudioContainer.Unknown"/>.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static AudioContainer DetectContainer(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = OpenRead(path);
        return Sniff(stream, out _);
    }

    /// <summary>
    /// Recognises the container from the first bytes without losing them: a seekable stream is moved back to where
    /// it was, any other is wrapped so that <paramref name="whole"/> returns those bytes first.
    /// </summary>
    /// <param name="stream">The audio bytes from the current position.</param>
    /// <param name="whole">All of the bytes from that position: <paramref name="stream"/> itself when it can seek.</param>
    /// <returns>The container, or <see cref="AudioContainer.Unknown"/>.</returns>
    internal static AudioContainer Sniff(Stream stream, out Stream whole)
    {
        byte[] head = new byte[MagicLength];
        int got = 0;
        while (got < head.Length)
        {
            int n = stream.Read(head, got, head.Length - got);
            if (n <= 0)
            {
                break;
            }

            got += n;
        }

        if (stream.CanSeek)
        {
            stream.Seek(-got, SeekOrigin.Current);
            whole = stream;
        }
        else
        {
            whole = new PrefixedStream(head, got, stream);
        }

        return DetectContainer(head.AsSpan(0, got));
    }

    /// <summary>
    /// The one decision between the built-in WAV reader and ffmpeg: WAV and RF64 are read directly; so is data
    /// without recognised magic bytes when it comes from a stream (<paramref name="path"/> <see langword="null"/>),
    /// an empty file or a file named .wav, so that the WAV reader's error names the real problem. Everything else
    /// goes to ffmpeg.
    /// </summary>
    /// <param name="container">What the first bytes say.</param>
    /// <param name="path">The file, or <see langword="null"/> for a stream.</param>
    /// <param name="empty">Whether the file is empty.</param>
    internal static bool IsReadAsWav(AudioContainer container, string? path, bool empty) =>
        container is AudioContainer.Wav or AudioContainer.Rf64
        || (container == AudioContainer.Unknown && (path is null || empty || LooksLikeWavByName(path)));

    internal static string DescribeContainer(AudioContainer container) => container switch
    {
        AudioContainer.Wav => "WAV",
        AudioContainer.Rf64 => "RF64 WAV",
        AudioContainer.Flac => "FLAC",
        AudioContainer.Ogg => "Ogg (Vorbis/Opus)",
        AudioContainer.Mp3 => "MP3",
        AudioContainer.Aac => "AAC (ADTS)",
        AudioContainer.Mp4 => "MP4/M4A",
        AudioContainer.Aiff => "AIFF",
        AudioContainer.Matroska => "Matroska/WebM",
        _ => "an unrecognised format",
    };

    internal static FileStream OpenRead(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Audio file not found: {path}", path);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    /// <summary>A file with no recognised magic but a .wav name is read by the WAV reader, so its error names the real problem.</summary>
    private static bool LooksLikeWavByName(string path) =>
        Path.GetExtension(path) is string ext && (ext.Equals(".wav", StringComparison.OrdinalIgnoreCase) || ext.Equals(".wave", StringComparison.OrdinalIgnoreCase));
}
