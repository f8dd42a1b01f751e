using System.Runtime.InteropServices;
using System.Text;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Features;
using PianoTranscription.Inference;
using PianoTranscription.Midi;
using PianoTranscription.Transcription;

namespace PianoTranscription.Fuzz;

/// <summary>
/// One reader of untrusted bytes under fuzzing: what it is fed, how long an input may be, and which exceptions its
/// XML documentation promises for bad data (anything else is a finding).
/// </summary>
/// <param name="Name">The target's name on the command line and its folder under <c>corpus/</c> and <c>findings/</c>.</param>
/// <param name="Reader">The public API that is fuzzed, for the report.</param>
/// <param name="MaxLength">The longest input the fuzzer makes.</param>
/// <param name="Expected">The documented exception types for invalid data (subclasses count).</param>
/// <param name="Run">Feeds one input to the reader.</param>
/// <param name="Tokens">Magic strings and keywords the mutator splices in (a libFuzzer-style dictionary).</param>
internal sealed record FuzzTarget(string Name, string Reader, int MaxLength, Type[] Expected, Action<byte[]> Run, string[] Tokens)
{
    /// <summary>Whether <paramref name="ex"/> is one of the documented exceptions.</summary>
    public bool IsExpected(Exception ex) => Expected.Any(t => t.IsInstanceOfType(ex));
}

/// <summary>
/// The fuzz targets: every reader of untrusted bytes in the library. Shared by the fuzzer
/// (<c>tools/PianoTranscription.Fuzz</c>) and the replay tests, which feed every corpus file and every finding
/// to the same code.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>An ffmpeg that cannot exist: data that would go to ffmpeg fails fast with the documented exception.</summary>
    private static readonly AudioLoadOptions NoFfmpeg = new() { FfmpegPath = "/nonexistent/ffmpeg-for-fuzzing" };

    private static readonly AudioLoadOptions NoFfmpegZeroNaN = NoFfmpeg with { NonFiniteSamples = NonFiniteSampleHandling.ReplaceWithZero };

    private static readonly string[] WavTokens = ["RIFF", "RF64", "BW64", "WAVE", "fmt ", "data", "ds64", "LIST", "fact", "\xFE\xFF", "\x01\x00", "\x03\x00", "\x10\x00", "\x18\x00", "\x20\x00", "\x40\x00", "\xFF\xFF\xFF\xFF", "\x00\x00\x00\x00", "\x44\xAC\x00\x00", "\x80\x3E\x00\x00", "\x00\x00\x00\x00\x10\x00\x80\x00\x00\xAA\x00\x38\x9B\x71", "fLaC", "OggS", "ID3", "FORM", "AIFF", "ftyp", "\x1A\x45\xDF\xA3", "RIFX"];

    private static readonly string[] JsonTokens = ["{", "}", "[", "]", ":", ",", "\"", "null", "true", "false", "-1", "0", "1e309", "-1e309", "1e-320", "2147483648", "9223372036854775808", "99999999999999999999", "0.5", "NaN", "\\u0000", "\\ud800", "//", "/*", "*/"];

    /// <summary>Every target, in report order.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("wav-load", "AudioClip.Load(Stream)", 1 << 14, [typeof(AudioFormatException)], WavLoad, WavTokens),
        new("audio-source", "AudioSource.Open(Stream) / OpenWav(Stream) + Read / ReadAsync", 1 << 14, [typeof(AudioFormatException)], AudioSourceRead, WavTokens),
        new("wav-probe", "AudioFile.Probe(path), AudioFile.DetectContainer", 1 << 12, [typeof(AudioFormatException)], WavProbe, WavTokens),
        new("ffmpeg-report", "ffmpeg -i report parser (AudioFile.Probe / AudioSource.Open of non-WAV files)", 1 << 12, [typeof(AudioFormatException)], FfmpegReport,
            ["Stream #0:0", "Stream #0:1(eng)", ": Audio: ", ": Video: ", "pcm_s16le", "flac", "mp3", "aac", " Hz, ", "mono", "stereo", "5.1(side)", "7.1", "downmix", "3 channels", "99999999999 channels", ", s16", ", fltp", ", s32 (24 bit)", " (99999999999 bit)", "Duration: ", "00:00:14.88", "99999999999:00:00.00", "00:99999999999:00", "00:00:1e400", ", 44100 Hz", ", 99999999999 Hz", ", 0 Hz", "N/A", "\n", ": Invalid data found when processing input", "At least one output file"]),
        new("ffmpeg-pcm", "ffmpeg PCM output readers: raw float32 frames (FrameReader + ChannelMixer) and the float32 WAV pipe (WavAudioSource, ReadAsync)", 1 << 14, [typeof(AudioFormatException)], FfmpegPcm, WavTokens),
        new("midi", "MidiFile.Read(bytes), MidiNotes.Read(Stream), TempoMap", 1 << 14, [typeof(MidiFormatException)], Midi,
            ["MThd", "MTrk", "\x00\x00\x00\x06", "\x00\x01", "\x01\xE0", "\xFF\x51\x03", "\xFF\x58\x04", "\xFF\x59\x02", "\xFF\x2F\x00", "\xFF\x03", "\xFF\x01", "\x90", "\x80", "\xB0\x40", "\xB0\x40\x7F", "\xF0", "\xF7", "\xFF\xFF\xFF\x7F", "\x8F\xFF\xFF\xFF\x7F", "\x7F", "\x00"]),
        new("onnx", "OnnxModel.Load(bytes), AcousticModel.Load(Stream)", 1 << 14, [typeof(ModelFormatException)], Onnx,
            ["\x08\x07", "\x08\x08", "\x12", "\x3A", "\x42", "\x72", "ai.onnx", "pianotranscription.featurizer", "pianotranscription.decoder", "Conv", "Gemm", "MatMul", "GRU", "Reshape", "Slice", "Split", "Concat", "Transpose", "Pad", "MaxPool", "Cast", "Range", "Expand", "Softmax", "\xFF\xFF\xFF\xFF\x0F", "\x80\x80\x80\x80\x10", "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01"]),
        new("npy", "NpyFile.Read(Stream)", 1 << 12, [typeof(InvalidDataException)], Npy,
            ["\x93NUMPY", "\x01\x00", "\x02\x00", "\x03\x00", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", "'descr'", "'<f8'", "'|f4'", "'fortran_order'", "False", "True", "'shape'", "()", "(0,)", "(2147483647, 2147483647)", "(99999999999,)", "-1", "L", "\"shape\"", "\n"]),
        new("featurizer-json", "Featurizer.FromJson", 1 << 12, [typeof(FormatException)], FeaturizerJson,
            [.. JsonTokens, "\"kind\"", "\"version\"", "\"sampleRate\"", "\"stft\"", "\"windowSize\"", "\"hop\"", "\"window\"", "\"hann\"", "\"centered\"", "\"filterbank\"", "\"scale\"", "\"bins\"", "\"binsPerSemitone\"", "\"minHz\"", "\"maxHz\"", "\"compression\"", "\"floorDb\"", "\"normalization\"", "\"type\"", "\"perClipMax\"", "\"none\"", "\"mean\"", "\"std\"", "1048576", "1073741824"]),
        new("decoder-json", "DecoderOptions.FromJson", 1 << 12, [typeof(FormatException), typeof(ArgumentOutOfRangeException)], DecoderJson,
            [.. JsonTokens, "\"onsetThreshold\"", "\"frameThreshold\"", "\"offsetThreshold\"", "\"pedalOnsetThreshold\"", "\"pedalOffsetThreshold\"", "\"pedalFrameThreshold\"", "\"minNoteDuration\"", "\"minInterOnsetInterval\"", "\"minPedalDuration\"", "\"defaultVelocity\""]),
        new("note-csv", "NoteCsv.Read(TextReader)", 1 << 12, [typeof(NoteFileFormatException)], NoteCsvRead,
            ["onset,offset,pitch,velocity", "OnsetTime\tOffsetTime\tMidiPitch", "# onset,offset,note,velocity", "\t", ",", "\n", "\r\n", "#", "1e309", "-0", "NaN", "Infinity", "38.000000", "127", "128", "1e-320", "2147483648", "\uFEFF"]),
        new("note-json", "NoteJson.Read(Stream), NoteJson.Parse(string)", 1 << 12, [typeof(NoteFileFormatException)], NoteJsonRead,
            [.. JsonTokens, "\"format\"", "\"pianotranscription.notes\"", "\"version\"", "\"metadata\"", "\"sourceFile\"", "\"duration\"", "\"modelVersion\"", "\"notes\"", "\"sustainPedal\"", "\"pitch\"", "\"onset\"", "\"offset\"", "\"velocity\"", "\"confidence\"", "\"\xC3\x28\"", "\"\xFF\""]),
        new("note-formats", "NoteFormats.{Csv,Tsv,Json,Midi}.Read(path)", 1 << 12, [typeof(NoteFileFormatException), typeof(MidiFormatException)], NoteFormatsRead,
            ["onset,offset,pitch,velocity", "\"notes\"", "\"pitch\"", "MThd", "MTrk", "\t", "\n"]),
    ];

    /// <summary>The target named <paramref name="name"/>.</summary>
    public static FuzzTarget Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no fuzz target '{name}'; targets: {string.Join(", ", All.Select(t => t.Name))}", nameof(name));

    private static void WavLoad(byte[] data)
    {
        Each<AudioFormatException>(
            () => Check(AudioClip.Load(new MemoryStream(data, writable: false), NoFfmpeg).SampleRate > 0, "rate"),
            () => Check(AudioClip.Load(new TrickleStream(data), NoFfmpegZeroNaN).SampleRate > 0, "rate"));
    }

    private static void AudioSourceRead(byte[] data)
    {
        int block = 1 + (Hash(data) % 5000);
        Each<AudioFormatException>(
            () =>
            {
                using AudioSource s = AudioSource.Open(new MemoryStream(data, writable: false), NoFfmpeg);
                Drain(s, block, data.Length);
            },
            () =>
            {
                using AudioSource s = AudioSource.OpenWav(new TrickleStream(data), NoFfmpegZeroNaN);
                _ = (s.FrameCount, s.Channels);
                DrainAsync(s, 1 + (block % 97), data.Length);
            });
    }

    private static void WavProbe(byte[] data)
    {
        string path = ScratchFile(".wav");
        File.WriteAllBytes(path, data);
        _ = AudioFile.DetectContainer(data);
        _ = AudioFile.DetectContainer(path);
        AudioFileInfo info = AudioFile.Probe(path, NoFfmpeg);
        Check(info.SampleRate > 0 && info.Channels > 0 && info.Duration >= TimeSpan.Zero, "probe");
    }

    private static void FfmpegReport(byte[] data)
    {
        string report = Encoding.UTF8.GetString(data);
        int exit = data.Length > 0 ? data[0] & 1 : 0;
        _ = FfmpegDecoder.ErrorLine(report, "in.flac");
        AudioFileInfo info = FfmpegDecoder.ParseProbe(report, exit, "in.flac", AudioContainer.Flac, data.Length);
        Check(info.SampleRate >= 0, "rate");
    }

    private static void FfmpegPcm(byte[] data)
    {
        // A file decoded by ffmpeg arrives as raw float32 frames: channels from the probe, bytes as the pipe gives them.
        int channels = data.Length > 0 ? 1 + (data[0] % 8) : 1;
        int frameBytes = 4 * channels;
        using (var frames = new FrameReader(new TrickleStream(data), frameBytes, Math.Max(1, (1 << 12) / frameBytes),
            (bytes, mono) => ChannelMixer.Downmix(MemoryMarshal.Cast<byte, float>(bytes), mono, channels)))
        {
            float[] buffer = new float[1 + (Hash(data) % 700)];
            long total = 0;
            int n;
            while ((n = frames.Read(buffer)) > 0)
            {
                total += n;
            }

            Check(total == data.Length / frameBytes, "frames");
        }

        // A stream piped through ffmpeg comes back as a float32 WAV with placeholder sizes, read asynchronously.
        using var wav = new WavAudioSource(new TrickleStream(data), "stream", NonFiniteSampleHandling.Throw, ownsStream: false, readAsync: true);
        DrainAsync(wav, 1 + (Hash(data) % 333), data.Length);
    }

    private static void Midi(byte[] data)
    {
        Each<MidiFormatException>(
            () =>
            {
                MidiFile file = MidiFile.Read(data);
                _ = file.GetTempoMap().ToSeconds(1L << 40);
                _ = MidiNotes.FromMidiFile(file, new MidiReadOptions { IncludeDrumChannel = true });
            },
            () => _ = MidiNotes.Read(new TrickleStream(data)));
    }

    private static void Onnx(byte[] data)
    {
        OnnxModel model = OnnxModel.Load(data);
        _ = model.ToString();
        _ = AcousticModel.Load(new MemoryStream(data, writable: false));
    }

    private static void Npy(byte[] data)
    {
        NpyArray? a = null, b = null;
        Each<InvalidDataException>(
            () => a = NpyFile.Read(new MemoryStream(data, writable: false)),
            () => b = NpyFile.Read(new TrickleStream(data)));
        Check(a!.Values.Length == b!.Values.Length, "npy");
        if (a.Shape.Count == 2)
        {
            // What a read array is for; ToSpectrogram documents InvalidOperationException for arrays it cannot take.
            Documented<InvalidOperationException>(() => a.ToSpectrogram(100));
        }
    }

    private static void FeaturizerJson(byte[] data)
    {
        Each<FormatException>(
            () => Featurizer.FromJson(RawChars(data)),
            () => Featurizer.FromJson(Featurizer.FromJson(Encoding.UTF8.GetString(data)).ToJson()));
    }

    private static void DecoderJson(byte[] data)
    {
        Documented<FormatException>(() => Documented<ArgumentOutOfRangeException>(() => DecoderOptions.FromJson(RawChars(data))));
        DecoderOptions o = DecoderOptions.FromJson(Encoding.UTF8.GetString(data));
        Check(DecoderOptions.FromJson(o.ToJson()) == o, "decoder round trip");
    }

    private static void NoteCsvRead(byte[] data)
    {
        Each<NoteFileFormatException>(
            () => NoteCsv.Read(new StringReader(Encoding.UTF8.GetString(data))),
            () =>
            {
                using var reader = new StreamReader(new TrickleStream(data), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                _ = NoteCsv.Read(reader);
            });
    }

    private static void NoteJsonRead(byte[] data)
    {
        Each<NoteFileFormatException>(
            () => NoteJson.Parse(RawChars(data)),
            () => NoteJson.Parse(Encoding.UTF8.GetString(data)),
            () =>
            {
                NoteDocument a = NoteJson.Read(new TrickleStream(data));
                _ = NoteJson.ToJson(a.Notes, a.SustainPedal, a.Metadata);
            });
    }

    private static void NoteFormatsRead(byte[] data)
    {
        string[] extensions = [".csv", ".tsv", ".json", ".mid"];
        string ext = data.Length > 0 ? extensions[data[0] % extensions.Length] : ".csv";
        string path = ScratchFile(ext);
        File.WriteAllBytes(path, data.Length > 0 ? data[1..] : data);
        NoteFormat format = NoteFormats.FromPath(path) ?? throw new InvalidOperationException("no format for " + ext);
        _ = format.Read(path);
    }

    private static void Drain(AudioSource source, int block, int inputLength)
    {
        float[] buffer = new float[block];
        long total = 0;
        int n;
        while ((n = source.Read(buffer)) > 0)
        {
            total += n;
            Check(total <= inputLength, "more samples than bytes");
        }
    }

    private static void DrainAsync(AudioSource source, int block, int inputLength)
    {
        float[] buffer = new float[block];
        long total = 0;
        int n;
        while ((n = source.ReadAsync(buffer).AsTask().GetAwaiter().GetResult()) > 0)
        {
            total += n;
            Check(total <= inputLength, "more samples than bytes");
        }
    }

    /// <summary>A property every accepted input must have; a failure is a finding (not a documented exception).</summary>
    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new FuzzPropertyException(what);
        }
    }

    /// <summary>
    /// Runs every way of reading the input, each whatever the others did (a seekable stream refusing a file must not
    /// hide what a pipe does with it); then rethrows the first documented exception, if any. Any other exception
    /// escapes at once as a finding.
    /// </summary>
    private static void Each<TException>(params Action[] reads)
        where TException : Exception
    {
        TException? first = null;
        foreach (Action read in reads)
        {
            try
            {
                read();
            }
            catch (TException ex)
            {
                first ??= ex;
            }
        }

        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>Runs a second reading whose documented exception is fine; anything else still escapes as a finding.</summary>
    private static void Documented<TException>(Action read)
        where TException : Exception
    {
        try
        {
            read();
        }
        catch (TException)
        {
        }
    }

    /// <summary>The bytes as UTF-16 code units, unpaired surrogates and all: what a caller's string may hold.</summary>
    private static string RawChars(byte[] data) => new(MemoryMarshal.Cast<byte, char>(data.AsSpan(0, data.Length & ~1)));

    private static int Hash(byte[] data)
    {
        uint h = 2166136261;
        foreach (byte b in data.AsSpan(0, Math.Min(data.Length, 64)))
        {
            h = (h ^ b) * 16777619;
        }

        return (int)(h & 0x7FFFFFFF);
    }

    [ThreadStatic]
    private static string? t_scratchDirectory;

    /// <summary>A per-thread scratch file (on tmpfs where there is one) for the readers that take a path.</summary>
    private static string ScratchFile(string extension)
    {
        if (t_scratchDirectory is null)
        {
            string root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            t_scratchDirectory = Path.Combine(root, $"ptfuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}");
            Directory.CreateDirectory(t_scratchDirectory);
        }

        return Path.Combine(t_scratchDirectory, "input" + extension);
    }
}

/// <summary>A reader accepted an input but broke a property that must hold for every accepted input.</summary>
internal sealed class FuzzPropertyException(string message) : Exception(message);

/// <summary>
/// A non-seekable stream over bytes that hands them out in short, varying reads, as a pipe does: the readers'
/// paths for streams that cannot tell their length and for partial reads.
/// </summary>
internal sealed class TrickleStream(byte[] data) : Stream
{
    private int _position;
    private int _step;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int left = data.Length - _position;
        if (left <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        _step = (_step * 7 + 3) % 61;
        int n = Math.Min(Math.Min(buffer.Length, left), 1 + (_step * 37));
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
