using PianoTranscription.Decoding;

namespace PianoTranscription.Tests.Decoding;

public class SustainExtensionTests
{
    [Fact]
    public void Notes_released_under_the_pedal_last_until_the_pedal_is_released()
    {
        Note[] notes = [new(60, 1.0, 1.5, 80), new(64, 0.2, 0.4, 80), new(67, 1.2, 3.5, 80)];
        PedalInterval[] pedal = [new(1.1, 2.0)];

        Note[] result = SustainExtension.Apply(notes, pedal);

        Assert.Equal(2.0, result[0].Offset);   // released at 1.5 while the pedal is down
        Assert.Equal(0.4, result[1].Offset);   // released before the pedal
        Assert.Equal(3.5, result[2].Offset);   // released after the pedal
        Assert.Equal(notes.Select(n => n.Onset), result.Select(n => n.Onset));
    }

    [Fact]
    public void A_restrike_of_the_key_ends_the_sustained_note()
    {
        Note[] notes = [new(60, 1.0, 1.2, 80), new(60, 1.6, 1.7, 70)];
        PedalInterval[] pedal = [new(0.5, 3.0)];

        Note[] result = SustainExtension.Apply(notes, pedal);

        Assert.Equal(1.6, result[0].Offset);
        Assert.Equal(3.0, result[1].Offset);
    }

    [Fact]
    public void A_release_exactly_at_pedal_up_is_not_extended_and_no_pedal_changes_nothing()
    {
        Note[] notes = [new(60, 1.0, 2.0, 80)];
        Assert.Equal(2.0, SustainExtension.Apply(notes, [new PedalInterval(1.5, 2.0)])[0].Offset);
        Assert.Equal(notes, SustainExtension.Apply(notes, []));
    }
}

public class SustainExtensionFixtureTests
{
    [Fact]
    public void Extension_equals_the_field_scripts_sustain_reading_of_a_midi_file()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Evaluation", "sustain_extension.json");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        static List<Note> Read(System.Text.Json.JsonElement list) => list.EnumerateArray()
            .Select(n => new Note(n[2].GetInt32(), n[0].GetDouble(), n[1].GetDouble(), n[3].GetInt32()))
            .ToList();
        List<Note> raw = Read(doc.RootElement.GetProperty("notes"));
        List<PedalInterval> pedals = doc.RootElement.GetProperty("pedals").EnumerateArray()
            .Select(p => new PedalInterval(p[0].GetDouble(), p[1].GetDouble()))
            .ToList();
        List<Note> expected = Read(doc.RootElement.GetProperty("expected")).OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList();

        List<Note> actual = SustainExtension.Apply(raw, pedals).OrderBy(n => n.Onset).ThenBy(n => n.Pitch).ToList();

        Assert.Equal(expected.Count, actual.Count);
        int extended = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Pitch, actual[i].Pitch);
            Assert.Equal(expected[i].Onset, actual[i].Onset, 9);
            Assert.True(Math.Abs(expected[i].Offset - actual[i].Offset) < 1e-9, $"note {i} ({expected[i]}): offset {actual[i].Offset}");
            extended += actual[i].Offset > raw.First(n => n.Onset == actual[i].Onset && n.Pitch == actual[i].Pitch).Offset + 1e-9 ? 1 : 0;
        }

        Assert.True(extended > 20, $"only {extended} notes were extended; the fixture should exercise the pedal");
    }
}
