#!/bin/sh
# `make demo`: the examples on weights exported from PyTorch with a fixed
# seed, each checked against PyTorch and timed next to it.
#   1. transformer_encoder: torch.nn.TransformerEncoder (4 post-norm layers,
#      d_model 256, 4 heads, ffn 1024, padding from lengths) compiled by seqc
#      and linked into its C++ program (main.cpp);
#   2. transformer_decoder: a TransformerDecoderLayer run by seq-run;
#   3. seq2seq: an LSTM encoder-decoder with attention, trained for a few
#      seconds on reversing digit strings, decoded greedily by a C program,
#      one decode_step call per token;
#   4. written_attention: the tutorials' hand-written MultiHeadAttention
#      (matmul, masked_fill, softmax) in an encoder layer, found and fused by
#      seq-raise-attention, compiled by seqc and called from C;
#   5. onnx_encoder: nn.TransformerEncoder exported by torch.onnx.export,
#      the .onnx file compiled by seqc and called from C;
#   6. transformer_translate: an nn.Transformer encoder-decoder trained for
#      under a minute on the same task, decoded greedily from C one
#      decode_step per token with key/value caches updated in place.
#
#   examples/demo.sh BUILD_DIR WORK_DIR
#
# DEMO_BATCH, DEMO_SEQ and DEMO_REPEAT (default 8, 64, 5) set the sizes;
# PYTHON (default /usr/bin/python3) must have torch and numpy.
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR WORK_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
work=$2
python=${PYTHON:-/usr/bin/python3}
cxx=${CXX:-/usr/lib/llvm-19/bin/clang++}
batch=${DEMO_BATCH:-8}
seq=${DEMO_SEQ:-64}
repeat=${DEMO_REPEAT:-5}
threads=$(nproc)
enc=$work/encoder
dec=$work/decoder
mkdir -p "$enc" "$dec"

echo "== transformer_encoder: torch.nn.TransformerEncoder, 4 layers, d_model 256,"
echo "   batch $batch, seq $seq, padding from lengths"
"$python" "$here/transformer_encoder/export.py" "$enc" --batch "$batch" \
  --seq "$seq" --time "$repeat"
echo "\$ seqc encoder.seq --weights encoder.safetensors -o encoder.o --header encoder.h"
"$build/bin/seqc" "$here/transformer_encoder/encoder.seq" \
  --weights "$enc/encoder.safetensors" -o "$enc/encoder.o" --header "$enc/encoder.h"
echo "\$ clang++ -std=c++17 -O2 main.cpp encoder.o -lm -o encoder"
"$cxx" -std=c++17 -O2 -I"$enc" "$here/transformer_encoder/main.cpp" \
  "$enc/encoder.o" -lm -o "$enc/encoder"
echo "\$ ./encoder x.npy lengths.npy --reference reference.npy --repeat $repeat" \
  "--threads 1 --threads $threads"
(cd "$enc" && ./encoder x.npy lengths.npy --reference reference.npy \
  --repeat "$repeat" --threads 1 --threads "$threads")

echo
echo "== transformer_decoder: torch.nn.TransformerDecoderLayer, d_model 256,"
echo "   batch $batch, target $seq, memory $seq"
"$python" "$here/transformer_decoder/export.py" "$dec" --batch "$batch" \
  --tgt "$seq" --mem "$seq" --time "$repeat"
echo "\$ seq-run decoder.seq --weights decoder.safetensors --input tgt=tgt.npy ..." \
  "--repeat $repeat"
rm -f "$dec/result0.npy"
"$build/bin/seq-run" "$here/transformer_decoder/decoder.seq" \
  --weights "$dec/decoder.safetensors" --input tgt="$dec/tgt.npy" \
  --input memory="$dec/memory.npy" --input tgt_lengths="$dec/tgt_lengths.npy" \
  --input memory_lengths="$dec/memory_lengths.npy" --output-dir "$dec" \
  --repeat "$repeat" --print-values 6 | sed 's/^result0: [^=]*= /out = /'
"$python" "$here/transformer_decoder/export.py" "$dec" --check "$dec/result0.npy"

echo
echo "== seq2seq: LSTM encoder-decoder with Luong attention, greedy decoding"
PYTHON=$python "$here/seq2seq/run.sh" "$build" "$work/seq2seq"

echo
echo "== written_attention: the tutorial's hand-written encoder layer (d_model 256,"
echo "   8 heads), batch $batch, seq $seq, an int padding mask"
PYTHON=$python "$here/written_attention/run.sh" "$build" "$work/written_attention" \
  "$batch" "$seq" "$repeat"

echo
echo "== onnx_encoder: torch.nn.TransformerEncoder (2 layers, d_model 256, GELU)"
echo "   exported to ONNX, batch $batch, seq $seq"
PYTHON=$python "$here/onnx_encoder/run.sh" "$build" "$work/onnx_encoder" \
  "$batch" "$seq" "$repeat"

echo
echo "== transformer_translate: nn.Transformer encoder-decoder, greedy decoding"
echo "   with a key/value cache"
PYTHON=$python "$here/transformer_translate/run.sh" "$build" \
  "$work/transformer_translate"
