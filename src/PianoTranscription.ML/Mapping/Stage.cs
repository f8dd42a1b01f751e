using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PianoTranscription.ML.Mapping;

/// <summary>
/// Builds one stage as a chain of ML.NET's own saveable transforms around a contract-named <c>CustomMapping</c>:
/// copy the user's columns to the mapping's fixed names, add the settings column, map, copy the results to the user's
/// names, drop the fixed names.
/// </summary>
internal static class Stage
{
    public static IEstimator<ITransformer> Build(
        TransformsCatalog catalog,
        (string Internal, string User)[] inputs,
        JsonObject config,
        Func<TransformsCatalog, IEstimator<ITransformer>> mapping,
        (string User, string Internal)[] outputs)
    {
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach ((string internalName, string user) in inputs)
        {
            chain = chain.Append(catalog.CopyColumns(internalName, user));
        }

        chain = chain
            // The settings column is computed from the last input, which every stage makes a scalar (a path, a rate, a frame count).
            .Append(catalog.Expression(Columns.Config, StageConfig.Expression(config), inputs[^1].Internal))
            .Append(mapping(catalog));
        foreach ((string user, string internalName) in outputs)
        {
            chain = chain.Append(catalog.CopyColumns(user, internalName));
        }

        string[] drop = inputs.Select(i => i.Internal).Append(Columns.Config).Concat(outputs.Select(o => o.Internal)).Distinct().ToArray();
        return chain.Append(catalog.DropColumns(drop));
    }

    public static void RequireName(string name, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, paramName);
        if (name.StartsWith("__pt.", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Column names starting with \"__pt.\" are PianoTranscription.ML's own; choose another than '{name}'.", paramName);
        }
    }
}
