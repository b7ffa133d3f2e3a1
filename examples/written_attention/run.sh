#!/bin/sh
# The tutorial's hand-written encoder layer: export from PyTorch, compile
# encoder_layer.seq with seqc (which finds the attention in it, as the
# report line shows), link main.c, check against PyTorch and time both.
#
#   examples/written_attention/run.sh BUILD_DIR WORK_DIR [BATCH SEQ REPEAT]
#
# PYTHON (default /usr/bin/python3) must have torch and numpy.
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR WORK_DIR [BATCH SEQ REPEAT]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$1
work=$2
batch=${3:-8}
seq=${4:-128}
repeat=${5:-5}
python=${PYTHON:-/usr/bin/python3}
threads=$(nproc)
mkdir -p "$work"

"$python" "$here/export.py" "$work" --batch "$batch" --seq "$seq" --time "$repeat"
echo "\$ seqc encoder_layer.seq --weights encoder_layer.safetensors --seq-raise-attention-report ..."
"$build/bin/seqc" "$here/encoder_layer.seq" --weights "$work/encoder_layer.safetensors" \
  -o "$work/encoder_layer.o" --header "$work/encoder_layer.h" \
  --seq-raise-attention-report 2>&1 | sed "s|^$here/||"
${CC:-cc} -std=c11 -O2 -Wall -I"$work" "$here/main.c" "$work/encoder_layer.o" \
  -lm -lpthread -o "$work/encoder_layer"
"$work/encoder_layer" "$work" "$batch" "$seq" "$repeat" 1 "$threads"
"$python" "$here/export.py" "$work" --batch "$batch" --seq "$seq" --check "$work/out.bin"
