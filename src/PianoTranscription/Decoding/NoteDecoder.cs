using PianoTranscription.Inference;

namespace PianoTranscription.Decoding;

/// <summary>
/// Turns an acoustic model's <see cref="Posteriorgram"/> into notes and sustain-pedal presses.
/// Immutable and thread-safe: one instance can decode many posteriorgrams at once.
/// </summary>
/// <remarks>
/// The algorithm (see <c>docs/decoding.md</c>): per key, a note starts at a local maximum of the onset head above
/// <see cref="DecoderOptions.OnsetThreshold"/>, placed between frames by fitting the triangular regression peak;
/// it ends at the first of an offset-head peak above <see cref="DecoderOptions.OffsetThreshold"/> (refined the same
/// way), the frame head falling below <see cref="DecoderOptions.FrameThreshold"/> (interpolated), or a re-strike of
/// the key. Decoding is deterministic, and decoding a posteriorgram in blocks with <see cref="CreateStream"/> gives
/// exactly the same notes as decoding it at once.
/// </remarks>
public sealed class NoteDecoder
{
    /// <summary>Creates a decoder.</summary>
    /// <param name="options">Settings; <see cref="DecoderOptions.Default"/> when null.</param>
    public NoteDecoder(DecoderOptions? options = null)
    {
        Options = options ?? DecoderOptions.Default;
    }

    /// <summary>The decoder's settings.</summary>
    public DecoderOptions Options { get; }

    /// <summary>Decodes a whole posteriorgram.</summary>
    /// <param name="posteriorgram">The model outputs.</param>
    /// <returns>Notes sorted by onset then pitch, and pedal presses sorted by onset.</returns>
    /// <exception cref="ArgumentException">A head holds NaN or an infinite value (the message names the head).</exception>
    public DecodedNotes Decode(Posteriorgram posteriorgram)
    {
        ArgumentNullException.ThrowIfNull(posteriorgram);
        var stream = new StreamingNoteDecoder(Options);
        stream.Append(posteriorgram);
        stream.Finish();
        return stream.TakeReady(shareEmpty: false);
    }

    /// <summary>
    /// Starts decoding a stream of consecutive posteriorgram blocks (chunked or live transcription).
    /// </summary>
    /// <returns>A new stream decoder with this decoder's settings.</returns>
    public StreamingNoteDecoder CreateStream() => new(Options);
}
