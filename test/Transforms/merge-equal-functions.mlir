// RUN: seq-opt %s --seq-merge-equal-functions --split-input-file | FileCheck %s
// RUN: seq-opt %s --seq-merge-equal-functions=inline-single-calls=false \
// RUN:   --split-input-file | FileCheck %s --check-prefix=KEEP

// Three layers equal up to their weights, one listing its constants in
// another order: one function, the weights that differ as trailing
// arguments, each call passing its own. The weight all three share
// (%shared) and the splat stay inside.

// CHECK-LABEL: func.func private @m.layer(
// CHECK-SAME:    %[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-DAG:     %[[SHARED:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 5.000000e+00]>
// CHECK-DAG:     %[[HALF:.*]] = arith.constant dense<5.000000e-01>
// CHECK:         %[[M:.*]] = arith.mulf %[[X]], %[[W]]
// CHECK:         %[[A:.*]] = arith.addf %[[M]], %[[B]]
// CHECK:         %[[S:.*]] = arith.mulf %[[A]], %[[SHARED]]
// CHECK:         %[[R:.*]] = arith.mulf %[[S]], %[[HALF]]
// CHECK:         return %[[R]]
// CHECK-NOT:   func.func private
// CHECK-LABEL: func.func @m(
// CHECK:         %[[W0:.*]] = arith.constant dense<[1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]>
// CHECK:         %[[B0:.*]] = arith.constant dense<[2.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]>
// CHECK:         %[[Y0:.*]] = call @m.layer(%{{.*}}, %[[W0]], %[[B0]])
// CHECK:         %[[W1:.*]] = arith.constant dense<[3.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]>
// CHECK:         %[[B1:.*]] = arith.constant dense<[4.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]>
// CHECK:         %[[Y1:.*]] = call @m.layer(%[[Y0]], %[[W1]], %[[B1]])
// CHECK:         %[[W2:.*]] = arith.constant dense<[5.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]>
// CHECK:         %[[B2:.*]] = arith.constant dense<[6.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]>
// CHECK:         call @m.layer(%[[Y1]], %[[W2]], %[[B2]])

// KEEP-COUNT-1: func.func private @m.layer(

func.func private @m.layer(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[1.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %b = arith.constant dense<[2.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %shared = arith.constant dense<[1.0, 2.0, 3.0, 5.0]> : tensor<4xf32>
  %half = arith.constant dense<0.5> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  %1 = arith.addf %0, %b : tensor<4xf32>
  %2 = arith.mulf %1, %shared : tensor<4xf32>
  %3 = arith.mulf %2, %half : tensor<4xf32>
  return %3 : tensor<4xf32>
}
func.func private @m.layer.1(%x: tensor<4xf32>) -> tensor<4xf32> {
  %b = arith.constant dense<[4.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %half = arith.constant dense<0.5> : tensor<4xf32>
  %shared = arith.constant dense<[1.0, 2.0, 3.0, 5.0]> : tensor<4xf32>
  %w = arith.constant dense<[3.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  %1 = arith.addf %0, %b : tensor<4xf32>
  %2 = arith.mulf %1, %shared : tensor<4xf32>
  %3 = arith.mulf %2, %half : tensor<4xf32>
  return %3 : tensor<4xf32>
}
func.func private @m.layer.2(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[5.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %b = arith.constant dense<[6.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %shared = arith.constant dense<[1.0, 2.0, 3.0, 5.0]> : tensor<4xf32>
  %half = arith.constant dense<0.5> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  %1 = arith.addf %0, %b : tensor<4xf32>
  %2 = arith.mulf %1, %shared : tensor<4xf32>
  %3 = arith.mulf %2, %half : tensor<4xf32>
  return %3 : tensor<4xf32>
}
func.func @m(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = call @m.layer(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = call @m.layer.1(%0) : (tensor<4xf32>) -> tensor<4xf32>
  %2 = call @m.layer.2(%1) : (tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// Not equal: a different op, a different splat, a weight used in another
// place (the two products swap their operands' roles). Each function is
// called once, so each is inlined and none is left.

// CHECK-LABEL: func.func @n(
// CHECK-NOT:     call
// CHECK:         arith.mulf
// CHECK:         arith.addf
// CHECK:         arith.subf
// CHECK:         dense<2.000000e+00>
// CHECK:         return
// CHECK-NOT:   func.func private

// KEEP: func.func private @n.a(
// KEEP: func.func private @n.b(
// KEEP: func.func private @n.c(
// KEEP: func.func private @n.d(

func.func private @n.a(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[1.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  %1 = arith.addf %0, %w : tensor<4xf32>
  return %1 : tensor<4xf32>
}
func.func private @n.b(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[2.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  %1 = arith.subf %0, %w : tensor<4xf32>
  return %1 : tensor<4xf32>
}
func.func private @n.c(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = arith.constant dense<2.0> : tensor<4xf32>
  %0 = arith.mulf %x, %s : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @n.d(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = arith.constant dense<3.0> : tensor<4xf32>
  %0 = arith.mulf %x, %s : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @n(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = call @n.a(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = call @n.b(%0) : (tensor<4xf32>) -> tensor<4xf32>
  %2 = call @n.c(%1) : (tensor<4xf32>) -> tensor<4xf32>
  %3 = call @n.d(%2) : (tensor<4xf32>) -> tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// Two weights that one layer shares but the other does not: not equal.
// And layers that call inner blocks: the inner ones merge first, which
// makes the outer ones equal.

// CHECK-LABEL: func.func private @o.inner(
// CHECK-SAME:    %{{.*}}: tensor<4xf32>, %{{.*}}: tensor<4xf32>) -> tensor<4xf32>
// CHECK-LABEL: func.func private @o.outer(
// CHECK-SAME:    %{{.*}}: tensor<4xf32>, %{{.*}}: tensor<4xf32>, %{{.*}}: tensor<4xf32>) -> tensor<4xf32>
// CHECK:         call @o.inner(
// CHECK:         call @o.inner(
// CHECK-LABEL: func.func @o(
// CHECK-COUNT-2: call @o.outer(
// CHECK-NOT:     call @o.shared

func.func private @o.inner(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[1.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @o.inner.1(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[2.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @o.inner.2(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[3.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @o.inner.3(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[4.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @o.outer(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = call @o.inner(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = call @o.inner.1(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
func.func private @o.outer.1(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = call @o.inner.2(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = call @o.inner.3(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
func.func private @o.shared(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[5.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  %1 = arith.addf %0, %w : tensor<4xf32>
  return %1 : tensor<4xf32>
}
func.func private @o.shared.1(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[6.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %v = arith.constant dense<[7.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %0 = arith.mulf %x, %w : tensor<4xf32>
  %1 = arith.addf %0, %v : tensor<4xf32>
  return %1 : tensor<4xf32>
}
func.func @o(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = call @o.outer(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = call @o.outer.1(%0) : (tensor<4xf32>) -> tensor<4xf32>
  %2 = call @o.shared(%1) : (tensor<4xf32>) -> tensor<4xf32>
  %3 = call @o.shared.1(%2) : (tensor<4xf32>) -> tensor<4xf32>
  return %3 : tensor<4xf32>
}
