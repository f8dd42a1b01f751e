namespace Samples.Tests;

public sealed class MlNetPipelineTests
{
    [Fact]
    public void Transcribes_a_folder_saves_and_reloads_the_pipeline_and_clusters_the_files()
    {
        string input = SampleApp.TempDirectory();
        File.Copy(SampleApp.ExampleWav, Path.Combine(input, "one.wav"));
        // A different second recording: the example's last five seconds (k-means needs two distinct points).
        var clip = PianoTranscription.Audio.AudioClip.Load(SampleApp.ExampleWav);
        clip.Slice(clip.Duration - TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)).SaveWav(Path.Combine(input, "two.wav"));
        string zip = Path.Combine(SampleApp.TempDirectory(), "model.zip");

        var (code, output, error) = SampleApp.Run("MlNetPipeline", input, zip);

        Assert.True(code == 0, error + output);
        Assert.Contains("loaded copy gives the same notes", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(zip).Length > 0);
        Assert.Matches(@"one\.wav: \d+ notes", output);
        foreach (string name in new[] { "one.wav", "two.wav" })
        {
            Assert.Matches(name.Replace(".", @"\.", StringComparison.Ordinal) + @": cluster [12]\b", output);
        }
    }
}
