using System.Collections.ObjectModel;

namespace PianoTranscription.Inference;

/// <summary>
/// The input/output contract of a piano acoustic model, read once from a loaded model and checked at load: the input
/// <see cref="InputName"/> (float32 <c>[1, frames, bins]</c>, dynamic <c>frames</c>) and the heads it has, each
/// named by a <see cref="ModelHead"/> and an ONNX output (<see cref="OutputName"/>). The chunk runner asks the model
/// for exactly these outputs and the decoder reads the <see cref="Posteriorgram"/> they fill, so the layout is
/// written in one place.
/// </summary>
/// <remarks>
/// <para>The heads a model provides are listed in its metadata key <see cref="HeadsKey"/> (comma-separated output
/// names, written by <c>training/export.py</c>); a model without the key provides every head it has an output for.
/// <see cref="ModelHead.Onset"/> and <see cref="ModelHead.Frame"/> are required.</para>
/// <para>Note heads are <c>[1, frames, 88]</c>, pedal heads <c>[1, frames]</c>, all float32 in [0, 1]; output frame
/// <c>t</c> aligns with input frame <c>t</c>. Other outputs are allowed and ignored.</para>
/// </remarks>
public sealed class ModelContract
{
    /// <summary>The name of the model's input.</summary>
    public const string InputName = "spectrogram";

    /// <summary>Metadata key listing the heads the model provides (comma-separated output names).</summary>
    public const string HeadsKey = "pianotranscription.heads";

    /// <summary>The number of heads a model can have (the members of <see cref="ModelHead"/>).</summary>
    public const int HeadCount = 7;

    private static readonly string[] Names = ["onset", "frame", "offset", "velocity", "pedal_onset", "pedal_frame", "pedal_offset"];
    private readonly bool[] _has;

    private ModelContract(bool[] has, long? inputBins)
    {
        _has = has;
        InputBinCount = inputBins;
        Heads = new ReadOnlyCollection<ModelHead>(Enumerable.Range(0, HeadCount).Where(h => has[h]).Select(h => (ModelHead)h).ToArray());
    }

    /// <summary>The heads the model provides, in <see cref="ModelHead"/> order.</summary>
    public IReadOnlyList<ModelHead> Heads { get; }

    /// <summary>The bins per input frame the model declares, or null when its input's last dimension is dynamic or undeclared.</summary>
    public long? InputBinCount { get; }

    /// <summary>The ONNX output name of a head (for example <c>"pedal_onset"</c>).</summary>
    /// <param name="head">The head.</param>
    /// <returns>The output name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="head"/> is not a defined head.</exception>
    public static string OutputName(ModelHead head) => Names[Index(head)];

    /// <summary>Values per frame of a head: 88 for the note heads, 1 for the pedal heads.</summary>
    /// <param name="head">The head.</param>
    /// <returns>88 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="head"/> is not a defined head.</exception>
    public static int ValuesPerFrame(ModelHead head) => Index(head) < 4 ? Posteriorgram.KeyCount : 1;

    /// <summary>Whether the model provides a head.</summary>
    /// <param name="head">The head.</param>
    /// <returns>True when the head is part of the model's outputs.</returns>
    public bool Has(ModelHead head) => (uint)head < HeadCount && _has[(int)head];

    /// <summary>
    /// Reads and checks the contract of a loaded model: its single input, the heads in its metadata (or its outputs),
    /// their element types and declared shapes.
    /// </summary>
    /// <param name="model">The loaded model.</param>
    /// <param name="binCount">The bins per frame the featurizer produces, checked against the declared input; null to skip that check.</param>
    /// <param name="source">Where the model came from, for messages (a path, <c>"embedded"</c>...).</param>
    /// <returns>The contract.</returns>
    /// <exception cref="ModelFormatException">The model breaks the contract (the message names what is wrong).</exception>
    public static ModelContract Read(IInferenceModel model, int? binCount, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        string where = $"The model ({source})";
        if (model.Inputs.Count != 1 || model.Inputs[0].Name != InputName)
        {
            throw new ModelFormatException(
                $"{where} must have exactly one input named \"{InputName}\"; it has: {string.Join(", ", model.Inputs.Select(i => i.ToString()))}.");
        }

        TensorInfo input = model.Inputs[0];
        CheckFloat(input, where);
        long? declaredBins = null;
        if (input.Shape is { } shape)
        {
            if (shape.Count != 3)
            {
                throw new ModelFormatException($"{where}: input \"{InputName}\" must have 3 dimensions [1, frames, bins] but is declared {input}.");
            }

            if (shape[0].Value is long batch && batch != 1)
            {
                throw new ModelFormatException($"{where}: input \"{InputName}\" has batch size {batch}; it must be 1 or dynamic.");
            }

            if (shape[1].IsFixed)
            {
                throw new ModelFormatException(
                    $"{where}: input \"{InputName}\" has a fixed time dimension ({shape[1]}); it must be dynamic so audio of any length can be processed.");
            }

            declaredBins = shape[2].Value;
            if (declaredBins is long bins && binCount is int produced && bins != produced)
            {
                throw new ModelFormatException(
                    $"{where}: input \"{InputName}\" expects {bins} bins per frame but the featurizer produces {produced}.");
            }
        }

        var outputs = model.Outputs.ToDictionary(o => o.Name, StringComparer.Ordinal);
        bool[] has = HeadsOf(model, outputs, where);
        for (int h = 0; h < HeadCount; h++)
        {
            if (!has[h])
            {
                continue;
            }

            TensorInfo o = outputs[Names[h]];
            CheckFloat(o, where);
            bool noteHead = h < 4;
            if (o.Shape is { } s
                && (s.Count != (noteHead ? 3 : 2) || (s[0].Value is long b && b != 1) || (noteHead && s[2].Value is long keys && keys != Posteriorgram.KeyCount)))
            {
                string expected = noteHead ? $"[1, frames, {Posteriorgram.KeyCount}]" : "[1, frames]";
                throw new ModelFormatException($"{where}: output \"{Names[h]}\" must have shape {expected} but is declared {o}.");
            }
        }

        return new ModelContract(has, declaredBins);
    }

    /// <summary>A one-line description: the heads by output name.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"heads {string.Join(", ", Heads.Select(OutputName))}";

    private static bool[] HeadsOf(IInferenceModel model, Dictionary<string, TensorInfo> outputs, string where)
    {
        bool[] has = new bool[HeadCount];
        if (model.Metadata.TryGetValue(HeadsKey, out string? listed))
        {
            foreach (string raw in listed.Split(','))
            {
                string name = raw.Trim();
                int h = Array.IndexOf(Names, name);
                if (h < 0)
                {
                    throw new ModelFormatException(
                        $"{where}: its \"{HeadsKey}\" metadata names '{name}', which is not a head; the heads are {string.Join(", ", Names)}.");
                }

                if (has[h])
                {
                    throw new ModelFormatException($"{where}: its \"{HeadsKey}\" metadata names '{name}' twice.");
                }

                if (!outputs.ContainsKey(name))
                {
                    throw new ModelFormatException(
                        $"{where}: its \"{HeadsKey}\" metadata names the head '{name}' but the model has no such output (outputs: {string.Join(", ", outputs.Keys)}).");
                }

                has[h] = true;
            }
        }
        else
        {
            for (int h = 0; h < HeadCount; h++)
            {
                has[h] = outputs.ContainsKey(Names[h]);
            }
        }

        foreach (ModelHead required in new[] { ModelHead.Onset, ModelHead.Frame })
        {
            if (!has[(int)required])
            {
                string name = OutputName(required);
                throw new ModelFormatException(outputs.ContainsKey(name)
                    ? $"{where}: its \"{HeadsKey}\" metadata does not list \"{name}\"; every model needs at least \"onset\" and \"frame\"."
                    : $"{where} has no \"{name}\" output (outputs: {string.Join(", ", outputs.Keys)}); it needs at least \"onset\" and \"frame\".");
            }
        }

        return has;
    }

    private static int Index(ModelHead head) =>
        (uint)head < HeadCount ? (int)head : throw new ArgumentOutOfRangeException(nameof(head), head, "Not a model head.");

    private static void CheckFloat(TensorInfo info, string where)
    {
        if (info.ElementType is not (TensorElementType.Float32 or TensorElementType.Unknown))
        {
            throw new ModelFormatException($"{where}: \"{info.Name}\" must be float32 but is {info.ElementType}.");
        }
    }
}
