using PianoTranscription.Audio;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Audio;

/// <summary>
/// <see cref="AudioSource"/>, the one block reader under <c>AudioClip.Load</c> and the transcriber: any block size
/// gives the samples of <c>AudioClip.Load</c>, from a file, a seekable or a forward-only stream, WAV or ffmpeg.
/// </summary>
public sealed class AudioSourceTests : IDisposable
{
    // 1 and odd sizes make every read end inside the reader's buffer; the large one takes a whole buffer at a time.
    private static readonly int[] BlockSizes = [1, 7, 4097, 1 << 20];

    private readonly string _dir = Directory.CreateTempSubdirectory("pt-source-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Reads a source to its end in blocks of <paramref name="block"/>, checking each read's count.</summary>
    private static float[] ReadAll(AudioSource source, int block)
    {
        var all = new List<float>();
        float[] buffer = new float[block];
        int n;
        while ((n = source.Read(buffer)) > 0)
        {
            Assert.InRange(n, 1, block);
            all.AddRange(buffer.AsSpan(0, n));
        }

        Assert.Equal(0, source.Read(buffer)); // the end stays the end
        return [.. all];
    }

    private static async Task<float[]> ReadAllAsync(AudioSource source, int block)
    {
        var all = new List<float>();
        float[] buffer = new float[block];
        int n;
        while ((n = await source.ReadAsync(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        return [.. all];
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A WAV of <paramref name="frames"/> frames whose channels differ, so the down-mix is exercised.</summary>
    private static byte[] Wav(int tag, int channels, int bits, int frames)
    {
        float[] interleaved = new float[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                interleaved[(i * channels) + c] = (float)(0.8 * Math.Sin((0.013 * (c + 1) * i) + c));
            }
        }

        int bytesPerSample = bits / 8;
        byte[] data = new byte[interleaved.Length * bytesPerSample];
        for (int k = 0; k < interleaved.Length; k++)
        {
            double v = interleaved[k];
            Span<byte> at = data.AsSpan(k * bytesPerSample, bytesPerSample);
            switch (tag, bits)
            {
                case (3, 32):
                    BitConverter.TryWriteBytes(at, (float)v);
                    break;
                case (3, 64):
                    BitConverter.TryWriteBytes(at, v);
                    break;
                case (1, 8):
                    at[0] = (byte)(128 + (int)Math.Round(v * 127));
                    break;
                default:
                    long q = (long)Math.Round(v * ((1L << (bits - 1)) - 1));
                    for (int b = 0; b < bytesPerSample; b++)
                    {
                        at[b] = (byte)(q >> (8 * b));
                    }

                    break;
            }
        }

        return WavBuilder.Simple(tag, channels, 22050, bits, data);
    }

    [Theory]
    [InlineData(1, 1, 16)]
    [InlineData(1, 2, 16)]
    [InlineData(1, 2, 24)]
    [InlineData(1, 3, 32)]
    [InlineData(1, 2, 8)]
    [InlineData(3, 6, 32)]
    [InlineData(3, 2, 64)]
    public void Wav_reads_the_samples_of_AudioClip_Load_at_any_block_size(int tag, int channels, int bits)
    {
        byte[] bytes = Wav(tag, channels, bits, 70001); // more than one 65536-frame buffer, and odd
        string path = Write("x.wav", bytes);
        float[] expected = AudioClip.Load(path).Samples.ToArray();
        Assert.Equal(70001, expected.Length);

        foreach (int block in BlockSizes)
        {
            using (AudioSource file = AudioSource.Open(path))
            {
                Assert.Equal((22050, channels, (long?)70001), (file.SampleRate, file.Channels, file.FrameCount));
                Assert.Equal(expected, ReadAll(file, block));
            }

            using (AudioSource seekable = AudioSource.Open(new MemoryStream(bytes)))
            {
                Assert.Equal(expected, ReadAll(seekable, block));
            }

            using (AudioSource forwardOnly = AudioSource.Open(new WavReaderTests.NonSeekableStream(bytes)))
            {
                Assert.Equal(expected, ReadAll(forwardOnly, block));
            }

            using (AudioSource wavOnly = AudioSource.OpenWav(new WavReaderTests.NonSeekableStream(bytes)))
            {
                Assert.Equal(expected, ReadAll(wavOnly, block));
            }
        }
    }

    [Fact]
    public async Task Reading_asynchronously_gives_the_same_samples()
    {
        byte[] bytes = Wav(1, 2, 16, 30000);
        float[] expected = AudioClip.Load(new MemoryStream(bytes)).Samples.ToArray();
        using AudioSource source = AudioSource.Open(new MemoryStream(bytes));
        Assert.Equal(expected, await ReadAllAsync(source, 999));
    }

    [Fact]
    public void A_stream_is_read_from_its_position_and_left_open()
    {
        byte[] wav = WavBuilder.Simple(1, 1, 8000, 16, WavBuilder.Int16(1000, -1000, 2000));
        var stream = new MemoryStream([0xAA, 0xBB, .. wav]) { Position = 2 };
        using (AudioSource source = AudioSource.Open(stream))
        {
            Assert.Equal(new[] { 1000 / 32768f, -1000 / 32768f, 2000 / 32768f }, ReadAll(source, 2));
        }

        Assert.True(stream.CanRead); // not disposed with the source
    }

    [Fact]
    public void A_wav_cut_inside_a_frame_reads_the_whole_frames_like_AudioClip_Load()
    {
        byte[] bytes = Wav(1, 2, 16, 1000)[..^3]; // the header still claims 1000 frames; the last is cut
        float[] expected = AudioClip.Load(new MemoryStream(bytes)).Samples.ToArray();
        Assert.Equal(999, expected.Length);
        foreach (int block in BlockSizes)
        {
            using AudioSource source = AudioSource.Open(new WavReaderTests.NonSeekableStream(bytes));
            Assert.Equal(1000, source.FrameCount); // what the header announced
            Assert.Equal(expected, ReadAll(source, block));
        }

        using AudioSource seekable = AudioSource.Open(new MemoryStream(bytes));
        Assert.Equal(999, seekable.FrameCount); // a seekable stream tells what is really there
    }

    [Fact]
    public void Truncated_data_is_reported_as_before()
    {
        // The data chunk promises 2 stereo 16-bit frames but the stream ends after 3 bytes: not even one frame.
        byte[] bytes = WavBuilder.Simple(1, 2, 8000, 16, WavBuilder.Int16(1, 2, 3, 4))[..^5];
        string expected = Assert.Throws<AudioFormatException>(() => AudioClip.Load(new MemoryStream(bytes))).Message;
        Assert.Contains("truncated data", expected, StringComparison.Ordinal);
        foreach (int block in BlockSizes)
        {
            using AudioSource source = AudioSource.Open(new MemoryStream(bytes)); // the header is fine
            Assert.Equal(expected, Assert.Throws<AudioFormatException>(() => source.Read(new float[block])).Message);
        }
    }

    [Fact]
    public void A_nan_is_named_by_its_frame_whatever_the_block_size()
    {
        float[] samples = new float[5000];
        samples[4321] = float.NaN;
        byte[] bytes = WavBuilder.Simple(3, 1, 8000, 32, WavBuilder.Float32(samples));
        foreach (int block in BlockSizes)
        {
            using AudioSource source = AudioSource.Open(new MemoryStream(bytes));
            var ex = Assert.Throws<AudioFormatException>(() => ReadAll(source, block));
            Assert.Equal("stream: sample frame 4321 is NaN; the float data is corrupt (set AudioLoadOptions.NonFiniteSamples = ReplaceWithZero to read it anyway)", ex.Message);
        }

        var lenient = AudioLoadOptions.Default with { NonFiniteSamples = NonFiniteSampleHandling.ReplaceWithZero };
        using AudioSource zeroed = AudioSource.OpenWav(new MemoryStream(bytes), lenient);
        Assert.Equal(new float[5000], ReadAll(zeroed, 7));
    }

    [Fact]
    public void Header_errors_name_the_file_and_are_raised_by_Open()
    {
        string path = Write("text.wav", "this is not audio at all, just text"u8.ToArray());
        var ex = Assert.Throws<AudioFormatException>(() => AudioSource.Open(path));
        Assert.StartsWith(path + ": not a RIFF/WAVE file", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ex.Message, Assert.Throws<AudioFormatException>(() => AudioClip.Load(path)).Message);
        File.Delete(path);
        Assert.Throws<FileNotFoundException>(() => AudioSource.Open(path));
    }

    [Fact]
    public void OpenWav_never_starts_ffmpeg()
    {
        byte[] flac = [.. "fLaC"u8, 0x80, 0, 0, 0x22, .. new byte[34]];
        var noFfmpeg = AudioLoadOptions.Default with { FfmpegPath = Path.Combine(_dir, "no-such-ffmpeg") };
        var ex = Assert.Throws<AudioFormatException>(() => AudioSource.OpenWav(new MemoryStream(flac), noFfmpeg));
        Assert.Equal("stream: not a RIFF/WAVE file (it looks like FLAC)", ex.Message);

        // Open hands the same bytes to ffmpeg, which is missing here.
        var open = Assert.Throws<AudioFormatException>(() => AudioSource.Open(new MemoryStream(flac), noFfmpeg));
        Assert.Contains("install ffmpeg", open.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_disposal_and_empty_reads()
    {
        Assert.Throws<ArgumentNullException>(() => AudioSource.Open((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => AudioSource.OpenWav(null!));
        Assert.Throws<ArgumentException>(() => AudioSource.Open(string.Empty));
        using (var cancelled = new CancellationTokenSource())
        {
            cancelled.Cancel();
            Assert.Throws<OperationCanceledException>(() => AudioSource.Open(new MemoryStream(Wav(1, 1, 16, 10)), null, cancelled.Token));
        }

        AudioSource source = AudioSource.Open(new MemoryStream(Wav(1, 1, 16, 10)));
        Assert.Equal(0, source.Read([])); // nothing asked, nothing read: not the end
        Assert.Equal(10, ReadAll(source, 3).Length);
        source.Dispose();
        source.Dispose();
        Assert.Throws<ObjectDisposedException>(() => source.Read(new float[4]));
    }

    [ToolFact("ffmpeg")]
    public async Task Ffmpeg_reads_the_samples_of_AudioClip_Load_at_any_block_size()
    {
        string flac = Path.Combine(_dir, "tone.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "aevalsrc=0.2*sin(2*PI*440*t)|0.1*sin(2*PI*660*t):s=44100:d=1.5", "-sample_fmt", "s16", flac);
        float[] expected = AudioClip.Load(flac).Samples.ToArray();
        Assert.Equal(66150, expected.Length);
        byte[] bytes = File.ReadAllBytes(flac);
        float[] fromStream = AudioClip.Load(new MemoryStream(bytes)).Samples.ToArray();
        Assert.Equal(expected, fromStream);

        foreach (int block in BlockSizes)
        {
            using (AudioSource file = AudioSource.Open(flac))
            {
                Assert.Equal((44100, 2, (long?)null), (file.SampleRate, file.Channels, file.FrameCount)); // ffmpeg tells only a rounded duration
                Assert.Equal(1.5, file.Duration!.Value.TotalSeconds, 2);
                Assert.Equal(expected, ReadAll(file, block));
            }

            using (AudioSource piped = AudioSource.Open(new WavReaderTests.NonSeekableStream(bytes)))
            {
                Assert.Equal((44100, 2), (piped.SampleRate, piped.Channels));
                Assert.Equal(expected, ReadAll(piped, block));
            }
        }

        using AudioSource asyncFile = AudioSource.Open(flac);
        Assert.Equal(expected, await ReadAllAsync(asyncFile, 4097));
        using AudioSource asyncPipe = AudioSource.Open(new MemoryStream(bytes));
        Assert.Equal(expected, await ReadAllAsync(asyncPipe, 4097));

        // WAV-only refuses the FLAC without trying ffmpeg.
        Assert.Contains("it looks like FLAC", Assert.Throws<AudioFormatException>(() => AudioSource.OpenWav(new MemoryStream(bytes))).Message, StringComparison.Ordinal);
    }

    [ToolFact("ffmpeg")]
    public void Ffmpeg_sources_stop_on_cancel_and_on_dispose()
    {
        string flac = Path.Combine(_dir, "long.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=60", flac);
        byte[] bytes = File.ReadAllBytes(flac);
        float[] block = new float[1000];

        using (var cts = new CancellationTokenSource())
        using (AudioSource file = AudioSource.Open(flac, null, cts.Token))
        {
            Assert.True(file.Read(block) > 0);
            cts.Cancel(); // kills ffmpeg: the next reads end in a cancellation, not in a short clip
            Assert.ThrowsAny<OperationCanceledException>(() => ReadAll(file, 1000));
        }

        using (var cts = new CancellationTokenSource())
        using (AudioSource piped = AudioSource.Open(new MemoryStream(bytes), null, cts.Token))
        {
            Assert.True(piped.Read(block) > 0);
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => ReadAll(piped, 1000));
        }

        // Disposed after one block of a minute of audio: ffmpeg, blocked on its full output pipe, is killed.
        using (AudioSource file = AudioSource.Open(flac))
        {
            Assert.True(file.Read(block) > 0);
            Assert.True(!OperatingSystem.IsLinux() || FfmpegRunsOn(flac));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (OperatingSystem.IsLinux() && FfmpegRunsOn(flac))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "ffmpeg still runs after the source was disposed");
            Thread.Sleep(20);
        }
    }

    /// <summary>Whether a process whose command line names <paramref name="path"/> runs (Linux: from /proc).</summary>
    private static bool FfmpegRunsOn(string path) => Directory.EnumerateDirectories("/proc").Any(dir =>
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(path, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // not a process, or one that just ended
        }
    });

    [ToolFact("ffmpeg")]
    public void A_corrupt_file_for_ffmpeg_names_ffmpegs_failure()
    {
        string flac = Path.Combine(_dir, "tone.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", flac);
        string broken = Write("broken.flac", File.ReadAllBytes(flac)[..60]);
        string expected = Assert.Throws<AudioFormatException>(() => AudioClip.Load(broken)).Message;
        Assert.StartsWith(broken + ": ffmpeg could not", expected, StringComparison.Ordinal);
        var ex = Assert.Throws<AudioFormatException>(() =>
        {
            using AudioSource source = AudioSource.Open(broken);
            ReadAll(source, 4097);
        });
        Assert.Equal(expected, ex.Message);
    }
}
