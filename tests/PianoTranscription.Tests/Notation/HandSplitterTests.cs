using PianoTranscription.Decoding;
using PianoTranscription.Notation;
using PianoTranscription.NotationEval;

namespace PianoTranscription.Tests.Notation;

public class HandSplitterTests
{
    [Fact]
    public void Generated_two_hand_pieces_are_split_mostly_as_written_and_better_than_a_fixed_split()
    {
        int agree = 0, fixedAgree = 0, total = 0;
        for (int seed = 1; seed <= 10; seed++)
        {
            (List<Note> notes, List<Hand> hands) = TwoHandGenerator.Piece(seed);
            Hand[] estimate = new HandSplitter().Split(notes);
            for (int i = 0; i < notes.Count; i++)
            {
                agree += estimate[i] == hands[i] ? 1 : 0;
                fixedAgree += (notes[i].Pitch < 60 ? Hand.Left : Hand.Right) == hands[i] ? 1 : 0;
            }

            total += notes.Count;
        }

        double share = agree / (double)total, fixedShare = fixedAgree / (double)total;
        Assert.True(share >= 0.86, $"agreement {share:0.000}");
        Assert.True(share > fixedShare + 0.03, $"agreement {share:0.000} vs fixed split {fixedShare:0.000}");
    }

    [Theory]
    [InlineData(nameof(HandSplitterOptions.ReleaseMargin), double.NaN)]
    [InlineData(nameof(HandSplitterOptions.BusyCost), -1)]
    [InlineData(nameof(HandSplitterOptions.ChordWindow), double.PositiveInfinity)]
    [InlineData(nameof(HandSplitterOptions.RestTime), 0)]
    public void Unusable_options_are_refused_naming_the_option(string name, double value)
    {
        HandSplitterOptions o = name switch
        {
            nameof(HandSplitterOptions.ReleaseMargin) => HandSplitterOptions.Default with { ReleaseMargin = value },
            nameof(HandSplitterOptions.BusyCost) => HandSplitterOptions.Default with { BusyCost = value },
            nameof(HandSplitterOptions.ChordWindow) => HandSplitterOptions.Default with { ChordWindow = value },
            _ => HandSplitterOptions.Default with { RestTime = value },
        };

        ArgumentException e = Assert.Throws<ArgumentException>(() => new HandSplitter(o));
        Assert.Contains(name, e.Message);
        Assert.Throws<ArgumentException>(() => new HandSplitter(HandSplitterOptions.Default with { LeftHome = 12 }));
        Assert.Throws<ArgumentException>(() => ScoreBuilder.Build([new(60, 0, 1, 80)], ScoreOptions.Default with { Hands = o }));
        _ = new HandSplitter(HandSplitterOptions.Default with { ReleaseMargin = 0, CrossingCost = 0 }); // zeros are fine
    }

    [Fact]
    public void A_chord_wider_than_a_hand_is_split_between_the_hands()
    {
        Note[] notes = [new(36, 0, 1, 80), new(43, 0, 1, 80), new(64, 0, 1, 80), new(67, 0, 1, 80), new(72, 0, 1, 80)];
        Hand[] hands = new HandSplitter().Split(notes);
        Assert.Equal([Hand.Left, Hand.Left, Hand.Right, Hand.Right, Hand.Right], hands);
    }

    [Fact]
    public void A_melody_that_dips_below_middle_c_stays_in_the_right_hand()
    {
        // Right hand walks down 67..57 in eighths over a left-hand bass that repeats C2-G2.
        var notes = new List<Note>();
        for (int i = 0; i < 11; i++)
        {
            notes.Add(new Note(67 - i, i * 0.25, (i * 0.25) + 0.24, 80));
            notes.Add(new Note(i % 2 == 0 ? 36 : 43, i * 0.25, (i * 0.25) + 0.24, 70));
        }

        Hand[] hands = new HandSplitter().Split(notes);
        for (int i = 0; i < notes.Count; i++)
        {
            Assert.Equal(notes[i].Pitch >= 57 ? Hand.Right : Hand.Left, hands[i]);
        }
    }

    [Fact]
    public void A_free_hand_takes_a_new_note_rather_than_a_hand_still_holding_one()
    {
        // The right hand holds E4 for two seconds; the left hand's A2 has ended when B♭3 comes. B♭3 is nearer the
        // right hand's register, but the free left hand plays it.
        Note[] notes = [new(45, 0, 0.4, 70), new(64, 0, 2, 80), new(58, 0.5, 0.9, 70)];
        Assert.Equal(Hand.Left, new HandSplitter().Split(notes)[2]);
        Assert.Equal(Hand.Right, new HandSplitter(HandSplitterOptions.Default with { BusyCost = 0 }).Split(notes)[2]);
    }

    [Fact]
    public void No_notes_give_no_hands_and_bad_times_are_refused()
    {
        Assert.Empty(new HandSplitter().Split([]));
        Assert.Throws<ArgumentException>(() => new HandSplitter().Split([new Note(60, 0, double.PositiveInfinity, 80)]));
    }
}
