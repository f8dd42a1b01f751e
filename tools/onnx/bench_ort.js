// Times ONNX Runtime (CPU) on a model and input written by make_fixtures.py --bench, single-threaded and with all
// threads, for docs/benchmarks/engine.md. Benchmark tooling only.
//   node bench_ort.js [out/acoustic_bench.onnx] [runs]
const fs = require('fs');
const os = require('os');
const ort = require('onnxruntime-node');

(async () => {
  const modelPath = process.argv[2] || 'out/acoustic_bench.onnx';
  const runs = Number(process.argv[3] || 10);
  const doc = JSON.parse(fs.readFileSync(modelPath.replace(/\.onnx$/, '.json'), 'utf8'));
  const t = doc.inputs[0];
  const buf = Buffer.from(t.data, 'base64');
  const input = new ort.Tensor('float32', Float32Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4)), t.dims);
  console.log(`onnxruntime-node ${require('onnxruntime-node/package.json').version}, model ${modelPath}, input [${t.dims}], ${os.cpus().length} cpus`);
  for (const threads of [1, os.cpus().length]) {
    const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const feeds = { [t.name]: input };
    for (let i = 0; i < 3; i++) await session.run(feeds);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(`threads=${threads}: median ${times[times.length >> 1].toFixed(1)} ms, min ${times[0].toFixed(1)} ms over ${runs} runs`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
