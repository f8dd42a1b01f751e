using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.Inference;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Transcription;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Analysis;

public sealed class PianoDetectorTests
{
    [Fact]
    public void The_example_recording_is_solo_piano_in_the_file_and_in_most_segments()
    {
        PianoDetection d = PianoDetector.Default.Detect(TranscriptionTestData.ExampleClip);

        Assert.Equal(PianoPresence.SoloPiano, d.Presence);
        Assert.True(d.IsSoloPiano);
        Assert.True(d.Probabilities!.Value.SoloPiano > 0.5, d.ToString());
        Assert.Equal(15, d.Segments.Count); // 14.88 s: 14 whole seconds, and the last 0.88 s is one more segment
        Assert.Equal(d.Duration, d.Segments[^1].End, 3);
        Assert.True(d.Segments.Count(s => s.Presence == PianoPresence.SoloPiano) > d.Segments.Count / 2, d.ToString());
        double sum = d.Probabilities.Value.SoloPiano + d.Probabilities.Value.PianoWithOthers + d.Probabilities.Value.NoPiano;
        Assert.Equal(1, sum, 3);
    }

    [ToolTheory("fluidsynth")]
    [InlineData(40, 12, 0)]   // violin, an octave up
    [InlineData(56, 0, 0)]    // trumpet
    [InlineData(0, 0, 9)]     // a drum kit on channel 10
    public void Other_instruments_of_an_unseen_SoundFont_are_not_piano(int program, int transpose, int channel)
    {
        AudioClip clip = AnalysisRenders.Render(program, transpose, channel);

        PianoDetection d = PianoDetector.Default.Detect(clip);

        Assert.Equal(PianoPresence.NoPiano, d.Presence);
        Assert.False(d.IsSoloPiano);
    }

    [ToolFact("fluidsynth")]
    public void A_piano_of_an_unseen_SoundFont_is_solo_piano_and_piano_with_drums_is_not()
    {
        AudioClip piano = AnalysisRenders.Render(0);
        AudioClip drums = AnalysisRenders.Render(0, channel: 9);

        Assert.Equal(PianoPresence.SoloPiano, PianoDetector.Default.Detect(piano).Presence);

        // The default model often calls such a mixture "no piano" rather than "piano with others" (see the confusion
        // table in docs/analysis.md); what must hold is that it is not solo piano.
        PianoDetection mix = PianoDetector.Default.Detect(AnalysisRenders.Mix(piano, 1, drums, 0.5));
        Assert.NotEqual(PianoPresence.SoloPiano, mix.Presence);
        Assert.True(mix.Probabilities!.Value.SoloPiano < PianoDetector.Default.Detect(piano).Probabilities!.Value.SoloPiano);
    }

    [Fact]
    public void Silence_and_near_silence_are_reported_not_classified()
    {
        var samples = new float[16000 * 4];
        var random = new Random(1);
        for (int i = 16000 * 2; i < samples.Length; i++)
        {
            samples[i] = (float)((random.NextDouble() - 0.5) * 0.004); // about -55 dBFS: near-silence
        }

        PianoDetection d = PianoDetector.Default.Detect(AudioClip.FromSamples(samples, 16000));

        Assert.Equal(PianoPresence.Silence, d.Presence);
        Assert.Null(d.Probabilities);
        Assert.Equal(4, d.Segments.Count);
        Assert.All(d.Segments, s => Assert.Null(s.Probabilities));
        Assert.Equal([AudioActivity.Silence, AudioActivity.Silence, AudioActivity.NearSilence, AudioActivity.NearSilence], d.Segments.Select(s => s.Activity));
        Assert.Equal(4, d.SilentSeconds, 6);

        // With the near-silence threshold at the silence threshold, the quiet noise is classified (and is not piano).
        var classifyAll = new PianoDetector(new PianoDetectorOptions { Silence = new SilenceThresholds(-60, -60) });
        PianoDetection noise = classifyAll.Detect(AudioClip.FromSamples(samples, 16000));
        Assert.Equal(2, noise.Segments.Count(s => s.Probabilities is not null));
        Assert.NotEqual(PianoPresence.SoloPiano, noise.Presence);
    }

    [Fact]
    public void Silent_parts_of_a_piano_recording_leave_the_file_class_alone()
    {
        AudioClip example = TranscriptionTestData.ExampleClip.Resample(16000);
        var samples = new float[example.Length + (16000 * 3)];
        example.Samples.Span.CopyTo(samples.AsSpan(16000 * 3));

        PianoDetection d = PianoDetector.Default.Detect(AudioClip.FromSamples(samples, 16000));

        Assert.Equal(PianoPresence.SoloPiano, d.Presence);
        Assert.All(d.Segments.Take(3), s => Assert.Equal(PianoPresence.Silence, s.Presence));
    }

    [Fact]
    public void A_quieter_copy_gets_the_same_answer()
    {
        AudioClip example = TranscriptionTestData.ExampleClip.Resample(16000).Slice(TimeSpan.Zero, TimeSpan.FromSeconds(6));
        PianoDetection loud = PianoDetector.Default.Detect(example);
        PianoDetection quiet = PianoDetector.Default.Detect(AnalysisRenders.Scale(example, 0.1)); // -20 dB

        Assert.Equal(loud.Presence, quiet.Presence);
        // Within 0.05: a tolerance, not rounding to one decimal (0.249 and 0.263 differ by 0.014 but round apart).
        Assert.InRange(Math.Abs(loud.Probabilities!.Value.SoloPiano - quiet.Probabilities!.Value.SoloPiano), 0, 0.05);
    }

    [Fact]
    public void Bad_input_is_refused_with_a_clear_exception()
    {
        var nan = new float[32000];
        nan[1234] = float.NaN;
        ArgumentException e = Assert.Throws<ArgumentException>(() => PianoDetector.Default.Detect(AudioClip.FromSamples(nan, 16000)));
        Assert.Contains("Sample 1234 is NaN", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<ArgumentException>(() => PianoDetector.Default.Detect(AudioClip.FromSamples(new float[8000], 16000)));
        Assert.Contains("at least 1 s", e.Message, StringComparison.Ordinal);

        string corrupt = Path.Combine(Path.GetTempPath(), $"pt-corrupt-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(corrupt, "RIFF\x10\0\0\0WAVEjunkjunkjunk"u8.ToArray());
        try
        {
            Assert.Throws<AudioFormatException>(() => PianoDetector.Default.Detect(corrupt));
        }
        finally
        {
            File.Delete(corrupt);
        }

        Assert.Throws<FileNotFoundException>(() => PianoDetector.Default.Detect(Path.Combine(Path.GetTempPath(), "pt-no-such-file.wav")));
        Assert.Throws<ArgumentException>(() => new PianoDetector(new PianoDetectorOptions { Silence = new SilenceThresholds(-40, -60) }));
        Assert.Throws<ArgumentException>(() => new PianoDetector(new PianoDetectorOptions { Silence = new SilenceThresholds(double.NaN) }));
    }

    [Fact]
    public async Task Many_threads_share_one_detector_and_get_the_sequential_answer()
    {
        AudioClip clip = TranscriptionTestData.ExampleClip;
        PianoDetection expected = PianoDetector.Default.Detect(clip);
        PianoDetection[] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PianoDetector.Default.Detect(clip))));
        foreach (PianoDetection r in results)
        {
            Assert.Equal(expected.Segments.Select(s => s.Probabilities), r.Segments.Select(s => s.Probabilities));
        }

        var progress = new List<double>();
        PianoDetection fromFile = await PianoDetector.Default.DetectAsync(TranscriptionTestData.ExamplePath, new SyncProgress(progress));
        Assert.Equal(expected.Presence, fromFile.Presence);
        Assert.Equal(1, progress[^1]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PianoDetector.Default.DetectAsync(TranscriptionTestData.ExamplePath, null, new CancellationToken(true)));
    }

    [Fact]
    public void The_embedded_model_states_its_contract_and_a_transcription_model_is_refused()
    {
        AnalysisModel m = AnalysisModel.Default;
        Assert.Equal(12, m.Instruments.Count);
        Assert.Equal(Enum.GetValues<Instrument>(), m.Instruments);
        Assert.Equal(1.0, m.ClipSeconds, 6);
        Assert.Equal(16000, m.Featurizer.SampleRate);
        Assert.False(string.IsNullOrEmpty(m.Licenses));

        using Stream acoustic = AcousticModel.Default.OpenModelStream();
        Assert.Throws<ModelFormatException>(() => AnalysisModel.Load(acoustic));
    }

    [ToolFact("fluidsynth")]
    public void The_transcriber_warns_about_input_that_is_not_solo_piano_only_when_asked()
    {
        AudioClip violin = AnalysisRenders.Render(40, 12);
        PianoTranscriber checking = PianoTranscriber.CreateBuilder().WithPianoCheck().Build();

        Assert.Contains(checking.Transcribe(violin).Warnings, w => w.Contains("does not sound like solo piano", StringComparison.Ordinal));
        Assert.Empty(checking.Transcribe(TranscriptionTestData.ExamplePath).Warnings);
        Assert.Empty(PianoTranscriber.CreateDefault().Transcribe(violin).Warnings);
        Assert.Null(PianoTranscriber.CreateDefault().PianoCheck);
    }

    /// <summary>Records reports on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class SyncProgress(List<double> list) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }
}
