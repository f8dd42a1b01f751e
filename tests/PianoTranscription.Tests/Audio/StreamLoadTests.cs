using PianoTranscription.Audio;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Audio;

/// <summary><c>AudioClip.Load(Stream)</c>: WAV read directly, other formats piped through ffmpeg's stdin and stdout.</summary>
public sealed class StreamLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-stream-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Make(string extension)
    {
        string path = Path.Combine(_dir, "tone" + extension);
        ExternalTool.Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "aevalsrc=0.2*sin(2*PI*440*t)|0.1*sin(2*PI*660*t):s=44100:d=1.5", path);
        return path;
    }

    [ToolTheory("ffmpeg")]
    [InlineData(".flac")]
    [InlineData(".mp3")]
    [InlineData(".ogg")]
    public void A_compressed_stream_decodes_like_the_file(string extension)
    {
        string path = Make(extension);
        float[] fromFile = AudioClip.Load(path).Samples.ToArray();
        byte[] bytes = File.ReadAllBytes(path);

        AudioClip seekable = AudioClip.Load(new MemoryStream(bytes));
        AudioClip forwardOnly = AudioClip.Load(new WavReaderTests.NonSeekableStream(bytes));

        Assert.Equal(44100, seekable.SampleRate);
        Assert.Equal(seekable.Samples.ToArray(), forwardOnly.Samples.ToArray());
        if (extension == ".mp3")
        {
            // From a pipe ffmpeg cannot look at the end of an MP3 for the encoder's padding, so up to two 1152-sample
            // frames of (near) silence may follow; the samples before are identical.
            Assert.InRange(seekable.Length, fromFile.Length, fromFile.Length + 2304);
            Assert.Equal(fromFile, seekable.Samples[..fromFile.Length].ToArray());
            Assert.True(Signals.MeanSquare(seekable.Samples.Span[fromFile.Length..]) < 1e-4);
        }
        else
        {
            Assert.Equal(fromFile, seekable.Samples.ToArray());
        }

        Assert.True(Signals.Amplitude(fromFile.AsSpan(10000, 40000), 440, 44100) > 0.09); // the channels were averaged: 0.2 / 2
    }

    [ToolFact("ffmpeg")]
    public async Task A_stream_can_be_resampled_and_loaded_asynchronously()
    {
        byte[] bytes = File.ReadAllBytes(Make(".flac"));
        AudioClip clip = await AudioClip.LoadAsync(new MemoryStream(bytes), AudioLoadOptions.Default with { SampleRate = 16000 });
        Assert.Equal((16000, 24000), (clip.SampleRate, clip.Length));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AudioClip.LoadAsync(new MemoryStream(bytes), AudioLoadOptions.Default, cancelled.Token));
    }

    [ToolFact("ffmpeg")]
    public void A_corrupt_compressed_stream_gives_ffmpegs_reason()
    {
        byte[] bytes = File.ReadAllBytes(Make(".flac"))[..60]; // magic and part of STREAMINFO only
        var ex = Assert.Throws<AudioFormatException>(() => AudioClip.Load(new MemoryStream(bytes)));
        Assert.StartsWith("stream: the data looks like FLAC but ffmpeg could not decode it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_ffmpeg_a_compressed_stream_names_the_format_and_the_fix()
    {
        byte[] bytes = [.. "OggS"u8, .. new byte[200]];
        var options = AudioLoadOptions.Default with { FfmpegPath = Path.Combine(_dir, "no-such-ffmpeg") };
        var ex = Assert.Throws<AudioFormatException>(() => AudioClip.Load(new MemoryStream(bytes), options));
        Assert.StartsWith("stream: the file is Ogg (Vorbis/Opus)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("install ffmpeg", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wav_stream_never_needs_ffmpeg_and_keeps_its_position_rules()
    {
        var options = AudioLoadOptions.Default with { FfmpegPath = Path.Combine(_dir, "no-such-ffmpeg") };
        byte[] wav = WavBuilder.Simple(1, 1, 8000, 16, WavBuilder.Int16(1000, -1000, 2000));
        var stream = new MemoryStream([0xAA, 0xBB, .. wav]) { Position = 2 }; // read from the current position
        Assert.Equal(new[] { 1000 / 32768f, -1000 / 32768f, 2000 / 32768f }, AudioClip.Load(stream, options).Samples.ToArray());
        Assert.Equal(3, AudioClip.Load(new WavReaderTests.NonSeekableStream(wav), options).Length);
    }
}
