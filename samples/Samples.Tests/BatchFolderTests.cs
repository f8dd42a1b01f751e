using PianoTranscription.Midi;

namespace Samples.Tests;

public sealed class BatchFolderTests
{
    [Fact]
    public void Transcribes_every_good_file_reports_progress_and_names_the_bad_one()
    {
        string input = SampleApp.TempDirectory(), output = SampleApp.TempDirectory();
        File.Copy(SampleApp.ExampleWav, Path.Combine(input, "a.wav"));
        File.Copy(SampleApp.ExampleWav, Path.Combine(input, "b.wav"));
        File.WriteAllBytes(Path.Combine(input, "broken.wav"), [.. "RIFF\u0010\0\0\0WAVEjunk"u8]);
        File.WriteAllText(Path.Combine(input, "notes.txt"), "not audio, not listed");

        var (code, text, _) = SampleApp.Run("BatchFolder", input, output, "--parallel", "2");

        Assert.Equal(1, code);   // one file failed
        Assert.Contains("3 files, 2 at a time", text, StringComparison.Ordinal);
        Assert.Contains("broken.wav: FAILED", text, StringComparison.Ordinal);
        Assert.Contains("a.wav: 100%", text, StringComparison.Ordinal);
        Assert.Contains("2 transcribed, 1 failed", text, StringComparison.Ordinal);
        Assert.Equal(["a.mid", "b.mid"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        int a = MidiNotes.Read(Path.Combine(output, "a.mid")).Notes.Count;
        Assert.True(a > 30, $"{a} notes");
        Assert.Equal(a, MidiNotes.Read(Path.Combine(output, "b.mid")).Notes.Count);
    }
}
