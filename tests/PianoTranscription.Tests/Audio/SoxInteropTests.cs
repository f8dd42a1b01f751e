using PianoTranscription.Audio;
using PianoTranscription.Tests.Infrastructure;

namespace PianoTranscription.Tests.Audio;

/// <summary>WAV files written by sox read back exactly as sox itself decodes them.</summary>
public sealed class SoxInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-sox-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ToolTheory("sox")]
    [InlineData("-b", "16", "-e", "signed-integer", 1, "PCM signed 16-bit")]
    [InlineData("-b", "16", "-e", "signed-integer", 2, "PCM signed 16-bit")]
    [InlineData("-b", "24", "-e", "signed-integer", 2, "PCM signed 24-bit")]
    [InlineData("-b", "32", "-e", "signed-integer", 1, "PCM signed 32-bit")]
    [InlineData("-b", "32", "-e", "floating-point", 2, "IEEE float 32-bit")]
    [InlineData("-b", "64", "-e", "floating-point", 1, "IEEE float 64-bit")]
    [InlineData("-b", "8", "-e", "unsigned-integer", 1, "PCM unsigned 8-bit")]
    [InlineData("-b", "16", "-e", "signed-integer", 5, "PCM signed 16-bit")]
    public void Sox_written_wav_reads_as_sox_decodes_it(string b, string bits, string e, string encoding, int channels, string codec)
    {
        string wav = Path.Combine(_dir, "in.wav");
        string raw = Path.Combine(_dir, "out.f32");
        // Different tones per channel (sox repeats the last synth for the remaining channels), at 22.05 kHz.
        ExternalTool.Run("sox", "-n", "-r", "22050", b, bits, e, encoding, "-c", channels.ToString(System.Globalization.CultureInfo.InvariantCulture),
            wav, "synth", "0.5", "sine", "440", "sine", "1000", "sawtooth", "300", "vol", "0.8");
        ExternalTool.Run("sox", wav, "-t", "f32", raw);

        float[] interleaved = ResamplerTests.ReadRawFloats(raw);
        Assert.Equal(0, interleaved.Length % channels);
        var expected = new float[interleaved.Length / channels];
        for (int i = 0; i < expected.Length; i++)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++)
            {
                sum += interleaved[(i * channels) + c];
            }

            expected[i] = (float)(sum / channels);
        }

        AudioClip clip = AudioClip.Load(wav);
        Assert.Equal(22050, clip.SampleRate);
        Assert.Equal(11025, clip.Length);
        float[] actual = clip.Samples.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-7, $"sample {i}: sox {expected[i]}, ours {actual[i]}");
        }

        Assert.True(Signals.MeanSquare(actual) > 0.01); // not silence

        AudioFileInfo info = AudioFile.Probe(wav);
        Assert.Equal((AudioContainer.Wav, codec, 22050, channels, int.Parse(bits, System.Globalization.CultureInfo.InvariantCulture), 11025L),
            (info.Container, info.Codec, info.SampleRate, info.Channels, info.BitsPerSample ?? 0, info.FrameCount ?? 0));
    }

    [ToolFact("sox")]
    public void Sox_writing_to_a_pipe_leaves_placeholder_sizes_that_still_read()
    {
        // sox cannot seek back on a pipe, so the sizes in the header are placeholders; capture that output as a file.
        string wav = Path.Combine(_dir, "piped.wav");
        string bytes = ExternalTool.Run("/bin/sh", "-c", $"sox -n -r 16000 -b 16 -t wav - synth 0.25 sine 440 | cat > '{wav}'; echo done");
        Assert.Contains("done", bytes, StringComparison.Ordinal);
        Assert.Equal(4000, AudioClip.Load(wav).Length);
    }

    [ToolFact("sox")]
    public void Our_wav_files_read_in_sox()
    {
        string wav = Path.Combine(_dir, "ours.wav");
        float[] x = Signals.Sine(1000, 16000, 8000, amplitude: 0.5);
        AudioClip.FromSamples(x, 16000).SaveWav(wav, WavSampleFormat.IeeeFloat);
        string raw = Path.Combine(_dir, "back.f32");
        ExternalTool.Run("sox", wav, "-t", "f32", raw);
        float[] back = ResamplerTests.ReadRawFloats(raw);
        Assert.Equal(x.Length, back.Length);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(x[i] - back[i]) <= 1e-7, $"sample {i}"); // sox works in 32-bit integers inside
        }

        AudioClip.FromSamples(x, 16000).SaveWav(wav);
        string stat = ExternalTool.Run("soxi", wav);
        Assert.Contains("16-bit Signed Integer PCM", stat, StringComparison.Ordinal);
        Assert.Contains("8000 samples", stat, StringComparison.Ordinal);
    }
}
