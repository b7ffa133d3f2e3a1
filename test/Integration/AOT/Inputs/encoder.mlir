// Two models with the ABI attributes the .seq front end writes: an encoder
// block over token ids with padding lengths, and a small classifier head.
func.func @encoder(
    %tokens: tensor<?x?xi32> {seqc.name = "tokens", seqc.dims = ["batch", "seq"]},
    %lengths: tensor<?xi32> {seqc.name = "lengths", seqc.dims = ["batch"]},
    %emb: tensor<50x16xf32> {seqc.weight = "embed.weight"},
    %in_w: tensor<48x16xf32> {seqc.weight = "attn.in_proj_weight"},
    %in_b: tensor<48xf32> {seqc.weight = "attn.in_proj_bias"},
    %out_w: tensor<16x16xf32> {seqc.weight = "attn.out_proj.weight"},
    %out_b: tensor<16xf32> {seqc.weight = "attn.out_proj.bias"},
    %ln_w: tensor<16xf32> {seqc.weight = "norm.weight"},
    %ln_b: tensor<16xf32> {seqc.weight = "norm.bias"},
    %fc_w: tensor<8x16xf32> {seqc.weight = "fc.weight"},
    %fc_b: tensor<8xf32> {seqc.weight = "fc.bias"})
    -> (tensor<?x?x8xf32> {seqc.name = "out", seqc.dims = ["batch", "seq", "8"]})
    attributes {seqc.model} {
  %x = seq.embedding %tokens, %emb : tensor<?x?xi32>, tensor<50x16xf32>
  %a = seq.multi_head_attention %x, %x, %x heads(2)
      in_proj_weight(%in_w : tensor<48x16xf32>) in_proj_bias(%in_b : tensor<48xf32>)
      out_proj_weight(%out_w : tensor<16x16xf32>) out_proj_bias(%out_b : tensor<16xf32>)
      key_lengths(%lengths : tensor<?xi32>)
      : tensor<?x?x16xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>
  %r = seq.add %x, %a : tensor<?x?x16xf32>, tensor<?x?x16xf32>
  %n = seq.layer_norm %r weight(%ln_w : tensor<16xf32>) bias(%ln_b : tensor<16xf32>) : tensor<?x?x16xf32>
  %y = seq.linear %n, %fc_w, %fc_b : tensor<?x?x16xf32>, tensor<8x16xf32>, tensor<8xf32>
  %z = seq.activation gelu %y : tensor<?x?x8xf32>
  return %z : tensor<?x?x8xf32>
}

func.func @head(
    %x: tensor<?x16xf32> {seqc.name = "x", seqc.dims = ["n", "16"]},
    %w: tensor<4x16xf32> {seqc.weight = "head.weight"})
    -> (tensor<?x4xf32> {seqc.name = "probs", seqc.dims = ["n", "4"]},
        tensor<?x16xf32> {seqc.name = "copy", seqc.dims = ["n", "16"]})
    attributes {seqc.model} {
  %y = seq.linear %x, %w : tensor<?x16xf32>, tensor<4x16xf32>
  %p = seq.softmax %y, axis = -1 : tensor<?x4xf32>
  return %p, %x : tensor<?x4xf32>, tensor<?x16xf32>
}
