using System.Text.Json;
using PianoTranscription.Analysis;
using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Midi;
using PianoTranscription.Tests.Transcription;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Cli;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pt-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_note_file_and_a_recording_get_the_key_the_library_estimates()
    {
        IReadOnlyList<Note> reference = MidiNotes.Read(TranscriptionTestData.ExampleMidiPath).Notes;
        Key expected = new KeyEstimator().Estimate(reference)!.Key;

        // The same piece two semitones up: the key moves with it.
        string up = Path.Combine(_dir, "up.mid");
        MidiNotes.Write(up, reference.Select(n => n with { Pitch = n.Pitch + 2 }).ToArray(), []);

        (int code, string stdout, string stderr) = CliProcess.Run("analyze", TranscriptionTestData.ExampleMidiPath, up, TranscriptionTestData.ExamplePath, "--json");
        Assert.True(code == 0, stderr);
        JsonElement[] rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.Equal(expected.ToLabel(), rows[0].GetProperty("key").GetString());
        Assert.Equal(reference.Count, rows[0].GetProperty("notes").GetInt32());
        Assert.Equal(expected.Transpose(2).ToLabel(), rows[1].GetProperty("key").GetString());

        Key fromAudio = new KeyEstimator().Estimate(PianoTranscriber.CreateDefault().Transcribe(TranscriptionTestData.ExamplePath).Notes)!.Key;
        Assert.Equal(fromAudio.ToLabel(), rows[2].GetProperty("key").GetString());
        Assert.True(rows[2].GetProperty("segments").GetArrayLength() >= 1);

        (code, stdout, _) = CliProcess.Run("analyze", TranscriptionTestData.ExampleMidiPath);
        Assert.Equal(0, code);
        Assert.Contains($": {expected.Name} (confidence ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_one_line_and_exit_code_2()
    {
        (int code, _, string stderr) = CliProcess.Run("analyze", Path.Combine(_dir, "nope.wav"));
        Assert.Equal(2, code);
        Assert.Contains("nope.wav", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_recording_gets_piano_detection_and_instruments_as_the_library_finds_them()
    {
        PianoDetection piano = PianoDetector.Default.Detect(AudioClip.Load(TranscriptionTestData.ExamplePath, AudioLoadOptions.Default with { SampleRate = 16000 }));

        (int code, string stdout, string stderr) = CliProcess.Run("analyze", TranscriptionTestData.ExamplePath, "--what", "piano,instruments", "--json");
        Assert.True(code == 0, stderr);
        JsonElement row = JsonDocument.Parse(stdout).RootElement;
        Assert.False(row.TryGetProperty("key", out _)); // not asked for: no transcription
        JsonElement p = row.GetProperty("piano");
        Assert.Equal("solo_piano", p.GetProperty("class").GetString());
        Assert.Equal(piano.Probabilities!.Value.SoloPiano, p.GetProperty("probabilities").GetProperty("solo_piano").GetDouble(), 3);
        Assert.Equal(piano.Segments.Count, p.GetProperty("segments").GetArrayLength());
        JsonElement instruments = row.GetProperty("instruments");
        Assert.Equal("piano", instruments.GetProperty("predominant").GetString());
        Assert.Contains("piano", instruments.GetProperty("present").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(12, instruments.GetProperty("probabilities").EnumerateObject().Count());

        (code, stdout, _) = CliProcess.Run("analyze", TranscriptionTestData.ExamplePath, "--what", "piano,instruments");
        Assert.Equal(0, code);
        Assert.Contains("piano        solo piano (solo ", stdout, StringComparison.Ordinal);
        Assert.Contains("instruments  Piano ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_analysis_is_one_line_and_exit_code_2()
    {
        (int code, _, string stderr) = CliProcess.Run("analyze", TranscriptionTestData.ExamplePath, "--what", "piano,tempo");
        Assert.Equal(2, code);
        Assert.Contains("'tempo' is not an analysis", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
