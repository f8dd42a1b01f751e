using PianoTranscription.Audio;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Audio;

/// <summary>Formats other than WAV, decoded through ffmpeg; and the messages when ffmpeg is missing or fails.</summary>
public sealed class FfmpegDecoderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-ffmpeg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Makes a 1.5 s stereo 44.1 kHz file: 440 Hz at amplitude 0.2 on the left, 0.1 on the right (mono mix: 0.15).</summary>
    private string Make(string extension, params string[] codecArgs)
    {
        string path = Path.Combine(_dir, "tone" + extension);
        ExternalTool.Run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "aevalsrc=0.2*sin(2*PI*440*t)|0.1*sin(2*PI*440*t):s=44100:d=1.5",
            .. extension == ".flac" ? ["-sample_fmt", "s16"] : Array.Empty<string>(), .. codecArgs, path]);
        return path;
    }

    [ToolTheory("ffmpeg")]
    [InlineData(".flac", AudioContainer.Flac, "flac", 16)]
    [InlineData(".mp3", AudioContainer.Mp3, "mp3", null)]
    [InlineData(".ogg", AudioContainer.Ogg, "vorbis", null)]
    [InlineData(".m4a", AudioContainer.Mp4, "aac", null)]
    public void Compressed_formats_decode_to_the_right_length_and_frequency(string extension, AudioContainer container, string codec, int? bits)
    {
        string path = Make(extension);
        AudioFileInfo info = AudioFile.Probe(path);
        Assert.Equal(container, info.Container);
        Assert.Equal(codec, info.Codec);
        Assert.Equal(44100, info.SampleRate);
        Assert.Equal(2, info.Channels);
        Assert.Equal(bits, info.BitsPerSample);
        Assert.Equal(new FileInfo(path).Length, info.FileSize);

        AudioClip clip = AudioClip.Load(path);
        Assert.Equal(44100, clip.SampleRate);
        // Lossy encoders add priming/padding samples (up to ~50 ms); FLAC is exact.
        Assert.InRange(clip.Duration.TotalSeconds, 1.5 - (codec == "flac" ? 0 : 0.001), 1.5 + (codec == "flac" ? 0 : 0.06));

        // The channels are averaged: (0.2 + 0.1) / 2.
        ReadOnlySpan<float> middle = clip.Samples.Span[(clip.Length / 4)..(3 * clip.Length / 4)];
        double at440 = Signals.Amplitude(middle, 440, 44100);
        Assert.InRange(at440, codec == "flac" ? 0.1495 : 0.135, codec == "flac" ? 0.1505 : 0.16); // lossy coders shift levels a little
        Assert.True(Signals.Amplitude(middle, 600, 44100) < 0.02 * at440);
        Assert.True(Signals.Amplitude(middle, 880, 44100) < 0.02 * at440);
    }

    [ToolFact("ffmpeg")]
    public void Twenty_four_bit_flac_reports_its_depth_and_matches_the_wav_it_came_from()
    {
        string wav = Path.Combine(_dir, "src.wav");
        AudioClip.FromSamples(Signals.Sweep(100, 5000, 48000, 1.0, amplitude: 0.7), 48000).SaveWav(wav, WavSampleFormat.IeeeFloat);
        string flac = Path.Combine(_dir, "x.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-i", wav, "-sample_fmt", "s32", "-bits_per_raw_sample", "24", flac);
        Assert.Equal(24, AudioFile.Probe(flac).BitsPerSample);

        float[] original = AudioClip.Load(wav).Samples.ToArray();
        float[] decoded = AudioClip.Load(flac).Samples.ToArray();
        Assert.Equal(original.Length, decoded.Length);
        for (int i = 0; i < original.Length; i++)
        {
            Assert.True(Math.Abs(original[i] - decoded[i]) <= 1.0 / (1 << 23), $"sample {i}");
        }
    }

    [ToolFact("ffmpeg")]
    public void Format_is_recognised_by_its_bytes_not_its_name()
    {
        string mp3 = Make(".mp3");
        string disguised = Path.Combine(_dir, "really-an-mp3.wav");
        File.Move(mp3, disguised);
        Assert.Equal(AudioContainer.Mp3, AudioFile.DetectContainer(disguised));
        Assert.Equal(AudioContainer.Mp3, AudioFile.Probe(disguised).Container);
        Assert.InRange(AudioClip.Load(disguised).Duration.TotalSeconds, 1.5, 1.56);
    }

    [ToolFact("ffmpeg")]
    public void Load_with_a_sample_rate_resamples_ffmpeg_output_with_our_resampler()
    {
        AudioClip clip = AudioClip.Load(Make(".flac"), AudioLoadOptions.Default with { SampleRate = 16000 });
        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal(24000, clip.Length);
    }

    [ToolFact("ffmpeg")]
    public async Task Cancellation_stops_the_decoder()
    {
        string path = Make(".flac");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AudioClip.LoadAsync(path, cts.Token));
        AudioClip clip = await AudioClip.LoadAsync(path, CancellationToken.None);
        Assert.Equal(66150, clip.Length);
    }

    [ToolFact("ffmpeg")]
    public void A_corrupt_file_gives_ffmpegs_reason()
    {
        string path = Make(".flac");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..60]); // magic and part of STREAMINFO only
        var ex = Assert.Throws<AudioFormatException>(() => AudioClip.Load(path));
        Assert.Contains("ffmpeg could not", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);

        string garbage = Path.Combine(_dir, "noise.bin");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var ex2 = Assert.Throws<AudioFormatException>(() => AudioFile.Probe(garbage));
        Assert.Contains("ffmpeg could not read it as audio", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_ffmpeg_the_message_names_the_format_and_the_fix()
    {
        // The bytes of a FLAC file need no ffmpeg to be recognised; decoding them does.
        string path = Path.Combine(_dir, "song.flac");
        File.WriteAllBytes(path, [.. "fLaC"u8, 0x80, 0, 0, 0x22, .. new byte[34]]);
        var options = AudioLoadOptions.Default with { FfmpegPath = Path.Combine(_dir, "no-such-ffmpeg") };

        var ex = Assert.Throws<AudioFormatException>(() => AudioClip.Load(path, options));
        Assert.Contains("FLAC", ex.Message, StringComparison.Ordinal);
        Assert.Contains("install ffmpeg (e.g. apt-get install ffmpeg) or convert to WAV", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-ffmpeg", ex.Message, StringComparison.Ordinal);

        var probe = Assert.Throws<AudioFormatException>(() => AudioFile.Probe(path, options));
        Assert.Contains("install ffmpeg", probe.Message, StringComparison.Ordinal);

        // WAV never needs ffmpeg.
        string wav = Path.Combine(_dir, "ok.wav");
        AudioClip.FromSamples(new float[100], 8000).SaveWav(wav);
        Assert.Equal(100, AudioClip.Load(wav, options).Length);
    }

    [Theory]
    [InlineData("mono", 1)]
    [InlineData("stereo", 2)]
    [InlineData("5.1(side)", 6)]
    [InlineData("7.1", 8)]
    [InlineData("3 channels", 3)]
    [InlineData("24 channels (FL+FR)", 24)]
    [InlineData("something new", 0)]
    public void Channel_layouts_from_ffmpegs_report(string layout, int channels)
    {
        Assert.Equal(channels, FfmpegDecoderProbe.ChannelsOf(layout));
    }

    private static class FfmpegDecoderProbe
    {
        public static int ChannelsOf(string layout) => (int)typeof(AudioClip).Assembly
            .GetType("PianoTranscription.Audio.FfmpegDecoder")!
            .GetMethod("ChannelsOf", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .Invoke(null, [layout])!;
    }

    [ToolFact("ffmpeg")]
    public void Multichannel_files_are_averaged_like_wav()
    {
        // 6 channels, channel c a DC level of c/10: the mono mix is their mean, 0.25.
        string wav = Path.Combine(_dir, "six.wav");
        var data = new float[6 * 4800];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (i % 6) / 10f;
        }

        File.WriteAllBytes(wav, WavBuilder.Simple(3, 6, 48000, 32, WavBuilder.Float32(data)));
        string flac = Path.Combine(_dir, "six.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-i", wav, "-c:a", "flac", "-sample_fmt", "s32", flac);
        Assert.Equal(6, AudioFile.Probe(flac).Channels);
        AudioClip clip = AudioClip.Load(flac);
        Assert.Equal(4800, clip.Length);
        Assert.Equal(0.25, clip.Samples.Span[2400], 4);
        Assert.Equal(0.25, AudioClip.Load(wav).Samples.Span[2400], 6);
    }
}
