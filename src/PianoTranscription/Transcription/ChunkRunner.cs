using PianoTranscription.Inference;

namespace PianoTranscription.Transcription;

/// <summary>
/// Runs the acoustic model on one chunk of frames (with its context) and returns the kept frames as a posteriorgram.
/// Buffers are reused from chunk to chunk (chunks have the same size but the last), so a long transcription does not
/// churn the large-object heap; the returned posteriorgram is valid until the next <see cref="Run"/>.
/// </summary>
internal sealed class ChunkRunner
{
    private const int Keys = Posteriorgram.KeyCount;
    private const int Heads = 7;
    private static readonly string[] Names = ["onset", "frame", "offset", "velocity", "pedal_onset", "pedal_frame", "pedal_offset"];
    private readonly IInferenceSession _session;
    private readonly bool[] _present;
    private readonly int _bins;
    private readonly double _frameRate;
    private readonly double _timeOfFrameZero;
    private readonly float[][] _run = new float[Heads][];
    private readonly float[][] _kept = new float[Heads][];

    public ChunkRunner(AcousticModel model, Features.Featurizer featurizer, IInferenceSession session)
    {
        _session = session;
        _present = [true, true, model.HasOffset, model.HasVelocity, model.HasPedalOnset, model.HasPedalFrame, model.HasPedalOffset];
        _bins = featurizer.BinCount;
        _frameRate = featurizer.FrameRate;
        _timeOfFrameZero = featurizer.TimeOfFrameZero;
        for (int h = 0; h < Heads; h++)
        {
            _run[h] = [];
            _kept[h] = [];
        }
    }

    /// <summary>
    /// Runs frames <paramref name="first"/>.. (global indices; <paramref name="features"/> holds them frame-major) and
    /// returns the outputs for global frames [<paramref name="keepFrom"/>, <paramref name="keepTo"/>).
    /// </summary>
    public Posteriorgram Run(Memory<float> features, long first, long keepFrom, long keepTo, CancellationToken cancellationToken)
    {
        int frames = features.Length / _bins;
        var input = new Tensor(features, [1, frames, _bins]);
        var outputs = new List<NamedOutput>(Heads);
        for (int h = 0; h < Heads; h++)
        {
            if (!_present[h])
            {
                continue;
            }

            int stride = h < 4 ? Keys : 1;
            if (_run[h].Length < frames * stride)
            {
                _run[h] = new float[frames * stride];
            }

            Memory<float> destination = _run[h].AsMemory(0, frames * stride);
            outputs.Add(new NamedOutput(Names[h], h < 4 ? new Tensor(destination, [1, frames, Keys]) : new Tensor(destination, [1, frames])));
        }

        try
        {
            _session.Run([new NamedInput(AcousticModel.InputName, input)], outputs.ToArray(), cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException($"The model's outputs do not follow the contract for {frames} input frames of {_bins} bins: {ex.Message}", ex);
        }

        int from = (int)(keepFrom - first);
        int count = (int)(keepTo - keepFrom);
        return new Posteriorgram(
            _frameRate,
            _timeOfFrameZero + (keepFrom / _frameRate),
            Kept(0, from, count)!,
            Kept(1, from, count)!,
            Kept(2, from, count),
            Kept(3, from, count),
            Kept(4, from, count),
            Kept(5, from, count),
            Kept(6, from, count));
    }

    private float[]? Kept(int head, int from, int count)
    {
        if (!_present[head])
        {
            return null;
        }

        int stride = head < 4 ? Keys : 1;
        if (_kept[head].Length != count * stride)
        {
            _kept[head] = new float[count * stride];
        }

        _run[head].AsSpan(from * stride, count * stride).CopyTo(_kept[head]);
        return _kept[head];
    }
}
