using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.Midi;
using PianoTranscription.Tests.Transcription;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Analysis;

/// <summary>
/// The code samples of docs/analysis.md (key, piano detection, instruments), kept compiling and checked on the
/// bundled example (the docs' "take1.wav" and "band.wav"). The AudioClassifier sample is run by the ML tests.
/// </summary>
public sealed class AnalysisDocsExamplesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-docs-analysis-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Key_estimation_and_the_midi_key_signature()
    {
        TranscriptionResult result = PianoTranscriber.CreateDefault().Transcribe(TranscriptionTestData.ExamplePath);
        KeyEstimate? key = result.EstimatedKey;
        Console.WriteLine(key);
        Console.WriteLine(key?.Key.SharpsOrFlats);
        IReadOnlyList<KeySegment> changes = new KeyEstimator().Segments(result.Notes);

        result.WriteMidi(Out("take1.mid"));
        result.WriteMidi(Out("plain.mid"), new MidiWriteOptions { WriteEstimatedKey = false });
        result.WriteMidi(Out("fixed.mid"), new MidiWriteOptions { KeySignature = Key.Parse("Eb:min") });

        Assert.Equal(Key.Parse("C:maj"), key!.Key);   // the example is a C–Am–F–G progression
        Assert.Equal(0, key.Key.SharpsOrFlats);
        Assert.NotEmpty(changes);
        Assert.Equal(key.Key, changes[0].Key);
        Assert.Equal(-6, KeySignatureOf(Out("fixed.mid")));   // Eb minor: six flats
        Assert.Equal(0, KeySignatureOf(Out("take1.mid")));
        Assert.Null(KeySignatureOf(Out("plain.mid")));
    }

    [Fact]
    public void Piano_detection_and_the_transcriber_check()
    {
        PianoDetection d = PianoDetector.Default.Detect(AudioClip.Load(TranscriptionTestData.ExamplePath));
        Console.WriteLine(d);
        foreach (PianoSegment s in d.Segments)
        {
            Console.WriteLine($"{s.Start}-{s.End} s {s.Presence} {s.Probabilities}");
        }

        var quietToo = new PianoDetector(new PianoDetectorOptions { Silence = new SilenceThresholds(-70, -60) });
        PianoTranscriber t = PianoTranscriber.CreateBuilder().WithPianoCheck().Build();

        Assert.True(d.IsSoloPiano, d.ToString());
        Assert.Equal(d.Presence, quietToo.Detect(AudioClip.Load(TranscriptionTestData.ExamplePath)).Presence);
        Assert.DoesNotContain(t.Transcribe(TranscriptionTestData.ExamplePath).Warnings, w => w.Contains("piano", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Instrument_recognition()
    {
        InstrumentRecognition r = InstrumentRecognizer.Default.Recognize(AudioClip.Load(TranscriptionTestData.ExamplePath));
        Console.WriteLine(r);
        foreach (InstrumentSegment s in r.Segments)
        {
            Console.WriteLine($"{s.Start}-{s.End} s: {string.Join(", ", s.Present)}");
        }

        Assert.Equal(5, r.Segments.Count);   // 14.9 s in 3 s segments
        Assert.Equal(r.Duration, r.Segments[^1].End, 3);
        Assert.Contains(Instrument.Piano, r.Present);
    }

    [Fact]
    public void Both_answers_from_one_pass()
    {
        RecordingAnalysis a = RecordingAnalyzer.Default.Analyze(AudioClip.Load(TranscriptionTestData.ExamplePath));
        Console.WriteLine($"{a.Piano.Presence}; {a.Instruments.Predominant}");
        var custom = new RecordingAnalyzer(new PianoDetector(new PianoDetectorOptions { Silence = new SilenceThresholds(-70, -60) }));
        bool onePass = custom.SharesOnePass;

        Assert.False(onePass);
        Assert.True(RecordingAnalyzer.Default.SharesOnePass);
        Assert.Equal(PianoPresence.SoloPiano, a.Piano.Presence);
        Assert.Equal(Instrument.Piano, a.Instruments.Predominant);
    }

    private static int? KeySignatureOf(string path) =>
        MidiFile.Read(path).Tracks.SelectMany(t => t.Events).OfType<PianoTranscription.Midi.Events.KeySignatureEvent>()
            .Select(k => (int?)k.SharpsOrFlats).FirstOrDefault();
}
