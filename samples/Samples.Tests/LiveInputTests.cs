using System.Globalization;
using System.Text.RegularExpressions;
using PianoTranscription.Transcription;

namespace Samples.Tests;

public sealed partial class LiveInputTests
{
    [Fact]
    public void Streams_the_example_and_reports_every_note_with_its_latency()
    {
        var (code, output, error) = SampleApp.Run("LiveInput", SampleApp.ExampleWav, "--fast");
        Assert.True(code == 0, error);

        Match summary = Summary().Match(output);
        Assert.True(summary.Success, output);
        int downs = int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture);
        int ups = int.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture);
        double medianMs = double.Parse(summary.Groups[3].Value, CultureInfo.InvariantCulture);

        // The live path gives the offline notes (the library's tests prove it); the sample must report each once.
        int offline = PianoTranscriber.CreateBuilder().WithLowLatency().Build().Transcribe(SampleApp.ExampleWav).Notes.Count;
        Assert.Equal(offline, ups);
        Assert.InRange(downs, offline - 2, offline);   // a start is reported early unless the note is gone first
        Assert.InRange(medianMs, 1, 1000);
        Assert.Equal(downs, KeyDown().Matches(output).Count);
    }

    [Fact]
    public void The_microphone_outside_windows_says_why_it_cannot()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var (code, _, error) = SampleApp.Run("LiveInput", "--microphone", "--seconds", "1");
        Assert.Equal(1, code);
        Assert.Contains("only on Windows", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(\d+) key-downs, (\d+) key-ups; median key-down latency (\d+) ms")]
    private static partial Regex Summary();

    [GeneratedRegex(@"key down +\d+ \(onset")]
    private static partial Regex KeyDown();
}
