using System.Buffers.Binary;
using PianoTranscription.Audio;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Transcription;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Audio;

/// <summary>
/// What a header may demand is bounded before any work (a 1 Hz rate once made a 15-second file run away past 4 GB),
/// and what a header claims that the bytes do not bear out is read as players do, but said.
/// </summary>
public sealed class WavHeaderClaimsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-wav-claims-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(999)]
    public void A_header_claiming_a_tiny_sample_rate_is_refused_before_any_work(int rate)
    {
        // samples/example.wav with bytes 24-31 (sample rate, byte rate) patched, as in the report.
        byte[] bytes = File.ReadAllBytes(TranscriptionTestData.ExamplePath);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)(rate * 2));
        string path = Path.Combine(_dir, "slow.wav");
        File.WriteAllBytes(path, bytes);

        foreach (Action read in new Action[]
        {
            () => AudioClip.Load(path),
            () => AudioFile.Probe(path),
            () => AudioSource.Open(path).Dispose(),
            () => PianoTranscriber.CreateDefault().Transcribe(path),
        })
        {
            var ex = Assert.Throws<AudioFormatException>(read);
            Assert.Contains($"sample rate {rate} Hz", ex.Message, StringComparison.Ordinal);
            Assert.Contains("fmt chunk", ex.Message, StringComparison.Ordinal);
        }

        // The same rates given through the API are refused by the transcriber, naming the parameter.
        PianoTranscriber transcriber = PianoTranscriber.CreateDefault();
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => transcriber.Transcribe(new float[100], rate)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => transcriber.CreateStream(rate));
    }

    [Fact]
    public void The_lowest_accepted_rate_reads_and_transcribes()
    {
        string path = Path.Combine(_dir, "low.wav");
        File.WriteAllBytes(path, WavBuilder.Simple(1, 1, AudioSource.MinSampleRate, 16, new byte[2 * 2000]));
        Assert.Equal(2000, AudioClip.Load(path).Samples.Length);
        Assert.Empty(PianoTranscriber.CreateDefault().Transcribe(path).Notes);
        Assert.Empty(AudioFile.Probe(path).Warnings);
    }

    [Theory]
    [InlineData("data-past-end", "declares 4294967280 bytes but only 400 follow")]
    [InlineData("placeholder", "placeholder (4294967295)")]
    [InlineData("riff-lies", "the RIFF header says the file is 100008 bytes but it is 444")]
    [InlineData("partial-frame", "the data ends inside a sample frame (2 of 3 bytes)")]
    [InlineData("tiny-data-chunk", "declares 1 bytes, less than one 2-byte sample frame, though 1300000 more bytes follow")]
    public void A_header_that_the_bytes_do_not_bear_out_is_read_and_said(string variant, string warning)
    {
        var builder = new WavBuilder();
        int bits = variant == "partial-frame" ? 24 : 16;
        builder.Chunk("fmt ", WavBuilder.Fmt(1, 1, 16000, bits));
        switch (variant)
        {
            case "data-past-end":
                builder.Chunk("data", new byte[400], declaredSize: 0xFFFFFFF0);
                break;
            case "placeholder":
                builder.Chunk("data", new byte[400], declaredSize: 0xFFFFFFFF);
                break;
            case "riff-lies":
                builder.RiffSize = 100_000;
                builder.Chunk("data", new byte[400]);
                break;
            case "partial-frame":
                builder.Chunk("data", new byte[(3 * 100) + 2]);
                break;
            default:
                builder.Chunk("data", new byte[1], declaredSize: 1);
                builder.Chunk("junk", new byte[1_300_000 - 9]);
                break;
        }

        string path = Path.Combine(_dir, variant + ".wav");
        File.WriteAllBytes(path, builder.ToArray());

        AudioFileInfo info = AudioFile.Probe(path);
        Assert.Contains(info.Warnings, w => w.Contains(warning, StringComparison.Ordinal));
        using (AudioSource source = AudioSource.Open(path))
        {
            Assert.Equal(info.Warnings, source.Warnings);
        }

        // Read as players do: the same frames through every reader, and the transcriber agrees with info.
        int frames = AudioClip.Load(path).Samples.Length;
        Assert.Equal(info.FrameCount, frames);
        TranscriptionResult result = PianoTranscriber.CreateDefault().Transcribe(path);
        Assert.Equal(info.Warnings, result.Warnings);
        Assert.Equal(frames / 16000.0, result.Duration.TotalSeconds, 9);
    }

    [Fact]
    public void A_well_formed_file_has_no_warnings()
    {
        Assert.Empty(AudioFile.Probe(TranscriptionTestData.ExamplePath).Warnings);
        string path = Path.Combine(_dir, "one-second.wav");
        TranscriptionTestData.ExampleClip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(1)).SaveWav(path);
        Assert.Empty(AudioFile.Probe(path).Warnings);
        Assert.Empty(PianoTranscriber.CreateDefault().Transcribe(path).Warnings);
    }

    [ToolFact("ffmpeg")]
    public void Formats_ffmpeg_decodes_report_a_duration_and_no_false_frame_count()
    {
        string flac = Path.Combine(_dir, "example.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-i", TranscriptionTestData.ExamplePath, flac);
        AudioFileInfo info = AudioFile.Probe(flac);
        Assert.Null(info.FrameCount);
        int decoded = AudioClip.Load(flac).Samples.Length;
        Assert.Equal(decoded / 44100.0, info.Duration!.Value.TotalSeconds, 1); // ffmpeg prints the duration to 10 ms
        using AudioSource source = AudioSource.Open(flac);
        Assert.Null(source.FrameCount);
        Assert.Equal(info.Duration, source.Duration);
    }
}
