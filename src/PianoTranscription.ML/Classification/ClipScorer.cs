using System.Collections.Concurrent;
using Microsoft.ML;

namespace PianoTranscription.ML.Classification;

/// <summary>
/// Scores clip features with a fitted ML.NET model from any number of threads: ML.NET's <c>PredictionEngine</c> is
/// not thread-safe, so each call rents one from a pool (creating one when none is free) and gives it back.
/// </summary>
internal sealed class ClipScorer
{
    private readonly ConcurrentBag<PredictionEngine<ClipRow, ScoreRow>> _idle = [];
    private readonly object _create = new();
    private readonly MLContext _ml;
    private readonly int _labels;
    private readonly int _length;

    public ClipScorer(MLContext ml, ITransformer model, int labels, int length)
    {
        _ml = ml;
        Model = model;
        _labels = labels;
        _length = length;
    }

    public ITransformer Model { get; }

    /// <summary>Each label's probability for one clip (in key order).</summary>
    public float[] Score(float[] features)
    {
        if (!_idle.TryTake(out PredictionEngine<ClipRow, ScoreRow>? engine))
        {
            lock (_create)
            {
                engine = _ml.Model.CreatePredictionEngine<ClipRow, ScoreRow>(Model, inputSchemaDefinition: ClipRow.Schema(_labels, _length));
            }
        }

        try
        {
            float[] score = engine.Predict(new ClipRow { Features = features }).Score.ToArray(); // a copy: the engine may reuse its buffers
            return score.Length == _labels
                ? score
                : throw new InvalidOperationException($"The classifier's model gave {score.Length} scores for {_labels} labels.");
        }
        finally
        {
            _idle.Add(engine);
        }
    }

    /// <summary>The index of the largest value (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>The mean of probability vectors (of non-silent clips).</summary>
    public static float[] Mean(IReadOnlyList<float[]> scores, int labels)
    {
        float[] mean = new float[labels];
        foreach (float[] s in scores)
        {
            for (int i = 0; i < labels; i++)
            {
                mean[i] += s[i] / scores.Count;
            }
        }

        return mean;
    }
}
