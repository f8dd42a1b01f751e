using PianoTranscription.Audio;
using PianoTranscription.Decoding;
using PianoTranscription.Export;
using PianoTranscription.Transcription;

namespace PianoTranscription.Tests.Transcription;

/// <summary>Notes are sorted once per public result, and a result's export shares its lists instead of copying them.</summary>
public sealed class SortOnceTests
{
    [Fact]
    public void A_transcription_result_is_sorted_and_its_export_shares_its_lists()
    {
        TranscriptionResult result = PianoTranscriber.CreateDefault().Transcribe(TranscriptionTestData.ExampleClip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(4)));

        Assert.NotEmpty(result.Notes);
        Assert.Equal(result.Notes.Order(NoteOrder.Instance), result.Notes);
        Assert.Equal(result.SustainPedal.Order(PedalOrder.Instance), result.SustainPedal);
        TranscriptionExport export = result.ToExport();
        Assert.Same(result.Notes, export.Notes);
        Assert.Same(result.SustainPedal, export.SustainPedal);
    }

    [Fact]
    public void Each_live_push_returns_its_notes_sorted_even_when_several_chunks_decided_them()
    {
        AudioClip clip = TranscriptionTestData.ExampleClip.Slice(TimeSpan.Zero, TimeSpan.FromSeconds(6));
        using LiveTranscription live = PianoTranscriber.CreateBuilder().WithLowLatency().Build().CreateStream(clip.SampleRate);
        var results = new List<DecodedNotes>();
        ReadOnlySpan<float> samples = clip.Samples.Span;
        for (int i = 0; i < samples.Length; i += clip.SampleRate * 2)
        {
            results.Add(live.Push(samples.Slice(i, Math.Min(clip.SampleRate * 2, samples.Length - i))));
        }

        results.Add(live.Complete());

        Assert.Contains(results, r => r.Notes.Count > 1);
        Assert.All(results, r => Assert.Equal(r.Notes.Order(NoteOrder.Instance), r.Notes));
        Assert.All(results, r => Assert.Equal(r.Pedals.Order(PedalOrder.Instance), r.Pedals));
    }

    [Fact]
    public void Public_constructors_copy_and_sort_leaving_the_callers_arrays_alone()
    {
        Note[] notes = [new(64, 1.0, 1.5, 80), new(60, 0.5, 0.9, 70), new(60, 0.5, 0.7, 70)];
        PedalInterval[] pedals = [new(2, 3), new(0.1, 0.5), new(0.1, 0.3)];
        Note[] sortedNotes = [notes[2], notes[1], notes[0]];
        PedalInterval[] sortedPedals = [pedals[2], pedals[1], pedals[0]];

        var result = new TranscriptionResult(notes, pedals, TimeSpan.FromSeconds(4));
        var decoded = new DecodedNotes(notes, pedals);
        var export = new TranscriptionExport(notes, pedals);

        Assert.Equal(64, notes[0].Pitch); // not sorted in place
        notes[0] = notes[1] = notes[2] = default;
        pedals[0] = pedals[1] = pedals[2] = default;
        Assert.Equal(sortedNotes, result.Notes);
        Assert.Equal(sortedPedals, result.SustainPedal);
        Assert.Equal(sortedNotes, decoded.Notes);
        Assert.Equal(sortedPedals, decoded.Pedals);
        Assert.Equal(sortedNotes, result.ToExport().Notes);
        Assert.Equal(new[] { 64, 60, 60 }, export.Notes.Select(n => n.Pitch)); // an export keeps the order it was given
    }
}
