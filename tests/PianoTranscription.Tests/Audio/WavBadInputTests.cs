using System.Buffers.Binary;
using PianoTranscription.Audio;

namespace PianoTranscription.Tests.Audio;

/// <summary>Every kind of broken WAV gives an <see cref="AudioFormatException"/> whose message names the problem.</summary>
public class WavBadInputTests
{
    private static readonly byte[] Fmt16 = WavBuilder.Fmt(1, 1, 8000, 16);

    private static AudioFormatException Fails(byte[] bytes, bool inHeader = true)
    {
        var fromStream = Assert.Throws<AudioFormatException>(() => AudioClip.Load(new MemoryStream(bytes)));
        Assert.Throws<AudioFormatException>(() => AudioClip.Load(new WavReaderTests.NonSeekableStream(bytes)));
        string path = Signals.TempPath(".wav");
        try
        {
            File.WriteAllBytes(path, bytes);
            var fromFile = Assert.Throws<AudioFormatException>(() => AudioClip.Load(path));
            Assert.StartsWith(path, fromFile.Message, StringComparison.Ordinal);
            if (inHeader)
            {
                Assert.Throws<AudioFormatException>(() => AudioFile.Probe(path));
            }
            else
            {
                AudioFile.Probe(path); // the header is fine: only decoding the samples finds the problem
            }
        }
        finally
        {
            File.Delete(path);
        }

        return fromStream;
    }

    private static void AssertNames(AudioFormatException ex, string problem) =>
        Assert.Contains(problem, ex.Message, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Zero_length_file() => AssertNames(Fails([]), "empty (0 bytes)");

    [Fact]
    public void Truncated_riff_header() => AssertNames(Fails("RIFF\x10\0\0\0WA"u8.ToArray()), "truncated header");

    [Fact]
    public void Truncated_chunk_header() => AssertNames(Fails([.. "RIFF\x10\0\0\0WAVEfmt "u8.ToArray(), 16]), "truncated header");

    [Fact]
    public void Truncated_fmt_chunk()
    {
        byte[] wav = WavBuilder.Simple(1, 1, 8000, 16, []);
        AssertNames(Fails(wav[..26]), "ends inside the fmt chunk");
    }

    [Fact]
    public void Truncated_data()
    {
        // The data chunk promises 2 stereo 16-bit frames but the file ends after 3 bytes: not even one frame.
        byte[] wav = WavBuilder.Simple(1, 2, 8000, 16, WavBuilder.Int16(1, 2, 3, 4));
        AssertNames(Fails(wav[..^5], inHeader: false), "truncated data");
    }

    [Fact]
    public void Not_riff() => AssertNames(Fails("MThd\0\0\0\x06\0\x01\0\x02\0\x60"u8.ToArray()), "not a RIFF/WAVE file");

    [Fact]
    public void Another_format_is_named()
    {
        // FLAC bytes go to ffmpeg (from a file or a stream), which refuses this broken header; without ffmpeg the
        // message says FLAC needs it. Either way the format is named.
        AssertNames(Fails("fLaC\0\0\0\x22\x10\0\x10\0"u8.ToArray()), "FLAC");
    }

    [Fact]
    public void Riff_but_not_wave() => AssertNames(Fails(new WavBuilder { FormType = "AVI " }.Chunk("LIST", new byte[4]).ToArray()), "RIFF file but not WAVE");

    [Fact]
    public void Big_endian_rifx() => AssertNames(Fails(new WavBuilder { Magic = "RIFX" }.Chunk("fmt ", Fmt16).ToArray()), "RIFX");

    [Theory]
    [InlineData(2, "Microsoft ADPCM")]
    [InlineData(0x11, "IMA ADPCM")]
    [InlineData(0x55, "MP3")]
    [InlineData(6, "A-law")]
    [InlineData(0x1234, "format tag 4660")]
    public void Unsupported_codec_is_named(int tag, string name)
    {
        AudioFormatException ex = Fails(WavBuilder.Simple(tag, 1, 8000, 4, new byte[16]));
        AssertNames(ex, "unsupported codec");
        AssertNames(ex, name);
    }

    [Fact]
    public void Unknown_extensible_sub_format()
    {
        byte[] fmt = WavBuilder.FmtExtensible(1, 2, 8000, 16, 16);
        fmt[30] = 0x99; // break the KSDATAFORMAT GUID
        AssertNames(Fails(new WavBuilder().Chunk("fmt ", fmt).Chunk("data", new byte[8]).ToArray()), "WAVE_FORMAT_EXTENSIBLE sub-format");
    }

    [Fact]
    public void Data_size_of_4_GB_in_a_small_file_reads_only_what_is_there()
    {
        // Not an error (streamed writers do this), but nothing near 4 GB may be allocated.
        byte[] wav = new WavBuilder().Chunk("fmt ", Fmt16).Chunk("data", WavBuilder.Int16(7, 8, 9), 0xFFFFFFFE).ToArray();
        Assert.Equal(3, AudioClip.Load(new MemoryStream(wav)).Length);
        Assert.Equal(3, AudioClip.Load(new WavReaderTests.NonSeekableStream(wav)).Length);
    }

    [Fact]
    public void Zero_channels() => AssertNames(Fails(WavBuilder.Simple(1, 0, 8000, 16, new byte[4])), "0 channels");

    [Fact]
    public void Zero_hertz() => AssertNames(Fails(WavBuilder.Simple(1, 1, 0, 16, new byte[4])), "0 Hz");

    [Fact]
    public void Absurd_sample_rate() => AssertNames(Fails(WavBuilder.Simple(1, 1, 2_000_000_000, 16, new byte[4])), "absurd sample rate");

    [Fact]
    public void The_most_channels_a_header_can_claim_fail_the_block_align_check()
    {
        // nChannels is a 16-bit field, so "a billion channels" is impossible to write; 65535 channels of 16 bits would
        // need a 131070-byte frame, which the 16-bit block-align field cannot hold either.
        AssertNames(Fails(WavBuilder.Simple(1, 65535, 8000, 16, new byte[64])), "65535 channels");
    }

    [Fact]
    public void Block_align_mismatch() => AssertNames(Fails(new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(1, 2, 8000, 16, blockAlign: 3)).Chunk("data", new byte[12]).ToArray()), "block align mismatch");

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 13)]
    [InlineData(1, 64)]
    [InlineData(3, 16)]
    public void Unsupported_bit_depth(int tag, int bits)
    {
        AudioFormatException ex = Fails(new WavBuilder().Chunk("fmt ", WavBuilder.Fmt(tag, 1, 8000, bits, blockAlign: 2)).Chunk("data", new byte[8]).ToArray());
        AssertNames(ex, $"bit depth {bits}");
    }

    [Fact]
    public void Fmt_chunk_too_small() => AssertNames(Fails(new WavBuilder().Chunk("fmt ", new byte[14]).Chunk("data", new byte[8]).ToArray()), "fmt chunk is 14 bytes");

    [Fact]
    public void Missing_fmt_chunk() => AssertNames(Fails(new WavBuilder().Chunk("data", new byte[8]).ToArray()), "no fmt chunk");

    [Fact]
    public void Missing_fmt_chunk_in_a_header_only_file() => AssertNames(Fails(new WavBuilder().Chunk("LIST", new byte[8]).ToArray()), "no fmt chunk");

    [Fact]
    public void Missing_data_chunk() => AssertNames(Fails(new WavBuilder().Chunk("fmt ", Fmt16).Chunk("LIST", new byte[8]).ToArray()), "no data chunk");

    [Fact]
    public void Chunk_larger_than_the_file() => AssertNames(Fails(new WavBuilder().Chunk("fmt ", Fmt16).Chunk("LIST", new byte[8], 0xFFFFFF00).ToArray()), "ends inside the 'LIST' chunk");

    [Fact]
    public void Rf64_without_ds64()
    {
        byte[] wav = new WavBuilder { Magic = "RF64" }.Chunk("fmt ", Fmt16).Chunk("data", new byte[4], 0xFFFFFFFF).ToArray();
        AssertNames(Fails(wav), "ds64");
    }

    [Fact]
    public void Nan_in_float_data_is_refused_by_default_and_zeroed_on_request()
    {
        byte[] wav = WavBuilder.Simple(3, 1, 8000, 32, WavBuilder.Float32(0.5f, float.NaN, float.PositiveInfinity, -0.5f));
        AudioFormatException ex = Fails(wav, inHeader: false);
        AssertNames(ex, "sample frame 1 is NaN");

        AudioClip clip = AudioClip.Load(new MemoryStream(wav), AudioLoadOptions.Default with { NonFiniteSamples = NonFiniteSampleHandling.ReplaceWithZero });
        Assert.Equal(new[] { 0.5f, 0f, 0f, -0.5f }, clip.Samples.ToArray());
    }

    [Fact]
    public void Infinity_is_named()
    {
        AssertNames(Fails(WavBuilder.Simple(3, 1, 8000, 32, WavBuilder.Float32(0f, float.NegativeInfinity)), inHeader: false), "sample frame 1 is infinite");
    }

    [Fact]
    public void A_file_over_the_sample_limit_is_refused_before_allocating()
    {
        // A sparse 2.2 GB file (no disk space used): 8-bit mono, so it holds more samples than one clip may.
        string path = Signals.TempPath(".wav");
        try
        {
            byte[] header = WavBuilder.Simple(1, 1, 44100, 8, []);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), 0xFFFFFFFF);
            using (var file = new FileStream(path, FileMode.CreateNew))
            {
                file.Write(header);
                file.SetLength(2_200_000_000L);
            }

            var ex = Assert.Throws<AudioFormatException>(() => AudioClip.Load(path));
            AssertNames(ex, "too long");
            AssertNames(ex, "limit of 2147483591 samples");
            Assert.Equal(2_200_000_000L - 44, AudioFile.Probe(path).FrameCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => AudioClip.Load("/nonexistent/nothing.wav"));
        Assert.Throws<FileNotFoundException>(() => AudioFile.Probe("/nonexistent/nothing.flac"));
    }

    [Fact]
    public void Null_and_bad_arguments_are_argument_exceptions()
    {
        Assert.Throws<ArgumentNullException>(() => AudioClip.Load((Stream)null!));
        Assert.Throws<ArgumentException>(() => AudioClip.Load(string.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioClip.Load(new MemoryStream(), AudioLoadOptions.Default with { SampleRate = 0 }));
        Assert.Throws<ArgumentException>(() => AudioClip.Load(new MemoryStream(), AudioLoadOptions.Default with { FfmpegPath = "" }));
    }
}
