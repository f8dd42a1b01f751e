namespace PianoTranscription.Features;

/// <summary>A float32 array read from a NumPy <c>.npy</c> file: its shape and its values in C (row-major) order.</summary>
public sealed class NpyArray
{
    /// <summary>The most bins an empty (zero-frame) array may claim: the bins of the largest STFT the featurizer makes.</summary>
    private const int MaxEmptyBins = 32769;

    private readonly int[] _shape;

    internal NpyArray(float[] values, int[] shape)
    {
        Values = values;
        _shape = shape;
    }

    /// <summary>The dimensions, outermost first (e.g. frames, bins).</summary>
    public IReadOnlyList<int> Shape => Array.AsReadOnly(_shape);

    /// <summary>The values in C order (the last index varies fastest).</summary>
    public ReadOnlyMemory<float> Values { get; }

    /// <summary>Interprets a two-dimensional array as a frame-major spectrogram.</summary>
    /// <param name="frameRate">Frames per second.</param>
    /// <param name="binFrequencies">Centre frequency of each bin, or null.</param>
    /// <returns>A spectrogram holding a copy of the values.</returns>
    /// <exception cref="InvalidOperationException">The array is not two-dimensional, has no bins, or is empty yet claims more than 32 769 bins.</exception>
    public Spectrogram ToSpectrogram(double frameRate, IReadOnlyList<double>? binFrequencies = null)
    {
        if (_shape.Length != 2)
        {
            throw new InvalidOperationException($"A spectrogram needs a two-dimensional array; this one has {_shape.Length} dimensions.");
        }

        if (_shape[1] < 1)
        {
            throw new InvalidOperationException($"A spectrogram needs at least one bin; this array's shape is ({_shape[0]}, {_shape[1]}).");
        }

        // With frames, the values bound the bin count; an empty array's header alone could ask for billions of bins.
        if (_shape[0] == 0 && _shape[1] > MaxEmptyBins)
        {
            throw new InvalidOperationException($"An empty array claims {_shape[1]} bins; a spectrogram has at most {MaxEmptyBins} (a 65 536-point STFT).");
        }

        return Spectrogram.Create(Values.Span, _shape[0], _shape[1], frameRate, binFrequencies);
    }
}
