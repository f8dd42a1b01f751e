using System.Text.Json.Nodes;
using PianoTranscription.Inference;
using PianoTranscription.Transcription;

namespace PianoTranscription.ML.Mapping;

/// <summary>The model a stage's settings name (<see cref="ModelReference"/>) with a session pool at the stage's thread count.</summary>
internal sealed record ModelRun(AcousticModel Model, InferenceSessionPool Pool)
{
    public static ModelRun From(JsonObject config)
    {
        AcousticModel model = ModelReference.Resolve(config);
        return new ModelRun(model, new InferenceSessionPool(model.Inference, new InferenceOptions { MaxDegreeOfParallelism = Threads(config) }));
    }

    /// <summary>The stage's "threads" setting, all processors when unset.</summary>
    public static int Threads(JsonObject config) => (int?)config["threads"] ?? Environment.ProcessorCount;
}
