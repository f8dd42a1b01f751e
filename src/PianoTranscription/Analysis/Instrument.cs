namespace PianoTranscription.Analysis;

/// <summary>The instruments an <see cref="InstrumentRecognizer"/> recognises (the order of its model's outputs).</summary>
public enum Instrument
{
    /// <summary>Electric bass guitar.</summary>
    ElectricBass,

    /// <summary>Cello.</summary>
    Cello,

    /// <summary>A drum kit (or other drums).</summary>
    Drums,

    /// <summary>Flute.</summary>
    Flute,

    /// <summary>Acoustic guitar (nylon or steel strings).</summary>
    AcousticGuitar,

    /// <summary>Electric guitar (clean, muted, overdriven or distorted).</summary>
    ElectricGuitar,

    /// <summary>Organ (drawbar, percussive, rock or church).</summary>
    Organ,

    /// <summary>Acoustic piano.</summary>
    Piano,

    /// <summary>Saxophone (soprano, alto, tenor or baritone).</summary>
    Saxophone,

    /// <summary>Trumpet.</summary>
    Trumpet,

    /// <summary>Violin.</summary>
    Violin,

    /// <summary>Human voice (singing or speech).</summary>
    Voice,
}
