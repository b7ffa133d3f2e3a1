#!/bin/sh
# Trains and exports the seq2seq example, compiles seq2seq.seq with seqc and
# links translate.c against it, then decodes the sample and the arguments.
#
#   examples/seq2seq/run.sh BUILD_DIR WORK_DIR [DIGITS ...]
#
# PYTHON (default /usr/bin/python3) must have torch and numpy.
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR WORK_DIR [DIGITS ...]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$1
work=$2
shift 2
python=${PYTHON:-/usr/bin/python3}
mkdir -p "$work"

echo "== PyTorch: train, export, greedy decoding"
"$python" "$here/export.py" "$work"
echo "== seqc: both models into one object"
"$build/bin/seqc" "$here/seq2seq.seq" --weights "$work/seq2seq.safetensors" \
  -o "$work/model.o" --header "$work/model.h"
${CC:-cc} -std=c11 -O2 -Wall -I"$work" "$here/translate.c" "$work/model.o" \
  -lm -o "$work/translate"
echo "== translate (seqc, greedy, one decode_step per token)"
"$work/translate" --repeat 20
if [ $# -gt 0 ]; then
  "$work/translate" "$@"
fi
