using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Inference;
using PianoTranscription.Tests.Audio;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

/// <summary>Shared inputs and an independent one-pass reference (whole-clip features → one model run → decoder).</summary>
internal static class TranscriptionTestData
{
    private static readonly Lazy<AudioClip> Example = new(() => AudioClip.Load(ExamplePath));
    private static readonly Lazy<DecodedNotes> Reference = new(() => OnePass(Example.Value));

    public static string ExamplePath => ExampleSampleTests.FindSample("example.wav")
        ?? throw new FileNotFoundException("samples/example.wav not found above the test folder");

    public static string ExampleMidiPath => ExampleSampleTests.FindSample("example.mid")
        ?? throw new FileNotFoundException("samples/example.mid not found above the test folder");

    /// <summary>samples/example.wav at its own rate (44.1 kHz).</summary>
    public static AudioClip ExampleClip => Example.Value;

    /// <summary>The notes of one pass of the embedded model over the whole example, without any chunking.</summary>
    public static DecodedNotes ExampleOnePass => Reference.Value;

    public static DecodedNotes OnePass(AudioClip clip)
    {
        AcousticModel model = AcousticModel.Default;
        var features = model.Featurizer.Compute(clip.Resample(model.SampleRate));
        var input = new Tensor(features.ToArray(), 1, features.FrameCount, features.BinCount);
        var o = model.Inference.Run(new Dictionary<string, Tensor> { [AcousticModel.InputName] = input });
        var posteriorgram = new Posteriorgram(
            features.FrameRate, features.StartTime,
            o["onset"].Data.ToArray(), o["frame"].Data.ToArray(), o["offset"].Data.ToArray(), o["velocity"].Data.ToArray(),
            o["pedal_onset"].Data.ToArray(), o["pedal_frame"].Data.ToArray(), o["pedal_offset"].Data.ToArray());
        return new NoteDecoder(model.DecoderOptions).Decode(posteriorgram);
    }

    /// <summary>An IProgress that records every report synchronously, in order.</summary>
    internal sealed class RecordingProgress : IProgress<TranscriptionProgress>
    {
        public List<TranscriptionProgress> Reports { get; } = [];

        public void Report(TranscriptionProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }
        }
    }
}
