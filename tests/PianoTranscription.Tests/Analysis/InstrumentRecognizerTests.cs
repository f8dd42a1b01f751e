using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Transcription;

namespace PianoTranscription.Tests.Analysis;

public sealed class InstrumentRecognizerTests
{
    [Fact]
    public void The_example_recording_is_piano_in_every_three_second_segment()
    {
        InstrumentRecognition r = InstrumentRecognizer.Default.Recognize(TranscriptionTestData.ExampleClip);

        Assert.Equal(Instrument.Piano, r.Predominant);
        Assert.Contains(Instrument.Piano, r.Present);
        Assert.Equal(5, r.Segments.Count); // 15 one-second clips in groups of 3
        Assert.All(r.Segments.Take(4), s => Assert.Equal(Instrument.Piano, s.Predominant)); // the last is mostly decay
        Assert.All(r.Segments, s => Assert.Equal(12, s.Probabilities!.Count));
        Assert.Equal(r.Segments.Max(s => s.Probabilities![Instrument.Piano]), r.Probabilities![Instrument.Piano], 9);
    }

    [ToolTheory("fluidsynth")]
    [InlineData(0, 0, 9, Instrument.Drums)]
    [InlineData(0, 0, 0, Instrument.Piano)]
    public void A_solo_instrument_of_an_unseen_SoundFont_is_recognised(int program, int transpose, int channel, Instrument expected)
    {
        InstrumentRecognition r = InstrumentRecognizer.Default.Recognize(AnalysisRenders.Render(program, transpose, channel));

        Assert.Equal(expected, r.Predominant);
        Assert.Contains(expected, r.Present);
    }

    [ToolTheory("fluidsynth")]
    [InlineData(40, 12)] // violin
    [InlineData(56, 0)]  // trumpet
    [InlineData(19, 0)]  // church organ
    public void Other_instruments_of_an_unseen_SoundFont_are_not_called_piano(int program, int transpose)
    {
        // The default model often misnames such unseen timbres (its held-out F for violin and trumpet is low, see
        // docs/analysis.md), but it must not hear a piano in them.
        InstrumentRecognition r = InstrumentRecognizer.Default.Recognize(AnalysisRenders.Render(program, transpose));

        Assert.DoesNotContain(Instrument.Piano, r.Present);
        Assert.NotEqual(Instrument.Piano, r.Predominant);
    }

    [ToolFact("fluidsynth")]
    public void A_mixture_keeps_the_piano_present()
    {
        AudioClip piano = AnalysisRenders.Render(0);
        AudioClip mix = AnalysisRenders.Mix(piano, 1, AnalysisRenders.Render(0, channel: 9), 0.5);

        InstrumentRecognition r = InstrumentRecognizer.Default.Recognize(mix);

        Assert.Contains(Instrument.Piano, r.Present);
        Assert.True(r.MeanProbabilities![Instrument.Drums] > InstrumentRecognizer.Default.Recognize(piano).MeanProbabilities![Instrument.Drums]);
    }

    [Fact]
    public void Silence_has_no_probabilities_and_options_are_checked()
    {
        InstrumentRecognition r = InstrumentRecognizer.Default.Recognize(AudioClip.FromSamples(new float[16000 * 6], 16000));
        Assert.Null(r.Probabilities);
        Assert.Null(r.Predominant);
        Assert.Empty(r.Present);
        Assert.Equal(2, r.Segments.Count);
        Assert.All(r.Segments, s => Assert.Equal(AudioActivity.Silence, s.Activity));
        Assert.Equal("silence", r.ToString());

        var oneSecond = new InstrumentRecognizer(new InstrumentRecognizerOptions { SegmentClips = 1 });
        Assert.Equal(15, oneSecond.Recognize(TranscriptionTestData.ExampleClip).Segments.Count);
        Assert.Throws<ArgumentException>(() => new InstrumentRecognizer(new InstrumentRecognizerOptions { SegmentClips = 0 }));
        Assert.Throws<ArgumentException>(() => new InstrumentRecognizer(new InstrumentRecognizerOptions { Threshold = 1 }));
        Assert.Throws<ArgumentException>(() => InstrumentRecognizer.Default.Recognize(AudioClip.FromSamples([float.PositiveInfinity, 0, 0], 16000)));
    }

    [Fact]
    public async Task Parallel_calls_agree_with_one_call()
    {
        AudioClip clip = TranscriptionTestData.ExampleClip;
        InstrumentRecognition expected = InstrumentRecognizer.Default.Recognize(clip);
        InstrumentRecognition[] all = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => InstrumentRecognizer.Default.RecognizeAsync(TranscriptionTestData.ExamplePath)));
        foreach (InstrumentRecognition r in all)
        {
            Assert.Equal(expected.Present, r.Present);
            Assert.Equal(expected.Probabilities![Instrument.Piano], r.Probabilities![Instrument.Piano], 4);
        }
    }
}
