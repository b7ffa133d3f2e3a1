// A post-norm Transformer encoder layer, as
// torch.nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=256,
// batch_first=True): self-attention with padding from per-sequence lengths,
// residual + LayerNorm, feed-forward (ReLU), residual + LayerNorm.
//
// The weights are arguments in the order of the module's state_dict, so
// run.py can pass them as .npy files: batch and sequence length are dynamic.
func.func @main(%x: tensor<?x?x64xf32>, %lengths: tensor<?xi32>,
                %in_proj_weight: tensor<192x64xf32>, %in_proj_bias: tensor<192xf32>,
                %out_proj_weight: tensor<64x64xf32>, %out_proj_bias: tensor<64xf32>,
                %linear1_weight: tensor<256x64xf32>, %linear1_bias: tensor<256xf32>,
                %linear2_weight: tensor<64x256xf32>, %linear2_bias: tensor<64xf32>,
                %norm1_weight: tensor<64xf32>, %norm1_bias: tensor<64xf32>,
                %norm2_weight: tensor<64xf32>, %norm2_bias: tensor<64xf32>) -> tensor<?x?x64xf32> {
  %attn = seq.multi_head_attention %x, %x, %x heads(4)
      in_proj_weight(%in_proj_weight : tensor<192x64xf32>) in_proj_bias(%in_proj_bias : tensor<192xf32>)
      out_proj_weight(%out_proj_weight : tensor<64x64xf32>) out_proj_bias(%out_proj_bias : tensor<64xf32>)
      key_lengths(%lengths : tensor<?xi32>)
      : tensor<?x?x64xf32>, tensor<?x?x64xf32>, tensor<?x?x64xf32>
  %res1 = seq.add %x, %attn : tensor<?x?x64xf32>, tensor<?x?x64xf32>
  %h = seq.layer_norm %res1 weight(%norm1_weight : tensor<64xf32>) bias(%norm1_bias : tensor<64xf32>) : tensor<?x?x64xf32>
  %ff = seq.ffn %h activation(relu)
      weight1(%linear1_weight : tensor<256x64xf32>) bias1(%linear1_bias : tensor<256xf32>)
      weight2(%linear2_weight : tensor<64x256xf32>) bias2(%linear2_bias : tensor<64xf32>)
      : tensor<?x?x64xf32>
  %res2 = seq.add %h, %ff : tensor<?x?x64xf32>, tensor<?x?x64xf32>
  %out = seq.layer_norm %res2 weight(%norm2_weight : tensor<64xf32>) bias(%norm2_bias : tensor<64xf32>) : tensor<?x?x64xf32>
  return %out : tensor<?x?x64xf32>
}
