using PianoTranscription.Audio;

namespace PianoTranscription.Tests.Audio;

/// <summary>The committed example recording (samples/example.wav) is a valid file matching its MIDI's length.</summary>
public class ExampleSampleTests
{
    internal static string? FindSample(string name)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [Fact]
    public void Example_wav_is_16_bit_mono_44k_and_as_long_as_its_midi()
    {
        string path = FindSample("example.wav") ?? throw new FileNotFoundException("samples/example.wav not found above the test folder");
        AudioFileInfo info = AudioFile.Probe(path);
        Assert.Equal((AudioContainer.Wav, 44100, 1, (int?)16), (info.Container, info.SampleRate, info.Channels, info.BitsPerSample));
        Assert.InRange(info.Duration!.Value.TotalSeconds, 14.8, 14.9); // example.mid: 14.875 s
        Assert.True(info.FileSize < 1_500_000);

        AudioClip clip = AudioClip.Load(path, AudioLoadOptions.Default with { SampleRate = 16000 });
        ReadOnlySpan<float> s = clip.Samples.Span;
        Assert.True(Signals.MeanSquare(s[..7000]) < 1e-7, "the first 0.44 s are silent (below -70 dBFS: dither only)");     // the MIDI's lead-in is 0.5 s
        Assert.True(Signals.MeanSquare(s[8400..16000]) > 1e-3, "the first bar sounds");
    }
}
