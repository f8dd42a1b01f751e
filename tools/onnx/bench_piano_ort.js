// Times ONNX Runtime (CPU) on the bundled default model with random [1, T, 197] input, 1 thread and all threads,
// for docs/benchmarks/engine.md. Benchmark tooling only (npm install --ignore-scripts onnxruntime-node first).
//   node tools/onnx/bench_piano_ort.js [model] [runs] [frames...]
const os = require('os');
const path = require('path');
const ort = require('onnxruntime-node');

(async () => {
  const modelPath = process.argv[2] || path.join(__dirname, '..', '..', 'src', 'PianoTranscription', 'Models', 'piano-default.onnx');
  const runs = Number(process.argv[3] || 15);
  const frameList = process.argv.length > 4 ? process.argv.slice(4).map(Number) : [1500, 3000];
  console.log(`onnxruntime-node ${require('onnxruntime-node/package.json').version}, ${modelPath}, ${os.cpus().length} cpus (${os.cpus()[0].model})`);
  for (const frames of frameList) {
    const x = new Float32Array(frames * 197);
    for (let i = 0; i < x.length; i++) x[i] = Math.random();
    const feeds = { spectrogram: new ort.Tensor('float32', x, [1, frames, 197]) };
    for (const threads of [1, os.cpus().length]) {
      const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
      for (let i = 0; i < 3; i++) await session.run(feeds);
      const times = [];
      for (let i = 0; i < runs; i++) {
        const s = process.hrtime.bigint();
        await session.run(feeds);
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      times.sort((a, b) => a - b);
      console.log(`frames=${frames} threads=${threads}: median ${times[times.length >> 1].toFixed(1)} ms, min ${times[0].toFixed(1)} ms over ${runs} runs`);
    }
  }
})().catch((e) => { console.error(e); process.exit(1); });
