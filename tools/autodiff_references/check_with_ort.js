// Cross-check of the fixtures with ONNX Runtime (not needed to regenerate them). Usage, outside the repo:
//   mkdir /tmp/ortcheck && cd /tmp/ortcheck && npm init -y && npm install --ignore-scripts onnxruntime-node@1.30.0
//   NODE_PATH=/tmp/ortcheck/node_modules node tools/autodiff_references/check_with_ort.js tests/OnnxInvert.Autodiff.Tests/Fixtures/torch
// Prints max |ORT - y.npy| per case at B=4 (and B=1, B=8 for cases without batch statistics).
const ort = require('onnxruntime-node');
const fs = require('fs'), path = require('path');
function loadNpy(p) {
  const b = fs.readFileSync(p);
  const hl = b.readUInt16LE(8); const hdr = b.slice(10, 10 + hl).toString();
  if (b[6] !== 1 || !hdr.includes("'descr': '<f4'") || !hdr.includes("'fortran_order': False")) throw new Error('bad npy ' + p);
  const shape = hdr.match(/'shape': \(([^)]*)\)/)[1].split(',').filter(s => s.trim()).map(Number);
  const off = 10 + hl; const ab = b.buffer.slice(b.byteOffset + off, b.byteOffset + b.length);
  return { data: new Float32Array(ab), shape };
}
function sliceBatch(t, lo, hi) { const per = t.data.length / t.shape[0]; return { data: t.data.slice(lo * per, hi * per), shape: [hi - lo, ...t.shape.slice(1)] }; }
function repeatBatch(t, k) { const d = new Float32Array(t.data.length * k); for (let i = 0; i < k; i++) d.set(t.data, i * t.data.length); return { data: d, shape: [t.shape[0] * k, ...t.shape.slice(1)] }; }
function maxdiff(a, b) { let m = 0, s = 0; for (let i = 0; i < a.length; i++) { m = Math.max(m, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); } return [m, s]; }
(async () => {
  const root = process.argv[2];
  for (const c of fs.readdirSync(root).sort()) {
    const dir = path.join(root, c); const meta = JSON.parse(fs.readFileSync(path.join(dir, 'case.json')));
    const sess = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), { graphOptimizationLevel: 'disabled' });
    const ins = {}; for (const [n, f] of Object.entries(meta.inputs)) ins[n] = loadNpy(path.join(dir, f));
    const y = loadNpy(path.join(dir, meta.expected_output));
    const run = async (xs) => { const feeds = {}; for (const [n, t] of Object.entries(xs)) feeds[n] = new ort.Tensor('float32', t.data, t.shape); return (await sess.run(feeds)).image; };
    const out = await run(ins);
    let [m, s] = maxdiff(out.data, y.data);
    let line = `${c}: B=4 max|ort-torch|=${m.toExponential(2)} (max|y|=${s.toFixed(3)}) dims=${out.dims}`;
    if (!meta.batch_statistics) {
      const o1 = await run(Object.fromEntries(Object.entries(ins).map(([n, t]) => [n, sliceBatch(t, 1, 2)])));
      const [m1] = maxdiff(o1.data, sliceBatch(y, 1, 2).data);
      const o8 = await run(Object.fromEntries(Object.entries(ins).map(([n, t]) => [n, repeatBatch(t, 2)])));
      const [m8] = maxdiff(o8.data, repeatBatch(y, 2).data);
      line += `; B=1 ${m1.toExponential(2)} dims=${o1.dims}; B=8 ${m8.toExponential(2)} dims=${o8.dims}`;
    }
    console.log(line);
  }
})().catch(e => { console.error(e); process.exit(1); });
