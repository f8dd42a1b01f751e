using PianoTranscription.Inference;

namespace PianoTranscription.Transcription;

/// <summary>
/// Runs the acoustic model on one chunk of frames (with its context) and returns the kept frames as a posteriorgram.
/// It asks the session for exactly the heads of the model's <see cref="ModelContract"/>. Buffers are reused from chunk
/// to chunk (chunks have the same size but the last), so a long transcription does not churn the large-object heap;
/// the returned posteriorgram is valid until the next <see cref="Run"/>.
/// </summary>
internal sealed class ChunkRunner
{
    private readonly IInferenceSession _session;
    private readonly ModelHead[] _heads;
    private readonly int _bins;
    private readonly double _frameRate;
    private readonly double _timeOfFrameZero;
    private readonly float[][] _run = new float[ModelContract.HeadCount][];
    private readonly float[][] _kept = new float[ModelContract.HeadCount][];
    private readonly NamedOutput[] _outputs;

    public ChunkRunner(AcousticModel model, Features.Featurizer featurizer, IInferenceSession session)
    {
        _session = session;
        _heads = [.. model.Contract.Heads];
        _outputs = new NamedOutput[_heads.Length];
        _bins = featurizer.BinCount;
        _frameRate = featurizer.FrameRate;
        _timeOfFrameZero = featurizer.TimeOfFrameZero;
        for (int h = 0; h < ModelContract.HeadCount; h++)
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
        for (int i = 0; i < _heads.Length; i++)
        {
            ModelHead head = _heads[i];
            int stride = ModelContract.ValuesPerFrame(head);
            ref float[] buffer = ref _run[(int)head];
            if (buffer.Length < frames * stride)
            {
                buffer = new float[frames * stride];
            }

            Memory<float> destination = buffer.AsMemory(0, frames * stride);
            Tensor tensor = stride == 1 ? new Tensor(destination, [1, frames]) : new Tensor(destination, [1, frames, stride]);
            _outputs[i] = new NamedOutput(ModelContract.OutputName(head), tensor);
        }

        try
        {
            _session.Run([new NamedInput(ModelContract.InputName, input)], _outputs, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException($"The model's outputs do not follow the contract for {frames} input frames of {_bins} bins: {ex.Message}", ex);
        }

        int from = (int)(keepFrom - first);
        int count = (int)(keepTo - keepFrom);
        var kept = new Dictionary<ModelHead, float[]>(_heads.Length);
        foreach (ModelHead head in _heads)
        {
            kept[head] = Kept(head, from, count);
        }

        return new Posteriorgram(_frameRate, _timeOfFrameZero + (keepFrom / _frameRate), kept);
    }

    private float[] Kept(ModelHead head, int from, int count)
    {
        int stride = ModelContract.ValuesPerFrame(head);
        ref float[] kept = ref _kept[(int)head];
        if (kept.Length != count * stride)
        {
            kept = new float[count * stride];
        }

        _run[(int)head].AsSpan(from * stride, count * stride).CopyTo(kept);
        return kept;
    }
}
