# Bad ONNX files get one located error each and a non-zero exit, never a
# crash: the file, and for a node its index, name, op type and the opset.
# RUN: rm -rf %t && mkdir -p %t && %python %s %t
# RUN: not seq-front %t/unsupported.onnx 2>&1 | FileCheck %s --check-prefix=UNSUP
# RUN: not seq-front %t/truncated.onnx 2>&1 | FileCheck %s --check-prefix=TRUNCATED
# RUN: not seq-front %t/empty.onnx 2>&1 | FileCheck %s --check-prefix=EMPTY
# RUN: not seq-front %t/raw_size.onnx 2>&1 | FileCheck %s --check-prefix=RAWSIZE
# RUN: not seq-front %t/float_count.onnx 2>&1 | FileCheck %s --check-prefix=COUNT
# RUN: not seq-front %t/double_input.onnx 2>&1 | FileCheck %s --check-prefix=DOUBLE
# RUN: not seq-front %t/string_init.onnx 2>&1 | FileCheck %s --check-prefix=STRING
# RUN: not seq-front %t/no_external.onnx 2>&1 | FileCheck %s --check-prefix=NOEXT
# RUN: not seq-front %t/escape.onnx 2>&1 | FileCheck %s --check-prefix=ESCAPE
# RUN: not seq-front %t/order.onnx 2>&1 | FileCheck %s --check-prefix=ORDER
# RUN: not seq-front %t/gru_reset.onnx 2>&1 | FileCheck %s --check-prefix=GRU
# RUN: not seq-front %t/softmax11.onnx 2>&1 | FileCheck %s --check-prefix=SOFTMAX
# RUN: not seq-front %t/domain.onnx 2>&1 | FileCheck %s --check-prefix=DOMAIN
# RUN: not seq-front %t/broadcast.onnx 2>&1 | FileCheck %s --check-prefix=BROADCAST
# RUN: not seq-front %t/dynamic_reshape.onnx 2>&1 | FileCheck %s --check-prefix=DYNSHAPE
# RUN: not seq-front %t/gemm_ok.onnx --weights-mode=runtime 2>&1 | FileCheck %s --check-prefix=RUNTIME
# RUN: not seqc %t/unsupported.onnx -o %t/x.o 2>&1 | FileCheck %s --check-prefix=UNSUP
# RUN: not seq-run %t/raw_size.onnx 2>&1 | FileCheck %s --check-prefix=RAWSIZE

# UNSUP: unsupported.onnx: node 1 'my_node' (Celu, opset 14): error: op type 'Celu' is not supported
# TRUNCATED: truncated.onnx: error: is not a valid ONNX model (the protobuf does not parse: truncated, or not an ONNX file)
# EMPTY: empty.onnx: error: imports no version of the default ONNX opset
# RAWSIZE: raw_size.onnx: error: initializer 'w' has 8 bytes of data; its shape and type need 48
# COUNT: float_count.onnx: error: initializer 'w' has 5 elements of data for its shape of 12
# DOUBLE: double_input.onnx: error: graph input 'x' has element type DOUBLE; model inputs may be FLOAT, INT64, INT32 or BOOL
# STRING: string_init.onnx: error: initializer 'w' has element type STRING, which Seqc does not support
# NOEXT: no_external.onnx: error: initializer 'w': cannot read its external data '{{.*}}missing.bin'
# ESCAPE: escape.onnx: error: initializer 'w' has external data at '../w.bin': the location must be a file beside the model
# ORDER: order.onnx: node 0 'first' (Relu, opset 14): error: input 0 'later' is not defined before the node (the graph must be in topological order)
# GRU: gru_reset.onnx: node 0 'gru' (GRU, opset 14): error: GRU with linear_before_reset = 0 is not supported
# SOFTMAX: softmax11.onnx: node 0 'sm' (Softmax, opset 11): error: softmax over the flattened dims 1..2 (opset < 13 semantics) is not supported
# DOMAIN: domain.onnx: node 0 'custom' (Foo, opset 14): error: is in the domain 'com.example', which Seqc does not support
# BROADCAST: broadcast.onnx: node 0 'add' (Add, opset 14): error: {{.*}}
# DYNSHAPE: dynamic_reshape.onnx: node 0 'r' (Reshape, opset 14): error: the target shape (input 1 'shape') must be computable at compile time
# RUNTIME: gemm_ok.onnx: error: runtime weights (--weights=runtime) are not supported for ONNX models yet
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(nodes, inputs, outputs, inits=(), opset=14, name="g"):
    return helper.make_model(
        helper.make_graph(nodes, name, inputs, outputs, list(inits)),
        opset_imports=[helper.make_opsetid("", opset)])


def vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


def gemm(w):
    return model([helper.make_node("Gemm", ["x", "w"], ["y"], transB=1)],
                 [vi("x", ["b", 4])], [vi("y", ["b", 3])], [w])


def main(d):
    def save(m, name):
        onnx.save(m, os.path.join(d, name))

    w = numpy_helper.from_array(np.ones((3, 4), np.float32), "w")
    save(gemm(w), "gemm_ok.onnx")
    save(model([helper.make_node("Relu", ["x"], ["r"]),
                helper.make_node("Celu", ["r"], ["y"], name="my_node")],
               [vi("x", [2])], [vi("y", [2])]), "unsupported.onnx")
    data = gemm(w).SerializeToString()
    with open(os.path.join(d, "truncated.onnx"), "wb") as f:
        f.write(data[: len(data) // 2])
    open(os.path.join(d, "empty.onnx"), "wb").close()

    raw = onnx.TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[3, 4],
                           raw_data=b"\0" * 8)
    save(gemm(raw), "raw_size.onnx")
    short = onnx.TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[3, 4],
                             float_data=[1.0] * 5)
    save(gemm(short), "float_count.onnx")
    save(model([helper.make_node("Relu", ["x"], ["y"])],
               [vi("x", [2], TensorProto.DOUBLE)], [vi("y", [2])]),
         "double_input.onnx")
    s = onnx.TensorProto(name="w", data_type=TensorProto.STRING, dims=[1],
                         string_data=[b"a"])
    save(gemm(s), "string_init.onnx")
    for name, location in [("no_external.onnx", "missing.bin"),
                           ("escape.onnx", "../w.bin")]:
        e = onnx.TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[3, 4],
                             data_location=TensorProto.EXTERNAL)
        e.external_data.add(key="location", value=location)
        save(gemm(e), name)
    save(model([helper.make_node("Relu", ["later"], ["y"], name="first"),
                helper.make_node("Relu", ["x"], ["later"])],
               [vi("x", [2])], [vi("y", [2])]), "order.onnx")
    H = 4
    save(model([helper.make_node("GRU", ["x", "W", "R"], ["Y"], hidden_size=H,
                                 name="gru")],
               [vi("x", [5, 1, 3])], [vi("Y", [5, 1, 1, H])],
               [numpy_helper.from_array(np.ones((1, 3 * H, 3), np.float32), "W"),
                numpy_helper.from_array(np.ones((1, 3 * H, H), np.float32), "R")]),
         "gru_reset.onnx")
    save(model([helper.make_node("Softmax", ["x"], ["y"], name="sm")],
               [vi("x", [2, 3, 4])], [vi("y", [2, 3, 4])], opset=11),
         "softmax11.onnx")
    save(model([helper.make_node("Foo", ["x"], ["y"], name="custom",
                                 domain="com.example")],
               [vi("x", [2])], [vi("y", [2])]), "domain.onnx")
    save(model([helper.make_node("Add", ["x", "z"], ["y"], name="add")],
               [vi("x", [3]), vi("z", [4])], [vi("y", [4])]), "broadcast.onnx")
    save(model([helper.make_node("Reshape", ["x", "shape"], ["y"], name="r")],
               [vi("x", [6]), vi("shape", [2], TensorProto.INT64)],
               [vi("y", [2, 3])]), "dynamic_reshape.onnx")


if __name__ == "__main__":
    main(sys.argv[1])
