using System.Globalization;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

/// <summary>
/// The embedded model's exact output, pinned: the notes and pedal presses of <c>samples/example.wav</c> (file path,
/// and the low-latency live path in 10 ms blocks) and of a 10-minute file, every double written round-trip. A
/// refactor of the pipeline must leave them bit-identical; a new model changes them, and then the fixture is
/// rewritten with <c>PT_UPDATE_GOLDEN=1 dotnet test --filter GoldenNotesTests</c> in the same commit as the model.
/// The engine's arithmetic depends on the CPU's vector instructions (AVX-512, AVX2+FMA, other), so the fixtures are
/// kept per instruction set (AVX-512 and AVX2+FMA are pinned). On a kind without its own fixture (ARM, older x64)
/// the output is compared with a pinned kind's within a tolerance instead — same notes, pitches and velocities, times
/// within 1 ms — and such a machine can pin its own exact fixture with the same command.
/// </summary>
public sealed class GoldenNotesTests
{
    private static string InstructionSet =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? "avx512"
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? "avx2fma"
        : "other";

    private static string GoldenPath(string name, string? kind = null)
    {
        string dir = Path.GetDirectoryName(TranscriptionTestData.ExamplePath)!;
        string root = Path.GetDirectoryName(dir)!;
        return Path.Combine(root, "tests", "PianoTranscription.Tests", "Fixtures", "Golden", kind ?? InstructionSet, name);
    }

    private static string Serialize(IReadOnlyList<Note> notes, IReadOnlyList<PedalInterval> pedals)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# model {AcousticModel.Default.Version}: {notes.Count} notes, {pedals.Count} pedal presses\n");
        foreach (Note n in notes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"note {n.Pitch} {n.Onset:R} {n.Offset:R} {n.Velocity} {n.Confidence:R}\n");
        }

        foreach (PedalInterval p in pedals)
        {
            sb.Append(CultureInfo.InvariantCulture, $"pedal {p.Onset:R} {p.Offset:R} {p.Confidence:R}\n");
        }

        return sb.ToString();
    }

    private static void AssertGolden(string name, string actual)
    {
        string path = GoldenPath(name);
        if (Environment.GetEnvironmentVariable("PT_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        if (!File.Exists(path))
        {
            AssertCloseToAnotherKind(name, actual);
            return;
        }

        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            string[] e = expected.Split('\n');
            string[] a = actual.Split('\n');
            int first = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"{name} differs from the pinned output at line {first + 1}: expected '{(first < e.Length ? e[first] : "<end>")}', got '{(first < a.Length ? a[first] : "<end>")}'");
        }
    }

    /// <summary>No exact fixture for this CPU kind: the same lines as a pinned kind's, numbers within a tolerance.</summary>
    private static void AssertCloseToAnotherKind(string name, string actual)
    {
        string? other = new[] { "avx512", "avx2fma" }.Select(kind => GoldenPath(name, kind))
            .FirstOrDefault(File.Exists);
        Assert.True(other is not null, $"{GoldenPath(name)} is missing and no other instruction set's fixture exists: run the test once with PT_UPDATE_GOLDEN=1");
        string[] e = File.ReadAllText(other!).ReplaceLineEndings("\n").Split('\n');
        string[] a = actual.Split('\n');
        Assert.True(e.Length == a.Length, $"{name}: {a.Length} lines against {e.Length} in {other}");
        for (int i = 0; i < e.Length; i++)
        {
            string[] ef = e[i].Split(' ');
            string[] af = a[i].Split(' ');
            bool same = ef.Length == af.Length && ef[0] == af[0];
            for (int k = 1; same && k < ef.Length; k++)
            {
                // Integers (pitch, velocity, counts) and words must agree; times and confidences within 1e-3.
                same = ef[k] == af[k]
                    || (ef[k].Contains('.', StringComparison.Ordinal) && double.TryParse(ef[k], CultureInfo.InvariantCulture, out double x)
                        && double.TryParse(af[k], CultureInfo.InvariantCulture, out double y) && Math.Abs(x - y) <= 1e-3);
            }

            // A hash of the whole output cannot be compared with a tolerance: its header line (counts) was checked.
            Assert.True(same || ef[0] == "sha256", $"{name} differs from {other} at line {i + 1}: expected '{e[i]}', got '{a[i]}'");
        }
    }

    [Fact]
    public void The_example_file_gives_the_pinned_notes()
    {
        TranscriptionResult r = PianoTranscriber.CreateDefault().Transcribe(TranscriptionTestData.ExamplePath);
        Assert.NotEmpty(r.Notes);
        AssertGolden("example.notes.txt", Serialize(r.Notes, r.SustainPedal));
    }

    [Fact]
    public void The_example_streamed_live_gives_the_pinned_notes()
    {
        AudioClip clip = TranscriptionTestData.ExampleClip;
        using LiveTranscription live = PianoTranscriber.CreateBuilder().WithLowLatency().Build().CreateStream(clip.SampleRate);
        var notes = new List<Note>();
        var pedals = new List<PedalInterval>();
        int block = clip.SampleRate / 100;
        ReadOnlySpan<float> samples = clip.Samples.Span;
        for (int i = 0; i < samples.Length; i += block)
        {
            DecodedNotes d = live.Push(samples.Slice(i, Math.Min(block, samples.Length - i)));
            notes.AddRange(d.Notes);
            pedals.AddRange(d.Pedals);
        }

        DecodedNotes last = live.Complete();
        notes.AddRange(last.Notes);
        pedals.AddRange(last.Pedals);
        AssertGolden("example.live.notes.txt", Serialize(notes, pedals));
    }

    [Fact]
    public void A_ten_minute_file_gives_the_pinned_notes()
    {
        // 40 copies of the 15-second example (44.1 kHz), one after another: 10 minutes through the chunked file path.
        AudioClip clip = TranscriptionTestData.ExampleClip;
        ReadOnlySpan<float> one = clip.Samples.Span;
        float[] tiled = new float[one.Length * 40];
        for (int k = 0; k < 40; k++)
        {
            one.CopyTo(tiled.AsSpan(k * one.Length));
        }

        string wav = Path.Combine(Path.GetTempPath(), $"pt-golden-{Guid.NewGuid():N}.wav");
        try
        {
            AudioClip.FromSamples(tiled, clip.SampleRate).SaveWav(wav, WavSampleFormat.IeeeFloat);
            TranscriptionResult r = PianoTranscriber.CreateDefault().Transcribe(wav);
            Assert.True(r.Duration.TotalMinutes > 9.9, r.Duration.ToString());
            string text = Serialize(r.Notes, r.SustainPedal);
            string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            AssertGolden("ten-minutes.sha256.txt", $"{text.Split('\n')[0]}\nsha256 {hash}\n");
        }
        finally
        {
            File.Delete(wav);
        }
    }
}
