using PianoTranscription.Decoding;
using PianoTranscription.Evaluation;
using PianoTranscription.Export;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

/// <summary>
/// End-to-end checks of the embedded trained model. Floors sit below the measured figures (docs/model.md) so that a
/// broken pipeline (features, engine, decoder, stitching, model file) fails while the model itself may improve.
/// </summary>
public sealed class DefaultModelAccuracyTests
{
    [Fact]
    public void The_bundled_example_is_transcribed_close_to_its_score()
    {
        TranscriptionResult result = PianoTranscriber.CreateDefault().Transcribe(TranscriptionTestData.ExamplePath);
        TranscriptionExport reference = TranscriptionExport.FromMidi(TranscriptionTestData.ExampleMidiPath);
        Note[] extended = SustainExtension.Apply(reference.Notes, reference.SustainPedal);
        TranscriptionMetrics m = TranscriptionEvaluator.Evaluate(extended, result.Notes);

        // Measured with model 2.0.0: note F1 0.841, note+offset F1 0.551, frame F1 0.756 (1.0.0: 0.845, 0.493, 0.773).
        Assert.True(m.Notes.F1 >= 0.78, m.ToTable());
        Assert.True(m.NotesWithOffsets.F1 >= 0.50, m.ToTable());
        Assert.True(m.Frames.F1 >= 0.72, m.ToTable());

        // The example presses the sustain pedal once per bar (5 presses in the MIDI, some re-pressed): pedal is found.
        Assert.NotEmpty(result.SustainPedal);
    }

    [Fact]
    public void Silence_and_quiet_noise_give_no_notes()
    {
        var transcriber = PianoTranscriber.CreateDefault();
        Assert.Empty(transcriber.Transcribe(new float[16000 * 5], 16000).Notes);

        var rng = new Random(7);
        float[] hiss = new float[16000 * 5];
        for (int i = 0; i < hiss.Length; i++)
        {
            hiss[i] = (float)((rng.NextDouble() * 2 - 1) * 1e-3); // about -63 dBFS of white noise
        }

        Assert.Empty(transcriber.Transcribe(hiss, 16000).Notes);
    }
}
