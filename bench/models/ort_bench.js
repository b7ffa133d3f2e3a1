#!/usr/bin/env node
// bench/models/ort_bench.js: times one ONNX model on ONNX Runtime's CPU
// execution provider (onnxruntime-node), for bench.py.
//
//   node ort_bench.js SPEC.json
//
// SPEC.json:
//   { "model": "m.onnx", "threads": 2, "repeat": 10, "warmup": 2,
//     "inputs": [ { "name": "x", "file": "x.bin", "dtype": "float32",
//                   "shape": [8, 128, 512] }, ... ],
//     "output_dir": "DIR" }
// Inputs are raw little-endian arrays (float32, int32 or int64), C order.
// The session has intraOpNumThreads = threads, interOpNumThreads = 1, every
// graph optimisation and sequential execution. After `warmup` calls it times
// `repeat` calls of session.run (process.hrtime.bigint around each) and
// prints one line of JSON: {"min_ms", "median_ms", "times_ms", "outputs"},
// having written each output to DIR/<output name>.bin (raw little-endian).
'use strict';

const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const TYPED = {
  float32: Float32Array,
  int32: Int32Array,
  int64: BigInt64Array,
};

function readInput(spec) {
  const Typed = TYPED[spec.dtype];
  if (!Typed) throw new Error(`input ${spec.name}: unsupported dtype ${spec.dtype}`);
  const bytes = fs.readFileSync(spec.file);
  const count = spec.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== count * Typed.BYTES_PER_ELEMENT)
    throw new Error(`${spec.file}: ${bytes.length} bytes, expected ` +
                    `${count * Typed.BYTES_PER_ELEMENT} for ${spec.dtype} ` +
                    `[${spec.shape}]`);
  // A copy into its own (aligned) ArrayBuffer.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return new ort.Tensor(spec.dtype, new Typed(buffer), spec.shape);
}

async function main() {
  if (process.argv.length !== 3) {
    process.stderr.write('usage: node ort_bench.js SPEC.json\n');
    process.exit(2);
  }
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const session = await ort.InferenceSession.create(spec.model, {
    intraOpNumThreads: spec.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  const feeds = {};
  for (const input of spec.inputs) feeds[input.name] = readInput(input);

  let results;
  for (let i = 0; i < Math.max(1, spec.warmup); ++i) results = await session.run(feeds);
  const times = [];
  for (let i = 0; i < spec.repeat; ++i) {
    const start = process.hrtime.bigint();
    results = await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

  const outputs = [];
  fs.mkdirSync(spec.output_dir, { recursive: true });
  for (const name of session.outputNames) {
    const tensor = results[name];
    const data = tensor.data;
    const file = path.join(spec.output_dir, `${name}.bin`);
    fs.writeFileSync(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    outputs.push({ name, file, dtype: tensor.type, shape: tensor.dims });
  }
  process.stdout.write(JSON.stringify({
    min_ms: sorted[0], median_ms: median, times_ms: times, outputs,
  }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`ort_bench.js: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
