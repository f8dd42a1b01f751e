using System.Text;
using PianoTranscription.Audio;
using PianoTranscription.Export;

namespace PianoTranscription.Tests.Fuzz;

/// <summary>The bugs the fuzzer found, each pinned by a small hand-written input (the fuzzer's own inputs replay in <see cref="FuzzCorpusReplayTests"/>).</summary>
public sealed class FuzzFindingRegressionTests
{
    private static AudioFileInfo Parse(string duration = "00:00:01.00", string rate = "44100", string layout = "stereo", string bits = "") =>
        FfmpegDecoder.ParseProbe(
            $"Input #0, flac, from 'in.flac':\n  Duration: {duration}, start: 0.000000, bitrate: 512 kb/s\n  Stream #0:0: Audio: flac, {rate} Hz, {layout}, s16{bits}\n",
            0, "in.flac", AudioContainer.Flac, 100);

    [Theory]
    [InlineData("99999999999")] // found by the fuzzer: int.Parse threw OverflowException
    [InlineData("4294967296")]
    [InlineData("0")]
    [InlineData("999999999")]
    public void An_impossible_sample_rate_in_ffmpegs_report_is_a_format_error(string rate)
    {
        var ex = Assert.Throws<AudioFormatException>(() => Parse(rate: rate));
        Assert.Contains("ffmpeg reports a sample rate of", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absurd_channel_count_in_ffmpegs_report_is_a_format_error() =>
        Assert.Throws<AudioFormatException>(() => Parse(layout: "99999999999 channels"));

    [Theory]
    [InlineData("99999999999:00:00.00")]
    [InlineData("00:99999999999:00.00")]
    [InlineData("9999999:00:00.00")]
    public void An_out_of_range_duration_in_ffmpegs_report_is_unknown(string duration)
    {
        Assert.Null(Parse(duration: duration).Duration);
    }

    [Fact]
    public void An_out_of_range_bit_depth_in_ffmpegs_report_is_unknown() =>
        Assert.Null(Parse(bits: " (99999999999 bit)").BitsPerSample);

    [Fact]
    public void A_sane_report_still_reads()
    {
        AudioFileInfo info = Parse(duration: "01:02:03.50", rate: "48000", layout: "5.1(side)", bits: " (24 bit)");
        Assert.Equal((48000, 6, (int?)24), (info.SampleRate, info.Channels, info.BitsPerSample));
        Assert.Equal(TimeSpan.FromSeconds(3723.5), info.Duration);
    }

    [Theory]
    [InlineData("{\"notes\":[],\"metadata\":{\"sourceFile\":\"\xE9\"}}")] // found by the fuzzer: GetString threw InvalidOperationException
    [InlineData("{\"format\":\"\xFF\xFE\",\"notes\":[]}")]
    [InlineData("{\"notes\":[],\"metadata\":{\"modelVersion\":\"a\x98\"}}")]
    public void Json_notes_with_invalid_utf8_in_a_string_are_a_format_error(string latin1)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(latin1);
        var ex = Assert.Throws<NoteFileFormatException>(() => NoteJson.Read(new MemoryStream(bytes)));
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
        string path = Path.Combine(Directory.CreateTempSubdirectory("pt-fuzz-").FullName, "notes.json");
        File.WriteAllBytes(path, bytes);
        Assert.Throws<NoteFileFormatException>(() => NoteFormats.Json.Read(path));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void Json_text_with_an_unpaired_surrogate_is_a_format_error()
    {
        // Found by the fuzzer: JsonDocument.Parse(string) threw ArgumentException (it cannot transcode the text to UTF-8).
        string text = "{\"notes\":[]}\uD800";
        Assert.Throws<NoteFileFormatException>(() => NoteJson.Parse(text));
        Assert.Throws<FormatException>(() => PianoTranscription.Decoding.DecoderOptions.FromJson(text));
        Assert.Throws<FormatException>(() => PianoTranscription.Features.Featurizer.FromJson(text));
    }

    [Fact]
    public void Json_with_an_escaped_unpaired_surrogate_is_a_format_error()
    {
        // Found by the fuzzer: the parser accepts "\ud800" but reading the name or string threw InvalidOperationException.
        Assert.Throws<FormatException>(() => PianoTranscription.Decoding.DecoderOptions.FromJson("{\"\\ud800\":1}"));
        Assert.Throws<FormatException>(() => PianoTranscription.Features.Featurizer.FromJson("{\"kind\":\"\\ud800\"}"));
        Assert.Throws<FormatException>(() => PianoTranscription.Features.Featurizer.FromJson("{\"\\udc00\":1}"));
        Assert.Throws<NoteFileFormatException>(() => NoteJson.Parse("{\"notes\":[],\"metadata\":{\"sourceFile\":\"\\ud800\"}}"));
        Assert.Throws<NoteFileFormatException>(() => NoteJson.Read(new MemoryStream("{\"format\":\"\\ud800\",\"notes\":[]}"u8.ToArray())));
    }

    [Theory]
    [InlineData("(0, 2147483647)")] // found by the fuzzer: 16 GB of bin frequencies for an empty array (OutOfMemoryException)
    [InlineData("(3, 0)")] // found by the fuzzer: ArgumentOutOfRangeException from Spectrogram.Create
    public void An_npy_array_that_cannot_be_a_spectrogram_says_so(string shape)
    {
        byte[] header = Encoding.ASCII.GetBytes($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}\n");
        byte[] npy = [0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. header];
        PianoTranscription.Features.NpyArray array = PianoTranscription.Features.NpyFile.Read(new MemoryStream(npy));
        Assert.Equal(0, array.Values.Length);
        Assert.Throws<InvalidOperationException>(() => array.ToSpectrogram(100));
    }

    [Fact]
    public void An_npy_header_claiming_a_huge_shape_on_a_pipe_does_not_allocate_it()
    {
        // Found by review while writing the npy target (the campaign did not reach it): a non-seekable stream could
        // not be checked against the shape, so 100 bytes asking for 10^8 values allocated 400 MB before failing.
        byte[] header = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000000,), }\n"u8.ToArray();
        byte[] npy = [0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. header, 0, 0, 128, 63];
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => PianoTranscription.Features.NpyFile.Read(new PianoTranscription.Fuzz.TrickleStream(npy)));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16L << 20);
    }

    [Fact]
    public void An_npy_array_on_a_pipe_reads_whole_past_the_first_block()
    {
        float[] values = Enumerable.Range(0, (1 << 20) + 12345).Select(i => i * 0.25f).ToArray();
        var stream = new MemoryStream();
        PianoTranscription.Features.NpyFile.Write(stream, values, [values.Length]);
        PianoTranscription.Features.NpyArray back = PianoTranscription.Features.NpyFile.Read(new PianoTranscription.Fuzz.TrickleStream(stream.ToArray()));
        Assert.Equal(values, back.Values.ToArray());
    }
}
