using System.Buffers.Binary;
using PianoTranscription.Audio;

namespace PianoTranscription.Tests.Audio;

public class WavReaderTests
{
    private static AudioClip Read(byte[] bytes) => AudioClip.Load(new MemoryStream(bytes));

    [Fact]
    public void Sixteen_bit_mono_is_scaled_by_1_over_32768()
    {
        AudioClip clip = Read(WavBuilder.Simple(1, 1, 8000, 16, WavBuilder.Int16(0, 16384, -32768, 32767)));
        Assert.Equal(8000, clip.SampleRate);
        Assert.Equal(new[] { 0f, 0.5f, -1f, 32767f / 32768f }, clip.Samples.ToArray());
    }

    [Fact]
    public void Stereo_is_down_mixed_by_averaging()
    {
        AudioClip clip = Read(WavBuilder.Simple(1, 2, 44100, 16, WavBuilder.Int16(16384, 0, -16384, -16384, 8192, 24576)));
        Assert.Equal(new[] { 0.25f, -0.5f, 0.5f }, clip.Samples.ToArray());
    }

    [Fact]
    public void Six_channels_are_averaged()
    {
        short[] frame = [3276, 6553, 9830, 13107, 16384, 19660];
        AudioClip clip = Read(WavBuilder.Simple(1, 6, 48000, 16, WavBuilder.Int16([.. frame, .. frame])));
        Assert.Equal(2, clip.Length);
        Assert.Equal(frame.Average(v => v / 32768.0), clip.Samples.Span[1], 6);
    }

    [Fact]
    public void Eight_bit_is_unsigned_around_128()
    {
        AudioClip clip = Read(WavBuilder.Simple(1, 1, 8000, 8, [128, 255, 0, 192, 64]));
        Assert.Equal(new[] { 0f, 127f / 128f, -1f, 0.5f, -0.5f }, clip.Samples.ToArray());
    }

    [Fact]
    public void Twenty_four_bit_is_sign_extended()
    {
        byte[] data = [0x00, 0x00, 0x40, 0x00, 0x00, 0xC0, 0xFF, 0xFF, 0xFF]; // 0x400000 = 0.5, 0xC00000 = -0.5, -1 LSB
        AudioClip clip = Read(WavBuilder.Simple(1, 1, 96000, 24, data));
        Assert.Equal(new[] { 0.5f, -0.5f, -1f / 8388608f }, clip.Samples.ToArray());
    }

    [Fact]
    public void Thirty_two_bit_integer_is_scaled_by_1_over_2_pow_31()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(data, int.MinValue);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), 1 << 29);
        AudioClip clip = Read(WavBuilder.Simple(1, 1, 48000, 32, data));
        Assert.Equal(new[] { -1f, 0.25f }, clip.Samples.ToArray());
    }

    [Fact]
    public void Float32_and_float64_are_read_as_is()
    {
        Assert.Equal(new[] { 0.125f, -2f }, Read(WavBuilder.Simple(3, 1, 8000, 32, WavBuilder.Float32(0.125f, -2f))).Samples.ToArray());

        var doubles = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(doubles, 0.75);
        BinaryPrimitives.WriteDoubleLittleEndian(doubles.AsSpan(8), -0.25);
        Assert.Equal(new[] { 0.25f }, Read(WavBuilder.Simple(3, 2, 8000, 64, doubles)).Samples.ToArray());
    }

    [Theory]
    [InlineData(1, 24, 20)]
    [InlineData(3, 32, 32)]
    public void Wave_format_extensible_uses_the_sub_format(int subTag, int bits, int validBits)
    {
        byte[] data = subTag == 3 ? WavBuilder.Float32(0.5f, -0.5f, 0.25f, 0.25f) : [0, 0, 0x40, 0, 0, 0xC0, 0, 0, 0x20, 0, 0, 0x20];
        byte[] wav = new WavBuilder().Chunk("fmt ", WavBuilder.FmtExtensible(subTag, 2, 48000, bits, validBits)).Chunk("data", data).ToArray();
        Assert.Equal(new[] { 0f, 0.25f }, Read(wav).Samples.ToArray());
    }

    [Fact]
    public void Unknown_and_odd_sized_chunks_are_skipped_with_their_pad_byte()
    {
        byte[] wav = new WavBuilder()
            .Chunk("JUNK", new byte[3])
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 22050, 16))
            .Chunk("LIST", "INFOISFT\u0005\0\0\0sox!!"u8.ToArray())
            .Chunk("data", WavBuilder.Int16(100, 200))
            .Chunk("id3 ", new byte[7])
            .ToArray();
        AudioClip clip = Read(wav);
        Assert.Equal(new[] { 100f / 32768, 200f / 32768 }, clip.Samples.ToArray());
    }

    [Fact]
    public void An_8_bit_odd_sized_data_chunk_reads_every_sample()
    {
        Assert.Equal(3, Read(WavBuilder.Simple(1, 1, 8000, 8, [1, 2, 3])).Length);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x7FFFF000u)]
    public void A_placeholder_or_too_large_data_size_reads_to_the_end_of_the_file(uint declared)
    {
        // Streamed writers (ffmpeg or sox to a pipe) cannot go back to patch the sizes; the samples run to the end.
        byte[] wav = new WavBuilder { RiffSize = 0xFFFFFFFF }
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBuilder.Int16(1, 2, 3, 4, 5), declared)
            .ToArray();
        Assert.Equal(5, Read(wav).Length);
        Assert.Equal(5, AudioClip.Load(new NonSeekableStream(wav)).Length);
    }

    [Fact]
    public void A_file_cut_in_the_middle_of_a_frame_keeps_its_whole_frames()
    {
        byte[] wav = WavBuilder.Simple(1, 2, 8000, 16, WavBuilder.Int16(1, 1, 2, 2, 3, 3, 4, 4));
        Assert.Equal(3, Read(wav[..^3]).Length);
    }

    [Fact]
    public void A_non_seekable_stream_reads_the_same_as_a_seekable_one()
    {
        float[] x = Signals.Sine(440, 8000, 200_000);
        var stream = new MemoryStream();
        AudioClip.FromSamples(x, 8000).WriteWav(stream, WavSampleFormat.IeeeFloat);
        byte[] wav = new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(3, 1, 8000, 32)).Chunk("LIST", new byte[9]).Chunk("data", stream.ToArray()[44..]).ToArray();
        Assert.Equal(x, AudioClip.Load(new NonSeekableStream(wav)).Samples.ToArray());
        Assert.Equal(x, Read(wav).Samples.ToArray());
    }

    [Fact]
    public void Rf64_takes_the_data_size_from_the_ds64_chunk()
    {
        var ds64 = new byte[28];
        BinaryPrimitives.WriteUInt64LittleEndian(ds64.AsSpan(8), 6); // data size: 3 samples of 16 bits
        byte[] wav = new WavBuilder { Magic = "RF64", RiffSize = 0xFFFFFFFF }
            .Chunk("ds64", ds64)
            .Chunk("fmt ", WavBuilder.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBuilder.Int16(1, 2, 3, 4), 0xFFFFFFFF)
            .ToArray();
        Assert.Equal(3, Read(wav).Length);
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm16)]
    [InlineData(WavSampleFormat.IeeeFloat)]
    public void SaveWav_round_trips(WavSampleFormat format)
    {
        // Values on the 16-bit grid survive 16-bit PCM exactly; float32 keeps anything.
        float[] x = format == WavSampleFormat.Pcm16
            ? Enumerable.Range(-40, 81).Select(i => i * 800 / 32768f).ToArray()
            : Signals.Sine(1000, 44100, 4410);
        string path = Signals.TempPath(".wav");
        try
        {
            AudioClip.FromSamples(x, 44100).SaveWav(path, format);
            AudioClip back = AudioClip.Load(path);
            Assert.Equal(44100, back.SampleRate);
            Assert.Equal(x, back.Samples.ToArray());
            AudioFileInfo info = AudioFile.Probe(path);
            Assert.Equal(AudioContainer.Wav, info.Container);
            Assert.Equal(format == WavSampleFormat.Pcm16 ? 16 : 32, info.BitsPerSample);
            Assert.Equal(x.Length, info.FrameCount);
            Assert.Equal(1, info.Channels);
            Assert.Equal(44 + (x.Length * (format == WavSampleFormat.Pcm16 ? 2 : 4)), info.FileSize);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Pcm16_writing_clamps_and_zeroes_nan()
    {
        var stream = new MemoryStream();
        AudioClip.FromSamples([2f, -3f, float.NaN, 0.5f], 8000).WriteWav(stream);
        Assert.Equal(new[] { 32767f / 32768, -1f, 0f, 0.5f }, Read(stream.ToArray()).Samples.ToArray());
    }

    [Fact]
    public void Load_with_a_sample_rate_resamples()
    {
        var stream = new MemoryStream();
        AudioClip.FromSamples(Signals.Sine(440, 44100, 44100), 44100).WriteWav(stream, WavSampleFormat.IeeeFloat);
        stream.Position = 0;
        AudioClip clip = AudioClip.Load(stream, AudioLoadOptions.Default with { SampleRate = 16000 });
        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal(16000, clip.Length);
        Assert.Equal(0.5, Signals.Amplitude(clip.Samples.Span[1000..15000], 440, 16000), 3);
    }

    [Fact]
    public async Task LoadAsync_reads_a_wav_file_and_honours_cancellation()
    {
        string path = Signals.TempPath(".wav");
        try
        {
            AudioClip.FromSamples(Signals.Sine(440, 16000, 1600), 16000).SaveWav(path);
            AudioClip clip = await AudioClip.LoadAsync(path);
            Assert.Equal(1600, clip.Length);
            using var cts = new CancellationTokenSource();
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AudioClip.LoadAsync(path, cts.Token));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Container_detection_uses_magic_bytes()
    {
        Assert.Equal(AudioContainer.Wav, AudioFile.DetectContainer("RIFF\0\0\0\0WAVE"u8));
        Assert.Equal(AudioContainer.Rf64, AudioFile.DetectContainer([.. "RF64"u8, 0xFF, 0xFF, 0xFF, 0xFF, .. "WAVE"u8]));
        Assert.Equal(AudioContainer.Unknown, AudioFile.DetectContainer("RIFF\0\0\0\0AVI "u8));
        Assert.Equal(AudioContainer.Flac, AudioFile.DetectContainer("fLaC\0\0\0\x22"u8));
        Assert.Equal(AudioContainer.Ogg, AudioFile.DetectContainer("OggS\0\x02"u8));
        Assert.Equal(AudioContainer.Mp3, AudioFile.DetectContainer("ID3\x04\0"u8));
        Assert.Equal(AudioContainer.Mp3, AudioFile.DetectContainer([0xFF, 0xFB, 0x90, 0x64]));
        Assert.Equal(AudioContainer.Aac, AudioFile.DetectContainer([0xFF, 0xF1, 0x50, 0x80]));
        Assert.Equal(AudioContainer.Mp4, AudioFile.DetectContainer("\0\0\0 ftypM4A "u8));
        Assert.Equal(AudioContainer.Aiff, AudioFile.DetectContainer("FORM\0\0\0\0AIFF"u8));
        Assert.Equal(AudioContainer.Matroska, AudioFile.DetectContainer([0x1A, 0x45, 0xDF, 0xA3, 0x01]));
        Assert.Equal(AudioContainer.Unknown, AudioFile.DetectContainer("hello world!"u8));
        Assert.Equal(AudioContainer.Unknown, AudioFile.DetectContainer([]));
    }

    /// <summary>A read-only stream that cannot seek or tell its length, like a pipe or a network stream.</summary>
    internal sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        // Hand out odd-sized pieces, as pipes do.
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1001));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
