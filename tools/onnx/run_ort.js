// Fills in golden outputs with ONNX Runtime (fixture tooling only; never a dependency of the library).
//   node run_ort.js <dir>   : for every <case>.json beside <case>.onnx under <dir> (recursively), runs ORT on the
//                             stored inputs and writes "outputs" into the json.
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

function decode(t) {
  const buf = Buffer.from(t.data, 'base64');
  const f = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  return new ort.Tensor('float32', Float32Array.from(f), t.dims);
}

function encode(name, t) {
  let data = t.data;
  if (!(data instanceof Float32Array)) data = Float32Array.from(Array.from(data, Number));
  return { name, dims: t.dims.map(Number), data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
}

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.json') && fs.existsSync(p.replace(/\.json$/, '.onnx'))) yield p;
  }
}

(async () => {
  const dir = process.argv[2];
  for (const file of walk(dir)) {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    const session = await ort.InferenceSession.create(file.replace(/\.json$/, '.onnx'), { intraOpNumThreads: 1, graphOptimizationLevel: 'disabled' });
    const feeds = {};
    for (const t of doc.inputs) feeds[t.name] = decode(t);
    const result = await session.run(feeds);
    doc.outputs = session.outputNames.map((n) => encode(n, result[n]));
    fs.writeFileSync(file, JSON.stringify(doc));
    console.log(path.relative(dir, file), doc.outputs.map((o) => `${o.name}[${o.dims}]`).join(' '));
  }
})().catch((e) => { console.error(e); process.exit(1); });
