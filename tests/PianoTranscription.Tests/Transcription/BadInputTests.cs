using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Tests.Audio;
using PianoTranscription.Tests.Infrastructure;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-transcribe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Silence_gives_a_well_formed_result_without_notes_beyond_the_audio()
    {
        var t = PianoTranscriber.CreateDefault();
        TranscriptionResult r = t.Transcribe(new float[16000 * 3], 16000);
        Assert.Equal(TimeSpan.FromSeconds(3), r.Duration);
        Assert.All(r.Notes, n => Assert.True(n.Onset >= 0 && n.Onset <= 3.0 && n.Offset <= 3.0 + 0.05 && n.Onset < n.Offset, n.ToString()));

        // The pipeline adds nothing of its own: silence gives what one pass of the model over silence gives.
        Assert.Equal(TranscriptionTestData.OnePass(AudioClip.FromSamples(new float[16000 * 3], 16000)).Notes, r.Notes);
    }

    [Fact]
    public void Empty_and_tiny_inputs_do_not_crash()
    {
        var t = PianoTranscriber.CreateBuilder().WithChunking(TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(0.3)).Build();
        foreach (int n in new[] { 0, 1, 319, 320, 321, 1024, 2049 })
        {
            TranscriptionResult r = t.Transcribe(new float[n], 16000);
            Assert.Equal((double)n / 16000, r.Duration.TotalSeconds, 9);
            Assert.Equal(TranscriptionTestData.OnePass(AudioClip.FromSamples(new float[n], 16000)).Notes, r.Notes);
        }
    }

    [Fact]
    public void Nan_and_infinite_samples_are_argument_errors_naming_the_sample()
    {
        var t = PianoTranscriber.CreateDefault();
        float[] samples = new float[40000];
        samples[33333] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => t.Transcribe(samples, 16000));
        Assert.Contains("Sample 33333 is NaN", ex.Message, StringComparison.Ordinal);
        samples[33333] = float.PositiveInfinity;
        Assert.Contains("infinite", Assert.Throws<ArgumentException>(() => t.Transcribe(AudioClip.FromSamples(samples, 22050))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Transcribe(new float[10], 0));
    }

    [Fact]
    public void A_float_wav_with_nan_is_an_audio_format_error_unless_asked_to_replace_it()
    {
        float[] samples = new float[20000];
        samples[12345] = float.NaN;
        string path = Path.Combine(_dir, "nan.wav");
        AudioClip.FromSamples(samples, 16000).SaveWav(path, WavSampleFormat.IeeeFloat);
        var ex = Assert.Throws<AudioFormatException>(() => PianoTranscriber.CreateDefault().Transcribe(path));
        Assert.Contains("sample frame 12345 is NaN", ex.Message, StringComparison.Ordinal);

        var lenient = PianoTranscriber.CreateBuilder().WithAudioLoadOptions(AudioLoadOptions.Default with { NonFiniteSamples = NonFiniteSampleHandling.ReplaceWithZero }).Build();
        Assert.Equal(TimeSpan.FromSeconds(20000 / 16000.0), lenient.Transcribe(path).Duration);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("text")]
    [InlineData("truncated-header")]
    [InlineData("adpcm")]
    public void Corrupt_wav_files_are_audio_format_errors(string kind)
    {
        string path = Path.Combine(_dir, kind + ".wav");
        byte[] bytes = kind switch
        {
            "empty" => [],
            "text" => "this is not audio at all, just text"u8.ToArray(),
            "truncated-header" => File.ReadAllBytes(TranscriptionTestData.ExamplePath)[..30],
            _ => WavBuilder.Simple(2, 1, 8000, 4, new byte[16]),
        };
        File.WriteAllBytes(path, bytes);
        var t = PianoTranscriber.CreateDefault();
        Assert.Throws<AudioFormatException>(() => t.Transcribe(path));
        Assert.Throws<AudioFormatException>(() => t.Transcribe(new MemoryStream(bytes)));
    }

    [Fact]
    public void A_missing_file_is_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => PianoTranscriber.CreateDefault().Transcribe(Path.Combine(_dir, "nothing.wav")));
    }

    [Fact]
    public void A_wav_cut_short_is_transcribed_up_to_where_it_ends()
    {
        byte[] bytes = File.ReadAllBytes(TranscriptionTestData.ExamplePath);
        int keep = 44 + (44100 * 2 * 3) + 1; // 3 s and an odd byte; the header still claims 14.9 s
        string path = Path.Combine(_dir, "cut.wav");
        File.WriteAllBytes(path, bytes[..keep]);
        TranscriptionResult r = PianoTranscriber.CreateDefault().Transcribe(path);
        Assert.Equal(3.0, r.Duration.TotalSeconds, 6);
    }

    [Fact]
    public void Live_stream_returns_each_note_once_and_all_of_them_equal_the_offline_result()
    {
        var t = PianoTranscriber.CreateBuilder().WithChunking(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.25)).Build();
        AudioClip clip = TranscriptionTestData.ExampleClip;
        var notes = new List<Note>();
        var pedals = new List<PedalInterval>();
        var rng = new Random(7);
        using (LiveTranscription live = t.CreateStream(clip.SampleRate))
        {
            ReadOnlySpan<float> s = clip.Samples.Span;
            int pos = 0;
            int pushesWithNotes = 0;
            while (pos < s.Length)
            {
                int n = Math.Min(rng.Next(1, 9000), s.Length - pos);
                DecodedNotes d = live.Push(s.Slice(pos, n));
                pushesWithNotes += d.Notes.Count > 0 ? 1 : 0;
                notes.AddRange(d.Notes);
                pedals.AddRange(d.Pedals);
                pos += n;
            }

            Assert.Equal(clip.Length, live.SamplesPushed);
            DecodedNotes rest = live.Complete();
            notes.AddRange(rest.Notes);
            pedals.AddRange(rest.Pedals);
            Assert.True(live.IsCompleted);
            Assert.Throws<InvalidOperationException>(() => live.Push(new float[10]));
            Assert.True(pushesWithNotes > 1 || notes.Count - rest.Notes.Count == 0, "notes arrive while pushing, not only at the end");
        }

        var all = new DecodedNotes(notes, pedals);
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Notes, all.Notes);
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Pedals, all.Pedals);
    }
}

/// <summary>Formats other than WAV go through ffmpeg; lossless ones give the WAV's notes.</summary>
public sealed class FfmpegInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-transcribe-ffmpeg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ToolFact("ffmpeg")]
    public async Task A_flac_file_gives_the_same_notes_as_the_wav()
    {
        string flac = Path.Combine(_dir, "example.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-i", TranscriptionTestData.ExamplePath, "-c:a", "flac", flac);
        var progress = new TranscriptionTestData.RecordingProgress();
        TranscriptionResult r = await PianoTranscriber.CreateDefault().TranscribeAsync(flac, progress);
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Notes, r.Notes);
        Assert.Equal(flac, r.SourceFile);
        Assert.Equal(1.0, progress.Reports[^1].Fraction);
    }
}

public sealed class LiveAsyncTests
{
    [Fact]
    public async Task Async_live_enumeration_yields_the_offline_notes()
    {
        var t = PianoTranscriber.CreateBuilder().WithChunking(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.25)).Build();
        AudioClip clip = TranscriptionTestData.ExampleClip;
        var notes = new List<Note>();
        var pedals = new List<PedalInterval>();
        int batches = 0;
        await foreach (DecodedNotes d in t.TranscribeLiveAsync(Blocks(clip.Samples, 4410), clip.SampleRate))
        {
            Assert.True(d.Notes.Count + d.Pedals.Count > 0);
            batches++;
            notes.AddRange(d.Notes);
            pedals.AddRange(d.Pedals);
        }

        Assert.True(batches > 1);
        var all = new DecodedNotes(notes, pedals);
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Notes, all.Notes);
        Assert.Equal(TranscriptionTestData.ExampleOnePass.Pedals, all.Pedals);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<float>> Blocks(ReadOnlyMemory<float> samples, int size)
    {
        for (int i = 0; i < samples.Length; i += size)
        {
            await Task.Yield();
            yield return samples.Slice(i, Math.Min(size, samples.Length - i));
        }
    }
}

public sealed class FfmpegFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-transcribe-ffmpeg-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_missing_ffmpeg_is_an_audio_format_error_with_the_fix()
    {
        string path = Path.Combine(_dir, "x.ogg");
        File.WriteAllBytes(path, [.. "OggS"u8, .. new byte[60]]);
        var t = PianoTranscriber.CreateBuilder().WithAudioLoadOptions(AudioLoadOptions.Default with { FfmpegPath = Path.Combine(_dir, "no-ffmpeg-here") }).Build();
        Assert.Contains("install ffmpeg", Assert.Throws<AudioFormatException>(() => t.Transcribe(path)).Message, StringComparison.Ordinal);
    }

    [ToolFact("ffmpeg")]
    public void A_corrupt_flac_is_an_audio_format_error()
    {
        string flac = Path.Combine(_dir, "example.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-i", TranscriptionTestData.ExamplePath, "-c:a", "flac", flac);
        byte[] bytes = File.ReadAllBytes(flac);
        string broken = Path.Combine(_dir, "broken.flac");
        File.WriteAllBytes(broken, bytes[..64]);
        Assert.Throws<AudioFormatException>(() => PianoTranscriber.CreateDefault().Transcribe(broken));
    }

    [ToolFact("ffmpeg")]
    public async Task Cancelling_an_ffmpeg_transcription_stops_it()
    {
        string flac = Path.Combine(_dir, "example.flac");
        ExternalTool.Run("ffmpeg", "-v", "error", "-i", TranscriptionTestData.ExamplePath, "-c:a", "flac", flac);
        using var cts = new CancellationTokenSource();
        var progress = new CancelOnReport(cts);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PianoTranscriber.CreateDefault().TranscribeAsync(flac, progress, cts.Token));
    }

    private sealed class CancelOnReport(CancellationTokenSource cts) : IProgress<TranscriptionProgress>
    {
        public void Report(TranscriptionProgress value) => cts.Cancel();
    }
}
