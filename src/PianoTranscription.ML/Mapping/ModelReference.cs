using System.Text.Json.Nodes;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML.Mapping;

/// <summary>How a saved pipeline names its acoustic model: the embedded default, or the full path of an .onnx file.</summary>
internal static class ModelReference
{
    private const string Embedded = "embedded";

    public static string Of(AcousticModel? model, string paramName)
    {
        if (model is null || ReferenceEquals(model, AcousticModel.Default) || (model.Source == Embedded && model.Backend is Inference.ManagedOnnxBackend))
        {
            return Embedded;
        }

        if (model.Backend is not Inference.ManagedOnnxBackend)
        {
            throw new ArgumentException(
                $"An ML.NET pipeline stores its acoustic model by reference and runs it in the managed engine; this one runs in '{model.Backend?.Name ?? "a wrapped model"}'. For ONNX Runtime inside ML.NET use ML.NET's own ApplyOnnxModel (see docs/mlnet.md).",
                paramName);
        }

        if (File.Exists(model.Source))
        {
            return Path.GetFullPath(model.Source);
        }

        throw new ArgumentException(
            $"An ML.NET pipeline stores its acoustic model by reference, so the model must be the embedded default or loaded from a file (AcousticModel.Load(path)); this one came from '{model.Source}'.",
            paramName);
    }

    public static AcousticModel Resolve(JsonObject config) =>
        (string?)config["model"] is { } reference && reference != Embedded ? AcousticModel.Load(reference) : AcousticModel.Default;
}
