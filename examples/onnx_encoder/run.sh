#!/bin/sh
# An ONNX file in, a native object out: export nn.TransformerEncoder with
# torch.onnx.export, compile encoder.onnx with seqc (the importer raises the
# exported attention and layer norms to the fused forms, as the report
# shows), link main.c, check against PyTorch and time both.
#
#   examples/onnx_encoder/run.sh BUILD_DIR WORK_DIR [BATCH SEQ REPEAT]
#
# PYTHON (default /usr/bin/python3) must have torch, numpy and onnx.
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR WORK_DIR [BATCH SEQ REPEAT]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$1
work=$2
batch=${3:-8}
seq=${4:-64}
repeat=${5:-5}
python=${PYTHON:-/usr/bin/python3}
threads=$(nproc)
mkdir -p "$work"

"$python" "$here/export.py" "$work" --batch "$batch" --seq "$seq" --time "$repeat"
echo "\$ seqc encoder.onnx -o encoder.o --header encoder.h --seq-raise-attention-report"
"$build/bin/seqc" "$work/encoder.onnx" -o "$work/encoder.o" \
  --header "$work/encoder.h" --seq-raise-attention-report 2>&1 |
  sed "s|^$work/||; s/: remark: seq-raise-attention:/:/"
${CC:-cc} -std=c11 -O2 -Wall -I"$work" "$here/main.c" "$work/encoder.o" \
  -lm -lpthread -o "$work/encoder"
"$work/encoder" "$work" "$batch" "$seq" "$repeat" 1 "$threads"
"$python" "$here/export.py" "$work" --check "$work/out.bin"
