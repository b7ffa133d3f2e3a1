#!/bin/sh
# Trains and exports the Transformer translation example, compiles
# translate.seq with seqc (encode, decode_step and decode_prefix in one
# object) and links translate.c against it, then decodes the sample and the
# arguments and checks the tokens and logits against PyTorch's.
#
#   examples/transformer_translate/run.sh BUILD_DIR WORK_DIR [DIGITS ...]
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

echo "== PyTorch: train, export, greedy decoding with a key/value cache"
"$python" "$here/export.py" "$work"
echo "== seqc: encode, decode_step, decode_prefix into one object"
"$build/bin/seqc" "$here/translate.seq" --weights "$work/translate.safetensors" \
  -o "$work/model.o" --header "$work/model.h"
${CC:-cc} -std=c11 -O2 -Wall -I"$work" "$here/translate.c" "$work/model.o" \
  -lm -o "$work/translate"
echo "== translate (seqc, greedy, one decode_step per token, caches in place)"
"$work/translate" --repeat 20 --dump "$work"
"$python" "$here/compare.py" "$work"
if [ $# -gt 0 ]; then
  "$work/translate" "$@"
fi
