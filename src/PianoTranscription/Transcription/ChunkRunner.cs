using PianoTranscription.Inference;

namespace PianoTranscription.Transcription;

/// <summary>Runs the acoustic model on one chunk of frames (with its context) and returns the kept frames as a posteriorgram.</summary>
internal sealed class ChunkRunner
{
    private const int Keys = Posteriorgram.KeyCount;
    private readonly AcousticModel _model;
    private readonly IInferenceSession _session;
    private readonly int _bins;
    private readonly double _frameRate;
    private readonly double _timeOfFrameZero;

    public ChunkRunner(AcousticModel model, IInferenceSession session)
    {
        _model = model;
        _session = session;
        _bins = model.Featurizer.BinCount;
        _frameRate = model.Featurizer.FrameRate;
        _timeOfFrameZero = model.Featurizer.TimeOfFrameZero;
    }

    /// <summary>
    /// Runs frames <paramref name="first"/>.. (global indices; <paramref name="features"/> holds them frame-major) and
    /// returns the outputs for global frames [<paramref name="keepFrom"/>, <paramref name="keepTo"/>).
    /// </summary>
    public Posteriorgram Run(Memory<float> features, long first, long keepFrom, long keepTo, CancellationToken cancellationToken)
    {
        int frames = features.Length / _bins;
        var input = new Tensor(features, [1, frames, _bins]);
        float[] onset = new float[frames * Keys];
        float[] frame = new float[frames * Keys];
        float[]? offset = _model.HasOffset ? new float[frames * Keys] : null;
        float[]? velocity = _model.HasVelocity ? new float[frames * Keys] : null;
        float[]? pedalOnset = _model.HasPedalOnset ? new float[frames] : null;
        float[]? pedalFrame = _model.HasPedalFrame ? new float[frames] : null;
        float[]? pedalOffset = _model.HasPedalOffset ? new float[frames] : null;
        var outputs = new List<NamedOutput>(7)
        {
            new("onset", new Tensor(onset, 1, frames, Keys)),
            new("frame", new Tensor(frame, 1, frames, Keys)),
        };
        AddIf(outputs, "offset", offset, 1, frames, Keys);
        AddIf(outputs, "velocity", velocity, 1, frames, Keys);
        AddIf(outputs, "pedal_onset", pedalOnset, 1, frames);
        AddIf(outputs, "pedal_frame", pedalFrame, 1, frames);
        AddIf(outputs, "pedal_offset", pedalOffset, 1, frames);
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
            Slice(onset, from, count, Keys)!,
            Slice(frame, from, count, Keys)!,
            Slice(offset, from, count, Keys),
            Slice(velocity, from, count, Keys),
            Slice(pedalOnset, from, count, 1),
            Slice(pedalFrame, from, count, 1),
            Slice(pedalOffset, from, count, 1));
    }

    private static void AddIf(List<NamedOutput> outputs, string name, float[]? buffer, params int[] shape)
    {
        if (buffer is not null)
        {
            outputs.Add(new NamedOutput(name, new Tensor(buffer, shape)));
        }
    }

    private static float[]? Slice(float[]? values, int from, int count, int stride) =>
        values?.AsSpan(from * stride, count * stride).ToArray();
}
