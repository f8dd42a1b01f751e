using CsCheck;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Transcription;
using PianoTranscription.Tests.Transcription;

namespace PianoTranscription.Tests.Properties;

/// <summary>
/// Property tests (CsCheck) of the transcriber's seams: for random chunk lengths, contexts and live block sizes the
/// notes equal one pass of the model over the whole clip. Clips are short (the default model costs about 7 ms per
/// second of audio per core), cut from samples/example.wav at a random place.
/// </summary>
public sealed class TranscriptionPropertyTests
{
    private static readonly Lazy<AudioClip> Example16k = new(() => TranscriptionTestData.ExampleClip.Resample(AcousticModel.Default.SampleRate));

    /// <summary>A 1 to 3 s clip of the example at the model's rate, starting anywhere.</summary>
    private static readonly Gen<(int Start, int Length)> Clips =
        Gen.Select(Gen.Int[0, 10 * 16000], Gen.Int[16000, 3 * 16000]);

    private static AudioClip Cut((int Start, int Length) c) =>
        AudioClip.FromSamples(Example16k.Value.Samples.Span.Slice(c.Start, c.Length), Example16k.Value.SampleRate);

    [Fact]
    public void Notes_do_not_depend_on_the_chunk_length_or_context()
    {
        AcousticModel model = AcousticModel.Default;
        double frame = 1.0 / model.Featurizer.FrameRate;
        int receptive = model.ReceptiveFieldFrames;
        Gen.Select(Clips, Gen.Int[1, 150], Gen.Int[0, 40]).Sample((clip, chunkFrames, extraContext) =>
        {
            AudioClip audio = Cut(clip);
            PianoTranscriber chunked = PianoTranscriber.CreateBuilder()
                .WithChunking(TimeSpan.FromSeconds(chunkFrames * frame), TimeSpan.FromSeconds((receptive + extraContext) * frame))
                .Build();
            DecodedNotes reference = TranscriptionTestData.OnePass(audio);
            TranscriptionResult result = chunked.Transcribe(audio);
            Assert.Equal(reference.Notes, result.Notes);
            Assert.Equal(reference.Pedals, result.SustainPedal);
        }, iter: 10, threads: 1, seed: Seed);
    }

    [Fact]
    public void Live_notes_do_not_depend_on_the_block_sizes()
    {
        PianoTranscriber transcriber = PianoTranscriber.CreateBuilder().WithChunking(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.25)).Build();
        Gen.Select(Clips, Gen.Int[1, 20000].Array[1, 40], Gen.Bool).Sample((clip, blocks, at44k) =>
        {
            AudioClip audio = Cut(clip);
            if (at44k)
            {
                audio = audio.Resample(44100);
            }

            TranscriptionResult offline = transcriber.Transcribe(audio);
            var notes = new List<Note>();
            var pedals = new List<PedalInterval>();
            using (LiveTranscription live = transcriber.CreateStream(audio.SampleRate))
            {
                ReadOnlySpan<float> rest = audio.Samples.Span;
                for (int i = 0; !rest.IsEmpty; i++)
                {
                    int n = Math.Min(blocks[i % blocks.Length], rest.Length);
                    DecodedNotes got = live.Push(rest[..n]);
                    notes.AddRange(got.Notes);
                    pedals.AddRange(got.Pedals);
                    rest = rest[n..];
                }

                DecodedNotes end = live.Complete();
                notes.AddRange(end.Notes);
                pedals.AddRange(end.Pedals);
            }

            Assert.Equal(offline.Notes, notes.Order(NoteOrder.Instance));
            Assert.Equal(offline.SustainPedal, pedals.OrderBy(p => p.Onset));
        }, iter: 10, threads: 1, seed: Seed);
    }

    /// <summary>A fixed seed keeps CI deterministic; set CsCheck_Seed to explore others.</summary>
    private static string? Seed => Environment.GetEnvironmentVariable("CsCheck_Seed") is { Length: > 0 } s ? s : "0N0XIzNsQ0O2";
}
