#!/bin/sh
# Runs every fuzz target for SECONDS each, on a corpus kept in
# BUILD_DIR/fuzz-corpus (seeded from the tests by seeds.py), and prints one
# line per target: executions, coverage (edges) and features at the end.
# A crash, a sanitizer report, a timeout (10 s per input) or an input using
# more than 2 GB stops that target; its input is left in BUILD_DIR/fuzz-
# findings and the script exits 1.
#
#   test/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
set -u
build=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
targets=${*:-fuzz_seq_frontend fuzz_seq_dialect fuzz_onnx fuzz_safetensors fuzz_npy}
seeds=$build/fuzz-seeds
corpus=$build/fuzz-corpus
findings=$build/fuzz-findings
rm -rf "$seeds"
"$python" "$here/seeds.py" "$root" "$seeds" || exit 1
mkdir -p "$findings"
status=0
for t in $targets; do
  mkdir -p "$corpus/$t"
  dict=
  [ "$t" = fuzz_seq_frontend ] && dict=-dict=$here/seq.dict
  log=$build/fuzz-$t.log
  "$build/bin/$t" "$corpus/$t" "$seeds/$t" $dict -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$findings/$t-" >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  if [ $rc -ne 0 ]; then
    status=1
    echo "$t: FINDING after ${runs:-?} runs (see $log, $findings)"
  else
    echo "$t: ${runs:-?} runs in ${seconds} s, coverage ${cov:-?} edges, ${ft:-?} features"
  fi
done
exit $status
