using System.Globalization;

namespace PianoTranscription.Analysis;

/// <summary>The probabilities of the three <see cref="PianoPresence"/> classes (summing to 1).</summary>
/// <param name="SoloPiano">Probability of a piano and nothing else.</param>
/// <param name="PianoWithOthers">Probability of a piano with other instruments or voices.</param>
/// <param name="NoPiano">Probability of no piano.</param>
public readonly record struct PianoProbabilities(double SoloPiano, double PianoWithOthers, double NoPiano)
{
    /// <summary>The most probable class (never <see cref="PianoPresence.Silence"/>).</summary>
    public PianoPresence MostLikely =>
        SoloPiano >= PianoWithOthers && SoloPiano >= NoPiano ? PianoPresence.SoloPiano
        : PianoWithOthers >= NoPiano ? PianoPresence.PianoWithOthers
        : PianoPresence.NoPiano;

    /// <summary>The probability that a piano is present at all: <see cref="SoloPiano"/> + <see cref="PianoWithOthers"/>.</summary>
    public double AnyPiano => SoloPiano + PianoWithOthers;

    /// <summary>The three probabilities, e.g. "solo 0.91, with others 0.07, none 0.02".</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"solo {SoloPiano:0.00}, with others {PianoWithOthers:0.00}, none {NoPiano:0.00}");
}
