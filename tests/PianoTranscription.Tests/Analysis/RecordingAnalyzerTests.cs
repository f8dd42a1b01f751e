using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Transcription;

namespace PianoTranscription.Tests.Analysis;

public sealed class RecordingAnalyzerTests
{
    [Fact]
    public void One_pass_gives_the_same_answers_as_the_detector_and_the_recognizer()
    {
        AudioClip clip = TranscriptionTestData.ExampleClip;

        RecordingAnalysis a = RecordingAnalyzer.Default.Analyze(clip);

        Assert.True(RecordingAnalyzer.Default.SharesOnePass);
        AssertSame(PianoDetector.Default.Detect(clip), InstrumentRecognizer.Default.Recognize(clip), a);
    }

    [ToolFact("fluidsynth")]
    public async Task Different_silence_thresholds_take_two_passes_and_still_agree()
    {
        // A trumpet of an unseen SoundFont, with the detector classifying everything above −60 dBFS and the recognizer
        // keeping its defaults: the two types need different clips, so the analyzer runs the model twice.
        AudioClip clip = AnalysisRenders.Render(56);
        var detector = new PianoDetector(new PianoDetectorOptions { Silence = new SilenceThresholds(-60, -60) });
        var recognizer = new InstrumentRecognizer(new InstrumentRecognizerOptions { SegmentClips = 1 });
        var analyzer = new RecordingAnalyzer(detector, recognizer);
        var reports = new List<double>();

        RecordingAnalysis a = analyzer.Analyze(clip);
        RecordingAnalysis b = await analyzer.AnalyzeAsync(WriteWav(clip), new SyncProgress(reports.Add));

        Assert.False(analyzer.SharesOnePass);
        AssertSame(detector.Detect(clip), recognizer.Recognize(clip), a);
        Assert.Equal(a.Piano.Presence, b.Piano.Presence);
        Assert.Equal(a.Instruments.Segments.Count, b.Instruments.Segments.Count);
        Assert.Equal(1.0, reports[^1], 9);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second >= p.First), "progress goes forward across both passes");
        Assert.Contains(reports, r => r is > 0.4 and <= 0.5); // the first pass ends at one half
    }

    [Fact]
    public void Bad_input_is_refused_with_the_detectors_messages()
    {
        Assert.Throws<ArgumentException>(() => RecordingAnalyzer.Default.Analyze(AudioClip.FromSamples(new float[800], 16000)));
        Assert.Throws<ArgumentException>(() => RecordingAnalyzer.Default.Analyze(AudioClip.FromSamples([float.NaN, .. new float[20000]], 16000)));
        Assert.Throws<FileNotFoundException>(() => RecordingAnalyzer.Default.Analyze("/nonexistent/take.wav"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => RecordingAnalyzer.Default.Analyze(TranscriptionTestData.ExampleClip, cts.Token));
    }

    private static void AssertSame(PianoDetection piano, InstrumentRecognition instruments, RecordingAnalysis a)
    {
        Assert.Equal(piano.Presence, a.Piano.Presence);
        Assert.Equal(piano.Probabilities, a.Piano.Probabilities);
        Assert.Equal(piano.Segments, a.Piano.Segments); // records: start, end, class, probabilities, level, activity
        Assert.Equal(instruments.Segments.Count, a.Instruments.Segments.Count);
        for (int i = 0; i < instruments.Segments.Count; i++)
        {
            InstrumentSegment x = instruments.Segments[i], y = a.Instruments.Segments[i];
            Assert.Equal((x.Start, x.End, x.LevelDb, x.Activity), (y.Start, y.End, y.LevelDb, y.Activity));
            Assert.Equal(x.Probabilities?.OrderBy(p => p.Key), y.Probabilities?.OrderBy(p => p.Key));
            Assert.Equal(x.Present, y.Present);
        }

        Assert.Equal(instruments.Predominant, a.Instruments.Predominant);
    }

    private static string WriteWav(AudioClip clip)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("pt-recording-analyzer-").FullName, "trumpet.wav");
        clip.SaveWav(path);
        return path;
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
