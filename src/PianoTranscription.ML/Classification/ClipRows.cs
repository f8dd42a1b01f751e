using Microsoft.ML;
using Microsoft.ML.Data;

namespace PianoTranscription.ML.Classification;

/// <summary>
/// The rows an <see cref="AudioClassifier"/>'s ML.NET model reads: a key-typed label (the label's 0-based index: ML.NET
/// maps an enumerable's key property from 0, not from 1 as keys are stored; ignored at prediction) and the clip's
/// feature vector; and what it writes, the score of each label.
/// </summary>
internal sealed class ClipRow
{
    public uint Label { get; set; }

    public float[] Features { get; set; } = [];

    /// <summary>The schema of the rows: the label as a key over <paramref name="labels"/> values, the features as a vector of <paramref name="length"/>.</summary>
    public static SchemaDefinition Schema(int labels, int length)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(ClipRow));
        schema[nameof(Label)].ColumnType = new KeyDataViewType(typeof(uint), labels);
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, length);
        return schema;
    }
}

/// <summary>A multiclass model's output: one probability per label, in key order.</summary>
internal sealed class ScoreRow
{
    public float[] Score { get; set; } = [];
}

/// <summary>Builds the estimator (normalisation, then the trainer) and fits it on rows.</summary>
internal static class ClipModel
{
    public static IEstimator<ITransformer> Estimator(MLContext ml, AudioClassifierOptions options)
    {
        IEstimator<ITransformer> trainer = options.CustomTrainer?.Invoke(ml) ?? options.Trainer switch
        {
            ClassifierTrainer.Sdca => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = nameof(ClipRow.Label),
                FeatureColumnName = nameof(ClipRow.Features),
                NumberOfThreads = 1, // one thread keeps SDCA deterministic for a seed
            }),
            _ => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(nameof(ClipRow.Label), nameof(ClipRow.Features)),
        };
        // fixZero: false centres each feature as well as scaling it (ML.NET only scales by default, to keep sparse data sparse;
        // these vectors are dense, and uncentred features with a small spread become huge and stall the trainer).
        return ml.Transforms.NormalizeMeanVariance(nameof(ClipRow.Features), fixZero: false).Append(trainer);
    }

    public static string TrainerName(AudioClassifierOptions options) =>
        options.CustomTrainer is null ? options.Trainer.ToString() : "custom";

    public static ITransformer Fit(MLContext ml, AudioClassifierOptions options, IEnumerable<ClipRow> rows, int labels, int length) =>
        Estimator(ml, options).Fit(ml.Data.LoadFromEnumerable(rows, ClipRow.Schema(labels, length)));
}
