namespace PianoTranscription.Inference;

/// <summary>
/// One output head of a piano acoustic model. <see cref="ModelContract"/> names each head's ONNX output and shape;
/// <see cref="Posteriorgram"/> holds the values by head.
/// </summary>
public enum ModelHead
{
    /// <summary>Note onset regression, <c>[1, frames, 88]</c>, output <c>"onset"</c> (required).</summary>
    Onset,

    /// <summary>Key sounding, <c>[1, frames, 88]</c>, output <c>"frame"</c> (required).</summary>
    Frame,

    /// <summary>Note offset regression, <c>[1, frames, 88]</c>, output <c>"offset"</c> (optional).</summary>
    Offset,

    /// <summary>Note velocity / 127, <c>[1, frames, 88]</c>, output <c>"velocity"</c> (optional).</summary>
    Velocity,

    /// <summary>Sustain pedal down regression, <c>[1, frames]</c>, output <c>"pedal_onset"</c> (optional).</summary>
    PedalOnset,

    /// <summary>Sustain pedal held, <c>[1, frames]</c>, output <c>"pedal_frame"</c> (optional).</summary>
    PedalFrame,

    /// <summary>Sustain pedal up regression, <c>[1, frames]</c>, output <c>"pedal_offset"</c> (optional).</summary>
    PedalOffset,
}
