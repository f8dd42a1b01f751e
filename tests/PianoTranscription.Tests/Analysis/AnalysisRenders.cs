using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Tests.Transcription;

namespace PianoTranscription.Tests.Analysis;

/// <summary>
/// Real renders for the analysis tests: the example piece (samples/example.mid) played by one General MIDI program
/// of the sf_GMbank SoundFont with FluidSynth. sf_GMbank is the analysis models' development bank: never trained on, so
/// these are unseen timbres, and not part of the held-out split either, so gating a candidate model on these tests
/// (training/analysis/gate.py) does not tune it on what docs/analysis.md reports as held out. Renders are cached per
/// process.
/// </summary>
internal static class AnalysisRenders
{
    public const string SoundFont = "/usr/share/sounds/sf2/sf_GMbank.sf2";
    private static readonly Dictionary<(int, int, int), AudioClip> Cache = [];
    private static readonly string Dir = Directory.CreateTempSubdirectory("pt-analysis-renders-").FullName;

    /// <summary>The first <paramref name="seconds"/> of the example with GM <paramref name="program"/> (channel 10 drums when <paramref name="channel"/> is 9), transposed by <paramref name="transpose"/>.</summary>
    public static AudioClip Render(int program, int transpose = 0, int channel = 0, double seconds = 9)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((program, transpose, channel), out AudioClip? cached))
            {
                return cached.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(seconds));
            }

            Assert.True(File.Exists(SoundFont), $"{SoundFont} is missing (apt-get install csound-soundfont; .ci/run installs it)");
            IReadOnlyList<Note> notes = MidiNotes.Read(TranscriptionTestData.ExampleMidiPath).Notes;
            Note[] moved = channel == 9
                ? notes.Select((n, i) => n with { Pitch = new[] { 36, 42, 38, 42 }[i % 4] }).ToArray()
                : notes.Select(n => n with { Pitch = n.Pitch + transpose }).Where(n => n.Pitch is >= 21 and <= 108).ToArray();
            string mid = Path.Combine(Dir, $"p{program}_t{transpose}_c{channel}.mid");
            string wav = Path.ChangeExtension(mid, ".wav");
            MidiNotes.Write(mid, moved, [], new MidiWriteOptions { Program = program, Channel = channel });
            ExternalTool.Run("fluidsynth", "-ni", "-q", "-g", "0.5", "-R", "0", "-C", "0", "-F", wav, "-r", "16000", SoundFont, mid);
            AudioClip clip = AudioClip.Load(wav);
            Cache[(program, transpose, channel)] = clip;
            return clip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(seconds));
        }
    }

    /// <summary>The sum of two clips (as long as the shorter), each scaled.</summary>
    public static AudioClip Mix(AudioClip a, double gainA, AudioClip b, double gainB)
    {
        int n = Math.Min(a.Length, b.Length);
        var mix = new float[n];
        ReadOnlySpan<float> x = a.Samples.Span;
        ReadOnlySpan<float> y = b.Samples.Span;
        for (int i = 0; i < n; i++)
        {
            mix[i] = (float)((gainA * x[i]) + (gainB * y[i]));
        }

        return AudioClip.FromSamples(mix, a.SampleRate);
    }

    /// <summary>The clip with every sample multiplied by <paramref name="gain"/>.</summary>
    public static AudioClip Scale(AudioClip clip, double gain) => AudioClip.FromSamples(clip.Samples.Span.ToArray().Select(s => (float)(s * gain)).ToArray(), clip.SampleRate);
}
