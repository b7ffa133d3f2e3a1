func.func private @hidden(%x: tensor<4xf32>) -> tensor<4xf32> {
  %init = tensor.empty() : tensor<4xf32>
  %y = linalg.copy ins(%x : tensor<4xf32>) outs(%init : tensor<4xf32>)
      -> tensor<4xf32>
  return %y : tensor<4xf32>
}

func.func private @declared(%x: f32) -> f32
