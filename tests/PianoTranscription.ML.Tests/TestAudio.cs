using PianoTranscription.Audio;

namespace PianoTranscription.ML.Tests;

/// <summary>Test audio: slices of samples/example.wav written as WAV files at several rates, and synthetic non-piano sounds.</summary>
internal static class TestAudio
{
    private static readonly Lazy<AudioClip> Example = new(() => AudioClip.Load(FindSample("example.wav")));

    public static AudioClip ExampleClip => Example.Value;

    public static string ExamplePath => FindSample("example.wav");

    /// <summary>Writes three slices of the example (44.1 kHz, 16 kHz, 22.05 kHz) into a new folder.</summary>
    public static string WriteFolder()
    {
        string dir = Directory.CreateTempSubdirectory("pt-ml-").FullName;
        AudioClip clip = ExampleClip;
        clip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(5)).SaveWav(Path.Combine(dir, "a.wav"));
        clip.Slice(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)).Resample(16000).SaveWav(Path.Combine(dir, "b.wav"));
        clip.Slice(TimeSpan.FromSeconds(8.9), TimeSpan.FromSeconds(6)).Resample(22050).SaveWav(Path.Combine(dir, "c.wav"));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not audio: LoadAudioFiles skips it");
        return dir;
    }

    public static string FindSample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"samples/{name} not found above {AppContext.BaseDirectory}");
    }
}
