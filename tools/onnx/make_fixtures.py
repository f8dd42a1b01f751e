#!/usr/bin/python3
"""Builds the ONNX test fixtures for the managed inference engine.

Run with Debian's Python (torch 1.13, onnx 1.12, numpy):
    /usr/bin/python3 tools/onnx/make_fixtures.py            # per-operator models + tiny acoustic model (committed)
    /usr/bin/python3 tools/onnx/make_fixtures.py --bench    # also the full-size benchmark model (tools/onnx/out/, not committed)
then fill in the golden outputs with ONNX Runtime:
    cd tools/onnx && npm install --ignore-scripts onnxruntime-node && node run_ort.js ../../tests/PianoTranscription.Tests/Fixtures/Onnx

Each case is <name>.onnx plus <name>.json holding the inputs ({name, dims, data: base64 little-endian float32});
run_ort.js adds "outputs" in the same form. The C# tests compare the engine against those outputs.
"""
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "tests", "PianoTranscription.Tests", "Fixtures", "Onnx")
rng = np.random.RandomState(1234)


def f32(*shape, scale=1.0):
    return (rng.randn(*shape) * scale).astype(np.float32)


def vi(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def save_case(name, model, inputs):
    os.makedirs(os.path.join(FIXTURES, "ops"), exist_ok=True)
    # (outputs are declared without shapes, which onnx 1.12's checker rejects; ORT validates the models instead)
    onnx.save(model, os.path.join(FIXTURES, "ops", name + ".onnx"))
    write_inputs(os.path.join(FIXTURES, "ops", name + ".json"), inputs)


def write_inputs(path, inputs):
    doc = {"inputs": [{"name": k, "dims": list(v.shape), "data": base64.b64encode(np.ascontiguousarray(v, dtype="<f4").tobytes()).decode()} for k, v in inputs.items()]}
    with open(path, "w") as f:
        json.dump(doc, f)


def single(name, op, xs, attrs=None, inits=(), opset=17, out_shape=None, extra_inputs=(), n_out=1):
    """One node; xs: dict of graph inputs (float arrays); inits: list of numpy_helper tensors."""
    inputs = [vi(k, list(v.shape)) for k, v in xs.items()]
    outs = ["y%d" % i for i in range(n_out)]
    node = helper.make_node(op, list(xs.keys()) + [t.name for t in inits] + list(extra_inputs), outs, **(attrs or {}))
    graph = helper.make_graph([node], name, inputs, [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outs], initializer=list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_fixtures")
    model.ir_version = 8
    save_case(name, model, xs)


def graph_case(name, nodes, xs, outputs, inits=(), opset=17):
    graph = helper.make_graph(nodes, name, [vi(k, list(v.shape)) for k, v in xs.items()],
                              [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs], initializer=list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_fixtures")
    model.ir_version = 8
    save_case(name, model, xs)


def T(name, arr):
    return numpy_helper.from_array(arr, name)


def I64(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def per_op():
    # Convolutions
    single("conv2d_pads", "Conv", {"x": f32(1, 3, 10, 12)}, {"pads": [1, 1, 1, 1]}, [T("w", f32(8, 3, 3, 3)), T("b", f32(8))])
    single("conv2d_stride_dilation", "Conv", {"x": f32(2, 3, 11, 13)}, {"pads": [1, 0, 2, 1], "strides": [2, 1], "dilations": [2, 2]}, [T("w", f32(4, 3, 3, 3))])
    single("conv2d_same_upper", "Conv", {"x": f32(1, 2, 9, 10)}, {"auto_pad": "SAME_UPPER", "strides": [2, 2]}, [T("w", f32(5, 2, 4, 4)), T("b", f32(5))])
    single("conv2d_same_lower", "Conv", {"x": f32(1, 2, 9, 10)}, {"auto_pad": "SAME_LOWER", "strides": [2, 1]}, [T("w", f32(3, 2, 4, 3))])
    single("conv2d_valid", "Conv", {"x": f32(1, 2, 7, 8)}, {"auto_pad": "VALID"}, [T("w", f32(3, 2, 3, 3))])
    single("conv2d_group", "Conv", {"x": f32(1, 4, 8, 9)}, {"group": 2, "pads": [1, 1, 1, 1]}, [T("w", f32(6, 2, 3, 3)), T("b", f32(6))])
    single("conv2d_depthwise", "Conv", {"x": f32(1, 5, 8, 9)}, {"group": 5, "pads": [0, 1, 0, 1]}, [T("w", f32(5, 1, 3, 3)), T("b", f32(5))])
    single("conv2d_1x1", "Conv", {"x": f32(2, 6, 5, 7)}, {}, [T("w", f32(20, 6, 1, 1)), T("b", f32(20))])
    single("conv2d_wide", "Conv", {"x": f32(1, 16, 40, 50, scale=0.5)}, {"pads": [1, 1, 1, 1]}, [T("w", f32(32, 16, 3, 3, scale=0.2)), T("b", f32(32))])
    single("conv1d", "Conv", {"x": f32(2, 4, 20)}, {"pads": [2, 2]}, [T("w", f32(6, 4, 5)), T("b", f32(6))])
    single("conv1d_stride", "Conv", {"x": f32(1, 3, 17)}, {"strides": [3], "dilations": [2], "pads": [1, 0]}, [T("w", f32(2, 3, 3))])
    # Conv + BatchNormalization + Relu (exercises the load-time folding and fusion)
    graph_case("conv_bn_relu", [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c", "g", "beta", "mean", "var"], ["n"], epsilon=1e-3),
        helper.make_node("Relu", ["n"], ["y"]),
    ], {"x": f32(1, 3, 6, 7)}, ["y"], [T("w", f32(4, 3, 3, 3)), T("b", f32(4)), T("g", f32(4)), T("beta", f32(4)),
                                       T("mean", f32(4)), T("var", np.abs(f32(4)) + 0.5)])
    single("batchnorm", "BatchNormalization", {"x": f32(2, 3, 4, 5)}, {"epsilon": 1e-5},
           [T("g", f32(3)), T("beta", f32(3)), T("mean", f32(3)), T("var", np.abs(f32(3)) + 0.1)])
    # float16 weights (converted at load) feeding a Conv through Cast
    graph_case("fp16_weights", [
        helper.make_node("Cast", ["w16"], ["w"], to=TensorProto.FLOAT),
        helper.make_node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1]),
    ], {"x": f32(1, 2, 5, 6)}, ["y"], [numpy_helper.from_array(f32(3, 2, 3, 3).astype(np.float16), "w16")])

    # Element-wise
    for op in ["Relu", "Sigmoid", "Tanh", "Erf", "Exp", "Neg", "Abs"]:
        single("unary_" + op.lower(), op, {"x": f32(3, 4, 5, scale=2.0)})
    single("unary_sqrt", "Sqrt", {"x": np.abs(f32(3, 7)) + 0.01})
    single("leakyrelu", "LeakyRelu", {"x": f32(2, 9)}, {"alpha": 0.1})
    single("elu", "Elu", {"x": f32(2, 9)}, {"alpha": 0.7})
    graph_case("gelu_erf_pattern", [  # what torch 1.13 exports for nn.GELU()
        helper.make_node("Div", ["x", "sqrt2"], ["d"]),
        helper.make_node("Erf", ["d"], ["e"]),
        helper.make_node("Add", ["e", "one"], ["a"]),
        helper.make_node("Mul", ["x", "a"], ["m"]),
        helper.make_node("Mul", ["m", "half"], ["y"]),
    ], {"x": f32(4, 10, scale=2.0)}, ["y"], [T("sqrt2", np.array(1.4142135, np.float32)), T("one", np.array(1.0, np.float32)), T("half", np.array(0.5, np.float32))])
    single("add_bcast", "Add", {"a": f32(2, 3, 4, 5), "b": f32(3, 1, 5)})
    single("sub_bcast", "Sub", {"a": f32(4, 1), "b": f32(3, 1, 6)})
    single("mul_bcast", "Mul", {"a": f32(2, 3, 4), "b": f32(4)})
    single("div_bcast", "Div", {"a": f32(2, 3, 4), "b": np.abs(f32(2, 1, 4)) + 0.5})
    single("pow_scalar", "Pow", {"a": np.abs(f32(3, 5)) + 0.1}, inits=[T("p", np.array(1.7, np.float32))])
    single("softmax_last", "Softmax", {"x": f32(2, 3, 7)}, {"axis": -1})
    single("softmax_axis1", "Softmax", {"x": f32(2, 3, 7)}, {"axis": 1})
    single("softmax_opset11", "Softmax", {"x": f32(2, 3, 4)}, {"axis": 1}, opset=11)

    # Pooling
    single("maxpool_freq", "MaxPool", {"x": f32(1, 4, 6, 10)}, {"kernel_shape": [1, 2], "strides": [1, 2]})
    single("maxpool_pads_ceil", "MaxPool", {"x": f32(1, 2, 7, 9)}, {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1})
    single("maxpool1d", "MaxPool", {"x": f32(2, 3, 11)}, {"kernel_shape": [3], "strides": [2]})
    single("avgpool_pads", "AveragePool", {"x": f32(1, 2, 6, 7)}, {"kernel_shape": [3, 3], "pads": [1, 1, 1, 1]})
    single("avgpool_include_pad", "AveragePool", {"x": f32(1, 2, 6, 7)}, {"kernel_shape": [3, 2], "strides": [2, 2], "pads": [1, 1, 1, 0], "count_include_pad": 1})
    single("globalavgpool", "GlobalAveragePool", {"x": f32(2, 3, 5, 6)})

    # Linear algebra
    single("gemm_transb", "Gemm", {"a": f32(5, 7)}, {"transB": 1}, [T("w", f32(9, 7)), T("c", f32(9))])
    single("gemm_alpha_beta", "Gemm", {"a": f32(7, 5)}, {"transA": 1, "alpha": 0.5, "beta": 2.0}, [T("w", f32(7, 33)), T("c", f32(5, 33))])
    single("matmul_const", "MatMul", {"a": f32(1, 37, 40)}, inits=[T("w", f32(40, 35))])
    single("matmul_batched", "MatMul", {"a": f32(2, 3, 4), "b": f32(2, 4, 5)})
    single("matmul_bcast", "MatMul", {"a": f32(2, 1, 3, 4), "b": f32(3, 4, 2)})
    graph_case("linear_relu", [  # torch Linear on a 3-D input: MatMul + Add, then Relu (fused at load)
        helper.make_node("MatMul", ["x", "w"], ["m"]),
        helper.make_node("Add", ["bias", "m"], ["a"]),
        helper.make_node("Relu", ["a"], ["y"]),
    ], {"x": f32(1, 50, 64)}, ["y"], [T("w", f32(64, 48, scale=0.2)), T("bias", f32(48))])

    # Shape manipulation
    single("reshape", "Reshape", {"x": f32(2, 3, 4)}, inits=[I64("s", [0, -1, 2])])
    single("flatten", "Flatten", {"x": f32(2, 3, 4, 5)}, {"axis": 2})
    single("transpose", "Transpose", {"x": f32(2, 3, 4, 5)}, {"perm": [0, 2, 3, 1]})
    single("squeeze13", "Squeeze", {"x": f32(1, 3, 1, 5)}, inits=[I64("axes", [0, 2])])
    single("unsqueeze13", "Unsqueeze", {"x": f32(3, 5)}, inits=[I64("axes", [0, -1])])
    single("unsqueeze11", "Unsqueeze", {"x": f32(3, 5)}, {"axes": [1]}, opset=11)
    single("concat", "Concat", {"a": f32(2, 3, 4), "b": f32(2, 1, 4), "c": f32(2, 2, 4)}, {"axis": 1})
    single("slice_steps", "Slice", {"x": f32(5, 8, 6)}, inits=[I64("st", [1, -1, 0]), I64("en", [100, 0, 6]), I64("ax", [0, 1, 2]), I64("sp", [2, -2, 3])])
    single("split13", "Split", {"x": f32(2, 9)}, {"axis": 1}, inits=[I64("sp", [2, 3, 4])], n_out=3)
    single("pad_constant", "Pad", {"x": f32(2, 3, 4)}, {"mode": "constant"}, inits=[I64("p", [0, 1, 2, 0, 0, 1]), T("v", np.array(0.5, np.float32))])
    single("pad_reflect", "Pad", {"x": f32(1, 2, 5, 6)}, {"mode": "reflect"}, inits=[I64("p", [0, 0, 2, 1, 0, 0, 1, 3])])
    single("pad_edge", "Pad", {"x": f32(1, 2, 5)}, {"mode": "edge"}, inits=[I64("p", [0, 0, 3, 0, 0, 2])])
    # A dynamic-shape chain as torch emits it: Shape → Gather → Unsqueeze → Concat → Reshape
    graph_case("dynamic_reshape", [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "i1"], ["t"], axis=0),
        helper.make_node("Unsqueeze", ["t", "ax0"], ["tu"]),
        helper.make_node("Concat", ["one", "tu", "minus1"], ["shape"], axis=0),
        helper.make_node("Transpose", ["x"], ["xt"], perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["xt", "shape"], ["y"]),
    ], {"x": f32(1, 3, 7, 5)}, ["y"], [I64("i1", 2), I64("ax0", [0]), I64("one", [1]), I64("minus1", [-1])])
    graph_case("cast_range_expand", [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "i1"], ["n"], axis=0),
        helper.make_node("Range", ["zero", "n", "step"], ["r"]),
        helper.make_node("Cast", ["r"], ["rf"], to=TensorProto.FLOAT),
        helper.make_node("Expand", ["rf", "s"], ["e"]),
        helper.make_node("ConstantOfShape", ["s"], ["c"], value=numpy_helper.from_array(np.array([0.25], np.float32))),
        helper.make_node("Add", ["e", "c"], ["ec"]),
        helper.make_node("Mul", ["ec", "x"], ["y"]),
    ], {"x": f32(2, 6)}, ["y"], [I64("i1", 1), I64("zero", 0), I64("step", 1)])
    graph_case("constant_node", [
        helper.make_node("Constant", [], ["k"], value=numpy_helper.from_array(f32(4))),
        helper.make_node("Add", ["x", "k"], ["y"]),
    ], {"x": f32(3, 4)}, ["y"])

    # GRU as torch exports it (linear_before_reset=1), bidirectional; and forward with linear_before_reset=0 + initial h
    H, I, S = 6, 5, 7
    single("gru_bidirectional", "GRU", {"x": f32(S, 1, I)}, {"hidden_size": H, "direction": "bidirectional", "linear_before_reset": 1},
           [T("W", f32(2, 3 * H, I, scale=0.5)), T("R", f32(2, 3 * H, H, scale=0.5)), T("B", f32(2, 6 * H, scale=0.5))], n_out=2)
    graph_case("gru_forward_h0", [
        helper.make_node("GRU", ["x", "W", "R", "B", "", "h0"], ["y", "yh"], hidden_size=H, linear_before_reset=0),
    ], {"x": f32(S, 2, I), "h0": f32(1, 2, H)}, ["y", "yh"],
        [T("W", f32(1, 3 * H, I, scale=0.5)), T("R", f32(1, 3 * H, H, scale=0.5)), T("B", f32(1, 6 * H, scale=0.5))])


def acoustic(bins=196, c1=24, c2=48, hidden=256, gru=128):
    import torch
    import torch.nn as nn

    class Acoustic(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Sequential(
                nn.Conv2d(1, c1, 3, padding=1), nn.BatchNorm2d(c1), nn.ReLU(),
                nn.Conv2d(c1, c1, 3, padding=1), nn.BatchNorm2d(c1), nn.ReLU(),
                nn.MaxPool2d((1, 2)),
                nn.Conv2d(c1, c2, 3, padding=1), nn.BatchNorm2d(c2), nn.ReLU(),
                nn.MaxPool2d((1, 2)),
            )
            self.fc = nn.Linear(c2 * (bins // 4), hidden)
            self.tconv = nn.Conv1d(hidden, hidden, 3, padding=1)
            self.gru = nn.GRU(hidden, gru, batch_first=True, bidirectional=True)
            self.heads = nn.ModuleList([nn.Linear(2 * gru, 88) for _ in range(4)])
            self.pedal = nn.Linear(2 * gru, 3)

        def forward(self, spectrogram):
            x = spectrogram.unsqueeze(1)                    # [B, 1, T, F]
            x = self.conv(x)                                # [B, C, T, F/4]
            x = x.permute(0, 2, 1, 3).flatten(2)            # [B, T, C*F/4]
            x = torch.relu(self.fc(x))                      # [B, T, H]
            x = torch.relu(self.tconv(x.transpose(1, 2))).transpose(1, 2)
            x, _ = self.gru(x)                              # [B, T, 2G]
            onset, frame, offset, velocity = [torch.sigmoid(h(x)) for h in self.heads]
            p = torch.sigmoid(self.pedal(x))
            return onset, frame, offset, velocity, p[..., 0], p[..., 1], p[..., 2]

    torch.manual_seed(7)
    m = Acoustic()
    with torch.no_grad():  # non-trivial BatchNorm statistics, so folding is really tested
        for mod in m.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.running_mean.uniform_(-0.5, 0.5)
                mod.running_var.uniform_(0.5, 1.5)
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.2, 0.2)
    m.eval()
    return m


OUTPUTS = ["onset", "frame", "offset", "velocity", "pedal_onset", "pedal_frame", "pedal_offset"]


def export_acoustic(path, frames, **kw):
    import torch
    m = acoustic(**kw)
    x = torch.randn(1, frames, kw.get("bins", 196))
    dyn = {"spectrogram": {1: "time"}}
    dyn.update({o: {1: "time"} for o in OUTPUTS})
    torch.onnx.export(m, (x,), path, input_names=["spectrogram"], output_names=OUTPUTS, dynamic_axes=dyn, opset_version=17)
    model = onnx.load(path)
    for k, v in [("pianotranscription.version", "fixture"), ("pianotranscription.frame_rate", "50"),
                 ("pianotranscription.description", "Randomly initialised model of the acoustic model's shape (engine tests only).")]:
        e = model.metadata_props.add()
        e.key, e.value = k, v
    onnx.save(model, path)
    print(path, os.path.getsize(path), "bytes", sum(p.numel() for p in m.parameters()), "params")
    return m


def main():
    per_op()
    tiny = os.path.join(FIXTURES, "acoustic_tiny.onnx")
    export_acoustic(tiny, 24, c1=4, c2=8, hidden=32, gru=16)
    write_inputs(os.path.join(FIXTURES, "acoustic_tiny.json"), {"spectrogram": np.abs(f32(1, 37, 196))})
    if "--bench" in sys.argv:
        out = os.path.join(HERE, "out")
        os.makedirs(out, exist_ok=True)
        export_acoustic(os.path.join(out, "acoustic_bench.onnx"), 100)
        write_inputs(os.path.join(out, "acoustic_bench.json"), {"spectrogram": np.abs(f32(1, 1000, 196))})


if __name__ == "__main__":
    main()
