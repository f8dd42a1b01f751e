using PianoTranscription.Midi;
using PianoTranscription.Transcription;

namespace Samples.Tests;

public sealed class TranscribeFileTests
{
    [Fact]
    public void Writes_the_example_as_midi_csv_and_png_with_the_library_notes()
    {
        string dir = SampleApp.TempDirectory();
        var (code, output, error) = SampleApp.Run("TranscribeFile", SampleApp.ExampleWav, dir);

        Assert.True(code == 0, error);
        Assert.Contains("key: ", output, StringComparison.Ordinal);
        var expected = PianoTranscriber.CreateDefault().Transcribe(SampleApp.ExampleWav).Notes;
        var fromMidi = MidiNotes.Read(Path.Combine(dir, "example.mid")).Notes;
        Assert.Equal(expected.Count, fromMidi.Count);
        Assert.Equal(expected.Select(n => n.Pitch), fromMidi.Select(n => n.Pitch));
        Assert.Equal(expected.Count + 1, File.ReadAllLines(Path.Combine(dir, "example.csv")).Length);   // header + a line per note
        byte[] png = File.ReadAllBytes(Path.Combine(dir, "example.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    [Fact]
    public void A_missing_file_is_an_error_line_and_exit_code_1()
    {
        var (code, _, error) = SampleApp.Run("TranscribeFile", Path.Combine(SampleApp.TempDirectory(), "nothing.wav"));
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("nothing.wav", error, StringComparison.Ordinal);
    }
}
