# Small hand-made ONNX models (python3-onnx's helper API), imported by
# seq-front: what each ONNX construct becomes in the seq dialect.
# RUN: rm -rf %t && mkdir -p %t && %python %s %t
# RUN: seq-front %t/gemm.onnx | FileCheck %s --check-prefix=GEMM
# RUN: seq-front %t/matmul.onnx --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s --check-prefix=MATMUL
# RUN: seq-front %t/shape.onnx | FileCheck %s --check-prefix=SHAPE
# RUN: seq-front %t/dims.onnx | FileCheck %s --check-prefix=DIMS
# RUN: seq-front %t/lstm.onnx | FileCheck %s --check-prefix=LSTM
# RUN: seq-front %t/external.onnx | FileCheck %s --check-prefix=EXTERNAL
# RUN: seq-front %t/heads.onnx | FileCheck %s --check-prefix=HEADS
# RUN: seq-run %t/external.onnx --input %t/x.npy --output-dir %t/out && %python %s --check %t

# Gemm with transB = 1 and a [N] C is a linear layer with its bias; the
# function is named after the file, its ABI after the graph.
# GEMM: func.func @gemm(%[[X:.*]]: tensor<?x4xf32> {seqc.dims = ["batch", "4"], seqc.name = "x"}) -> (tensor<?x3xf32> {seqc.name = "y"}) attributes {seqc.model}
# GEMM: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<3x4xf32>
# GEMM: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
# GEMM: %[[Y:.*]] = seq.linear %[[X]], %[[W]], %[[B]] : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32>
# GEMM: return %[[Y]]

# MatMul by a constant [in, out] W is a linear layer of Wᵀ, transposed at
# import ([[0, 1, 2], [3, 4, 5]] becomes [[0, 3], [1, 4], [2, 5]]); a bias
# added first is put second.
# MATMUL: %[[W:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 3.000000e+00], [1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00]]> : tensor<3x2xf32>
# MATMUL: %[[L:.*]] = seq.linear %arg0, %[[W]] : tensor<?x?x2xf32>, tensor<3x2xf32>
# MATMUL: seq.add %[[L]], %{{.*}} : tensor<?x?x3xf32>, tensor<3xf32>

# Shape -> Gather -> Unsqueeze -> Concat -> Reshape is evaluated at import:
# one seq.reshape whose sizes are the input's dims (no shape tensor).
# SHAPE-NOT: tensor.from_elements
# SHAPE-DAG: %[[D0:.*]] = tensor.dim %arg0, %c0
# SHAPE-DAG: %[[D1:.*]] = tensor.dim %arg0, %c1
# SHAPE: %[[M:.*]] = arith.muli %[[D0]], %[[D1]] : index
# SHAPE: seq.reshape %arg0[%[[M]]] {static_sizes = array<i64: -9223372036854775808, 6>} : tensor<?x?x6xf32>
# SHAPE-NOT: tensor.from_elements

# dim_param names, static sizes, and a generated name for an anonymous dim;
# int64 inputs; Gather of a [V, D] table is an embedding lookup.
# DIMS: func.func @dims(%{{.*}}: tensor<?x?xi64> {seqc.dims = ["batch", "ids_dim1"], seqc.name = "ids"})
# DIMS: seq.embedding %arg0, %{{.*}} : tensor<?x?xi64>, tensor<10x4xf32>

# ONNX's LSTM (gates i, o, f, c; X as [T, B, I]) between the exporter's
# transposes is one seq.lstm on [B, T, I] with PyTorch's gate order, and the
# Y / Squeeze / Transpose chain folds away.
# LSTM: %[[OUT:.*]], %[[H:.*]], %[[C:.*]] = seq.lstm %arg0 weight_ih(%{{.*}} : tensor<32x6xf32>) weight_hh(%{{.*}} : tensor<32x8xf32>) bias_ih(%{{.*}} : tensor<32xf32>) bias_hh(%{{.*}} : tensor<32xf32>) direction(forward) : tensor<?x?x6xf32>
# LSTM-NOT: seq.transpose
# LSTM: return %[[OUT]], %[[H]], %[[C]]

# Initializers stored as external data beside the model.
# EXTERNAL: seq.linear %arg0, %{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32>

# torch's attention layout ([S, B·H, D] made with Shape/Gather/Concat and
# reshapes) imports as the [B, H, S, D] head split: a 4-D batched product
# of transposes, no reshape merging the batch and the heads.
# HEADS: %[[Q:.*]] = seq.transpose %{{.*}}, permutation = [0, 2, 1, 3] : tensor<?x?x2x4xf32>
# HEADS: %[[K:.*]] = seq.transpose %{{.*}}, permutation = [0, 2, 3, 1] : tensor<?x?x2x4xf32>
# HEADS: seq.matmul %[[Q]], %[[K]] : tensor<?x2x?x4xf32>, tensor<?x2x4x?xf32>
# HEADS: seq.softmax %{{.*}}, axis = 3 : tensor<?x2x?x?xf32>
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(model, path, external=False):
    model = helper.make_model(model, opset_imports=[helper.make_opsetid("", 14)])
    onnx.checker.check_model(model)
    if external:
        onnx.save(model, path, save_as_external_data=True,
                  all_tensors_to_one_file=True, location="weights.bin",
                  size_threshold=0)
    else:
        onnx.save(model, path)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def gemm_graph(name):
    w = np.arange(12, dtype=np.float32).reshape(3, 4) / 10
    return helper.make_graph(
        [helper.make_node("Gemm", ["x", "w", "b"], ["y"], transB=1)], name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])],
        [const("w", w), const("b", np.array([1, 2, 3], np.float32))])


def main(d):
    save(gemm_graph("g"), os.path.join(d, "gemm.onnx"))
    save(gemm_graph("g"), os.path.join(d, "external.onnx"), external=True)
    np.save(os.path.join(d, "x.npy"), np.linspace(-1, 1, 8, dtype=np.float32).reshape(2, 4))

    save(helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["p"]),
         helper.make_node("Add", ["b", "p"], ["y"])], "m",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["b", "s", 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["b", "s", 3])],
        [const("w", np.arange(6, dtype=np.float32).reshape(2, 3)),
         const("b", np.ones(3, np.float32))]), os.path.join(d, "matmul.onnx"))

    save(helper.make_graph(
        [helper.make_node("Shape", ["x"], ["s"]),
         helper.make_node("Gather", ["s", "i0"], ["d0"], axis=0),
         helper.make_node("Gather", ["s", "i1"], ["d1"], axis=0),
         helper.make_node("Mul", ["d0", "d1"], ["n"]),
         helper.make_node("Unsqueeze", ["n", "ax"], ["nu"]),
         helper.make_node("Concat", ["nu", "six"], ["shape"], axis=0),
         helper.make_node("Reshape", ["x", "shape"], ["y"])], "s",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["b", "s", 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 6])],
        [const("i0", np.array(0, np.int64)), const("i1", np.array(1, np.int64)),
         const("ax", np.array([0], np.int64)), const("six", np.array([6], np.int64))]),
        os.path.join(d, "shape.onnx"))

    save(helper.make_graph(
        [helper.make_node("Gather", ["table", "ids"], ["y"], axis=0)], "e",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", None])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", None, 4])],
        [const("table", np.ones((10, 4), np.float32))]), os.path.join(d, "dims.onnx"))

    H, I = 8, 6
    rng = np.random.default_rng(0)
    save(helper.make_graph(
        [helper.make_node("Transpose", ["x"], ["xt"], perm=[1, 0, 2]),
         helper.make_node("LSTM", ["xt", "W", "R", "B"], ["Y", "Yh", "Yc"],
                          hidden_size=H),
         helper.make_node("Squeeze", ["Y", "one"], ["Ys"]),
         helper.make_node("Transpose", ["Ys"], ["out"], perm=[1, 0, 2])], "l",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["b", "t", I])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["b", "t", H]),
         helper.make_tensor_value_info("Yh", TensorProto.FLOAT, [1, "b", H]),
         helper.make_tensor_value_info("Yc", TensorProto.FLOAT, [1, "b", H])],
        [const("W", rng.standard_normal((1, 4 * H, I), np.float32)),
         const("R", rng.standard_normal((1, 4 * H, H), np.float32)),
         const("B", rng.standard_normal((1, 8 * H), np.float32)),
         const("one", np.array([1], np.int64))]), os.path.join(d, "lstm.onnx"))

    # Attention as torch's MultiheadAttention writes it: x [B, S, E] is
    # transposed to [S, B, E], split into heads as [S, B·H, D], transposed.
    E, Hh = 8, 2
    D = E // Hh
    nodes = [helper.make_node("Transpose", ["x"], ["xt"], perm=[1, 0, 2]),
             helper.make_node("Shape", ["xt"], ["sh"]),
             helper.make_node("Gather", ["sh", "i0"], ["S"], axis=0),
             helper.make_node("Gather", ["sh", "i1"], ["B"], axis=0),
             helper.make_node("Mul", ["B", "heads"], ["BH"]),
             helper.make_node("Unsqueeze", ["S", "ax"], ["Su"]),
             helper.make_node("Unsqueeze", ["BH", "ax"], ["BHu"]),
             helper.make_node("Concat", ["Su", "BHu", "dim"], ["hs"], axis=0)]
    for n in "qk":
        nodes += [helper.make_node("MatMul", ["xt", "w" + n], [n + "p"]),
                  helper.make_node("Reshape", [n + "p", "hs"], [n + "r"]),
                  helper.make_node("Transpose", [n + "r"], [n + "h"], perm=[1, 0, 2])]
    nodes += [helper.make_node("Transpose", ["kh"], ["kt"], perm=[0, 2, 1]),
              helper.make_node("MatMul", ["qh", "kt"], ["sc"]),
              helper.make_node("Softmax", ["sc"], ["y"], axis=-1)]
    save(helper.make_graph(
        nodes, "h",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["b", "s", E])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["b", Hh, "s", "s"])],
        [const("i0", np.array(0, np.int64)), const("i1", np.array(1, np.int64)),
         const("heads", np.array(Hh, np.int64)), const("ax", np.array([0], np.int64)),
         const("dim", np.array([D], np.int64)),
         const("wq", rng.standard_normal((E, E), np.float32)),
         const("wk", rng.standard_normal((E, E), np.float32))]),
        os.path.join(d, "heads.onnx"))


def check(d):
    x = np.load(os.path.join(d, "x.npy"))
    w = np.arange(12, dtype=np.float32).reshape(3, 4) / 10
    want = x @ w.T + np.array([1, 2, 3], np.float32)
    got = np.load(os.path.join(d, "out", "result0.npy"))
    if not np.allclose(got, want, rtol=1e-5, atol=1e-6):
        sys.exit(f"external data: got {got}, want {want}")


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        main(sys.argv[1])
