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
