// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.embedding: i32 or i64 indices, a [num_embeddings, dim]
// f32 table.

func.func @table_rank_1(%i: tensor<4xi32>, %t: tensor<100xf32>) {
  // expected-error @+1 {{'seq.embedding' op expects table ([num_embeddings, dim]) of rank 2, got 'tensor<100xf32>'}}
  %e = seq.embedding %i, %t : tensor<4xi32>, tensor<100xf32>
  return
}

// -----

func.func @table_rank_3(%i: tensor<4xi32>, %t: tensor<2x100x8xf32>) {
  // expected-error @+1 {{'seq.embedding' op expects table ([num_embeddings, dim]) of rank 2, got 'tensor<2x100x8xf32>'}}
  %e = seq.embedding %i, %t : tensor<4xi32>, tensor<2x100x8xf32>
  return
}

// -----

func.func @float_indices(%i: tensor<4xf32>, %t: tensor<100x8xf32>) {
  // expected-error @+1 {{'seq.embedding' op expects i32 or i64 indices, got 'tensor<4xf32>'}}
  %e = seq.embedding %i, %t : tensor<4xf32>, tensor<100x8xf32>
  return
}

// -----

func.func @i16_indices(%i: tensor<4xi16>, %t: tensor<100x8xf32>) {
  // expected-error @+1 {{'seq.embedding' op expects i32 or i64 indices, got 'tensor<4xi16>'}}
  %e = seq.embedding %i, %t : tensor<4xi16>, tensor<100x8xf32>
  return
}

// -----

func.func @i1_indices(%i: tensor<4xi1>, %t: tensor<100x8xf32>) {
  // expected-error @+1 {{'seq.embedding' op expects i32 or i64 indices, got 'tensor<4xi1>'}}
  %e = seq.embedding %i, %t : tensor<4xi1>, tensor<100x8xf32>
  return
}

// -----

func.func @unsigned_indices(%i: tensor<4xui32>, %t: tensor<100x8xf32>) {
  // expected-error @+1 {{'seq.embedding' op expects i32 or i64 indices, got 'tensor<4xui32>'}}
  %e = seq.embedding %i, %t : tensor<4xui32>, tensor<100x8xf32>
  return
}

// -----

func.func @index_indices(%i: tensor<4xindex>, %t: tensor<100x8xf32>) {
  // expected-error @+1 {{'seq.embedding' op expects i32 or i64 indices, got 'tensor<4xindex>'}}
  %e = seq.embedding %i, %t : tensor<4xindex>, tensor<100x8xf32>
  return
}

// -----

func.func @integer_table(%i: tensor<4xi64>, %t: tensor<100x8xi32>) {
  // expected-error @+1 {{'seq.embedding' op operand #1 must be ranked tensor of 32-bit float values, but got 'tensor<100x8xi32>'}}
  %e = seq.embedding %i, %t : tensor<4xi64>, tensor<100x8xi32>
  return
}

// -----

func.func @scalar_index(%i: i64, %t: tensor<100x8xf32>) {
  // expected-error @+1 {{invalid kind of type specified}}
  %e = seq.embedding %i, %t : i64, tensor<100x8xf32>
  return
}

// -----

func.func @generic_table_rank(%i: tensor<4xi64>, %t: tensor<100xf32>) {
  // expected-error @+2 {{'seq.embedding' op expects table ([num_embeddings, dim]) of rank 2, got 'tensor<100xf32>'}}
  // expected-error @+1 {{'seq.embedding' op failed to infer returned types}}
  %e = "seq.embedding"(%i, %t) : (tensor<4xi64>, tensor<100xf32>) -> tensor<4x100xf32>
  return
}

// -----

func.func @generic_wrong_result(%i: tensor<2x4xi64>, %t: tensor<100x8xf32>) {
  // expected-error @+2 {{'seq.embedding' op inferred type(s) 'tensor<2x4x8xf32>' are incompatible with return type(s) of operation 'tensor<8x2x4xf32>'}}
  // expected-error @+1 {{'seq.embedding' op failed to infer returned types}}
  %e = "seq.embedding"(%i, %t) : (tensor<2x4xi64>, tensor<100x8xf32>) -> tensor<8x2x4xf32>
  return
}
