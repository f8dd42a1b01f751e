using PianoTranscription.Inference.Onnx.Kernels;

namespace PianoTranscription.Inference.Onnx;

/// <summary>
/// Validates a decoded model and compiles it: checks opsets and operators, resolves names to slots (nodes must be in
/// topological order, as ONNX requires), folds constant sub-graphs, folds BatchNormalization into the preceding Conv,
/// fuses bias adds and activations into Conv/MatMul, and plans buffer reuse.
/// </summary>
internal static class GraphCompiler
{
    public const long MinOpset = 7;
    public const long MaxOpset = 21;

    public static CompiledGraph Compile(OnnxModelProto model)
    {
        var graph = model.Graph!;
        if (model.IrVersion < 3 || model.IrVersion > 11)
        {
            throw new ModelFormatException($"ONNX IR version {model.IrVersion} is not supported (3–11 are).");
        }

        long opset = model.Opsets.TryGetValue("", out long v) ? v : model.Opsets.TryGetValue("ai.onnx", out long v2) ? v2 : 0;
        if (opset < MinOpset || opset > MaxOpset)
        {
            throw new ModelFormatException(opset == 0
                ? "The model does not import the default ONNX operator set."
                : $"ONNX opset {opset} is not supported (opsets {MinOpset}–{MaxOpset} are).");
        }

        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var constants = new List<Value?>();
        int NewSlot(string name, Value? constant)
        {
            slots[name] = constants.Count;
            constants.Add(constant);
            return constants.Count - 1;
        }

        foreach (var init in graph.Initializers)
        {
            if (init.Name.Length == 0) throw new ModelFormatException("An initializer has no name.");
            NewSlot(init.Name, Value.FromProto(init));
        }

        var inputSlots = new List<int>();
        var inputNames = new List<string>();
        foreach (var input in graph.Inputs)
        {
            if (slots.ContainsKey(input.Name)) continue; // IR < 4: initializers may be listed as inputs
            if (!input.IsTensor || input.ElementType != OnnxDataType.Float)
            {
                throw new ModelFormatException($"Graph input '{input.Name}' has type {(input.IsTensor ? input.ElementType.ToString() : "non-tensor")}; only float32 tensor inputs are supported.");
            }

            inputNames.Add(input.Name);
            inputSlots.Add(NewSlot(input.Name, null));
        }

        var steps = new List<Step>();
        var evalCtx = new RunContext(1);
        foreach (var node in graph.Nodes)
        {
            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            {
                throw new ModelFormatException($"{node.Describe()}: operator domain '{node.Domain}' is not supported (only the default ONNX domain is).");
            }

            if (node.Attributes.Values.Any(a => a.Type == OnnxAttributeType.Graph))
            {
                throw new ModelFormatException($"{node.Describe()}: control flow with sub-graphs ({node.OpType}) is not supported.");
            }

            foreach (string o in node.Outputs)
            {
                if (o.Length > 0 && slots.ContainsKey(o)) throw new ModelFormatException($"{node.Describe()}: value '{o}' is produced more than once.");
            }

            var ins = new int[node.Inputs.Count];
            for (int i = 0; i < ins.Length; i++)
            {
                string name = node.Inputs[i];
                if (name.Length == 0)
                {
                    ins[i] = -1;
                }
                else if (!slots.TryGetValue(name, out ins[i]))
                {
                    throw new ModelFormatException($"{node.Describe()}: input '{name}' is not produced by any earlier node, initializer or graph input (the graph is not topologically sorted, or is incomplete).");
                }
            }

            if (node.OpType == "Constant")
            {
                if (node.Outputs.Count != 1) throw new ModelFormatException($"{node.Describe()}: Constant must have one output.");
                NewSlot(node.Outputs[0], ConstantValue(node));
                continue;
            }

            var kernel = KernelFactory.Create(node, opset, name => slots.TryGetValue(name, out int s) ? constants[s] : null);
            if (kernel.CanFold && ins.Length > 0 && ins.All(s => s < 0 || constants[s] is not null))
            {
                var outs = node.Outputs.Select(_ => new Value()).ToArray();
                try
                {
                    kernel.Run(evalCtx, ins.Select(s => s < 0 ? null : constants[s]).ToArray(), outs);
                }
                catch (KernelInputException ex)
                {
                    throw new ModelFormatException($"Constant folding failed: {ex.Message}", ex);
                }

                for (int i = 0; i < outs.Length; i++)
                {
                    if (node.Outputs[i].Length == 0) continue;
                    var o = outs[i];
                    NewSlot(node.Outputs[i], o.IsFloat
                        ? new Value { Type = o.Type, Shape = o.Shape, F = o.Floats.ToArray(), Count = o.Count, IsConstant = true }
                        : new Value { Type = o.Type, Shape = o.Shape, L = o.Ints.ToArray(), Count = o.Count, IsConstant = true });
                }

                continue;
            }

            var outSlots = new int[node.Outputs.Count];
            for (int i = 0; i < outSlots.Length; i++)
            {
                outSlots[i] = node.Outputs[i].Length == 0 ? NewSlot("\0unused" + constants.Count, null) : NewSlot(node.Outputs[i], null);
            }

            steps.Add(new Step { Kernel = kernel, Inputs = ins, Outputs = outSlots });
        }

        var outputSlots = new List<int>();
        var outputNames = new List<string>();
        foreach (var output in graph.Outputs)
        {
            if (!slots.TryGetValue(output.Name, out int s)) throw new ModelFormatException($"Graph output '{output.Name}' is not produced by any node.");
            outputSlots.Add(s);
            outputNames.Add(output.Name);
        }

        if (outputSlots.Count == 0) throw new ModelFormatException("The graph has no outputs.");
        var constArr = constants.ToArray();
        Fuse(steps, outputSlots, constArr);
        PlanReleases(steps, outputSlots, constArr);
        return new CompiledGraph
        {
            SlotCount = constArr.Length,
            Constants = constArr,
            Steps = steps.ToArray(),
            InputSlots = inputSlots.ToArray(),
            InputNames = inputNames.ToArray(),
            OutputSlots = outputSlots.ToArray(),
            OutputNames = outputNames.ToArray(),
        };
    }

    private static Value ConstantValue(OnnxNode node)
    {
        foreach (var (name, a) in node.Attributes)
        {
            switch (name)
            {
                case "value" when a.T is not null: return Value.FromProto(a.T);
                case "value_float": return Value.Constant([a.F]);
                case "value_floats": return Value.Constant(a.Floats, a.Floats.Length);
                case "value_int": return Value.ConstantInts([a.I]);
                case "value_ints": return Value.ConstantInts(a.Ints, a.Ints.Length);
            }
        }

        throw new ModelFormatException($"{node.Describe()}: Constant has no supported value attribute (value, value_float(s), value_int(s)).");
    }

    private static void Fuse(List<Step> steps, List<int> graphOutputs, Value?[] constants)
    {
        var readers = new int[constants.Length];
        foreach (var s in steps) foreach (int i in s.Inputs) if (i >= 0) readers[i]++;
        foreach (int o in graphOutputs) readers[o] += 1000;

        for (int i = 0; i + 1 < steps.Count; i++)
        {
            var p = steps[i];
            if (p.Outputs.Length != 1 || readers[p.Outputs[0]] != 1) continue;
            int slot = p.Outputs[0];
            int j = steps.FindIndex(i + 1, s => s.Inputs.Contains(slot));
            if (j < 0) continue;
            var c = steps[j];
            bool fused = false;
            switch (p.Kernel, c.Kernel)
            {
                case (ConvKernel conv, BatchNormKernel bn) when c.Inputs[0] == slot && conv.Activation == FusedActivation.None && bn.Scale.Length == conv.OutputChannels:
                    conv.FoldScaleShift(bn.Scale, bn.Shift);
                    fused = true;
                    break;
                case (ConvKernel conv, UnaryKernel u) when conv.Activation == FusedActivation.None && Activation(c) is { } act:
                    conv.Activation = act;
                    fused = true;
                    break;
                case (MatMulKernel mm, UnaryKernel u) when mm.Activation == FusedActivation.None && Activation(c) is { } act:
                    mm.Activation = act;
                    fused = true;
                    break;
                case (MatMulKernel mm, BinaryKernel add) when mm.HasConstantB && mm.ColumnBias is null && mm.Activation == FusedActivation.None
                    && add.IsAdd && c.Inputs.Length == 2:
                    {
                        int other = c.Inputs[0] == slot ? c.Inputs[1] : c.Inputs[0];
                        if (other >= 0 && constants[other] is { IsFloat: true } bias && bias.Count == mm.N && bias.Shape.Length == 1)
                        {
                            mm.ColumnBias = bias.Floats.ToArray();
                            fused = true;
                        }

                        break;
                    }
            }

            if (fused)
            {
                p.Outputs = c.Outputs;
                steps.RemoveAt(j);
                i--; // try to fuse the next consumer into the same step
            }
        }
    }

    private static FusedActivation? Activation(Step s) => s.Kernel is UnaryKernel u && s.Inputs.Length == 1 ? u.AsFusedActivation : null;

    private static void PlanReleases(List<Step> steps, List<int> graphOutputs, Value?[] constants)
    {
        int slotCount = constants.Length;
        var last = new int[slotCount];
        Array.Fill(last, -1);
        for (int i = 0; i < steps.Count; i++)
        {
            foreach (int s in steps[i].Inputs) if (s >= 0) last[s] = i;
            foreach (int s in steps[i].Outputs) if (last[s] < i) last[s] = i; // unused outputs die where they are born
        }

        foreach (int o in graphOutputs) last[o] = int.MaxValue;
        var lists = steps.Select(_ => new List<int>()).ToArray();
        for (int s = 0; s < slotCount; s++)
        {
            if (last[s] >= 0 && last[s] < steps.Count) lists[last[s]].Add(s);
        }

        for (int i = 0; i < steps.Count; i++)
        {
            steps[i].ReleaseAfter = lists[i].ToArray();
            if (steps[i].Kernel is ReshapeKernel reshape && steps[i].Inputs is [int data, ..] && data >= 0 && last[data] == i
                && constants[data] is null && steps[i].Inputs.Skip(1).All(s => s != data))
            {
                reshape.StealInput = true; // its data input dies here: move the buffer instead of copying it
            }
        }
    }
}
