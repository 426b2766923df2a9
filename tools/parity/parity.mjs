// Produces TF.js (wasm backend, 1 thread) reference outputs for the face models on fixed,
// reproducible inputs, written as small JSON fixtures for the C# parity tests.
//
//   npm ci --prefix models && npm ci --prefix tools/parity
//   node tools/parity/parity.mjs [outDir]
//
// Inputs are generated, never stored: pixel bytes come from mulberry32(seed) (byte = next() >>> 24,
// NHWC order), then the model's own normalisation is applied in float32 by tfjs ops. The C# tests
// regenerate the same bytes (see Fixtures/parity/README.md). Large outputs are stored with a stride
// (values[i] = data[i * stride]) plus sum and sum of absolute values of the full tensor.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const { PNG } = require('pngjs');
const jpeg = require('jpeg-js');

const outDir = path.resolve(process.argv[2] ?? path.join(repo, 'tests/WorkflowPlatform.Faces.Tests/Fixtures/parity'));
const modelsDir = path.join(repo, 'models/node_modules/@vladmandic');
const facesDir = process.env.WFP_FACES_DIR ?? path.resolve(repo, '../shared/faces');

wasm.setThreadsCount?.(1);
await tf.setBackend('wasm');
await tf.ready();

export function mulberry32(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function seededBytes(seed, count) {
  const next = mulberry32(seed);
  const bytes = new Float32Array(count);
  for (let i = 0; i < count; i++) bytes[i] = next() >>> 24;
  return bytes;
}

const round = (v) => Number(v.toPrecision(7));

function summarise(name, data, shape, maxValues = 2048) {
  const stride = Math.max(1, Math.ceil(data.length / maxValues));
  const values = [];
  for (let i = 0; i < data.length; i += stride) values.push(round(data[i]));
  let sum = 0, sumAbs = 0;
  for (const v of data) { sum += v; sumAbs += Math.abs(v); }
  return { name, shape, stride, count: data.length, sum: round(sum), sumAbs: round(sumAbs), values };
}

function write(file, obj) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, file), JSON.stringify(obj) + '\n');
  console.log('wrote', file, fs.statSync(path.join(outDir, file)).size, 'bytes');
}

async function loadGraph(jsonPath) {
  const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  const dir = path.dirname(jsonPath);
  const weightSpecs = [];
  const buffers = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy }));
}

// ---- 1. graph models on seeded inputs -------------------------------------------------------
const graphModels = [
  { key: 'blazeface', file: 'human/models/blazeface.json', size: 256, seed: 101, norm: 'x / 127.5 - 1', f: (x) => tf.sub(tf.div(x, 127.5), 1) },
  { key: 'facemesh', file: 'human/models/facemesh.json', size: 192, seed: 202, norm: 'x / 255', f: (x) => tf.div(x, 255) },
  { key: 'antispoof', file: 'human/models/antispoof.json', size: 128, seed: 303, norm: 'x / 255', f: (x) => tf.div(x, 255) },
  { key: 'liveness', file: 'human/models/liveness.json', size: 32, seed: 404, norm: 'x / 255', f: (x) => tf.div(x, 255) },
];

for (const m of graphModels) {
  const model = await loadGraph(path.join(modelsDir, m.file));
  const shape = [1, m.size, m.size, 3];
  const raw = tf.tensor(seededBytes(m.seed, m.size * m.size * 3), shape, 'float32');
  const input = m.f(raw);
  const outNames = model.outputs.map((o) => o.name);
  let outs = model.execute(input, outNames);
  if (!Array.isArray(outs)) outs = [outs];
  const outputs = [];
  for (let i = 0; i < outs.length; i++) outputs.push(summarise(outNames[i], await outs[i].data(), outs[i].shape));
  const inData = await input.data();
  write(`${m.key}.json`, {
    model: m.key, file: `models/node_modules/@vladmandic/${m.file}`, backend: 'tfjs-wasm 4.22.0',
    input: { name: model.inputs[0].name, shape, generator: 'mulberry32', seed: m.seed, bytes: 'byte = next() >>> 24, NHWC', normalisation: m.norm, sum: round(inData.reduce((a, b) => a + b, 0)) },
    tolerance: 1e-3, outputs,
  });
  tf.dispose([raw, input, ...outs]);
}

// ---- 2. dlib ResNet (face-api faceRecognitionNet) on a seeded 150x150 chip -------------------
{
  const faceapi = require(path.join(modelsDir, 'face-api/dist/face-api.node-wasm.js'));
  await faceapi.tf.setBackend('wasm');
  await faceapi.tf.ready();
  const net = faceapi.nets.faceRecognitionNet;
  const manifest = path.join(modelsDir, 'face-api/model/face_recognition_model-weights_manifest.json');
  const specs = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const buffers = specs.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(path.dirname(manifest), p))));
  const all = Buffer.concat(buffers);
  const weightMap = faceapi.tf.io.decodeWeights(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength), specs.flatMap((g) => g.weights));
  net.loadFromWeightMap(weightMap);
  const fixtures = [];
  for (const seed of [505, 606]) {
    const chip = faceapi.tf.tensor3d(seededBytes(seed, 150 * 150 * 3), [150, 150, 3], 'float32');
    const d = await net.computeFaceDescriptor(chip);
    fixtures.push({ seed, descriptor: Array.from(d, round) });
    faceapi.tf.dispose(chip);
  }
  write('dlib.json', {
    model: 'dlib', file: 'models/node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json', backend: 'face-api 1.7.15 on tfjs-wasm',
    input: { shape: [150, 150, 3], generator: 'mulberry32', bytes: 'byte = next() >>> 24, HWC (already 150x150, so no pad/resize)', normalisation: '(x - [122.782, 117.001, 104.298]) / 255' },
    tolerance: { maxAbs: 1e-3, cosine: 0.9999 }, cases: fixtures,
  });
}

// ---- 3. tfjs image ops the pre-processing must reproduce -------------------------------------
{
  const w = 23, h = 17;
  const img = tf.tensor(seededBytes(707, w * h * 3), [1, h, w, 3], 'float32');
  const cases = [];
  for (const [oh, ow] of [[11, 13], [40, 31], [256, 256]]) {
    const r = tf.image.resizeBilinear(img, [oh, ow], false, false);
    cases.push({ op: 'resizeBilinear', size: [oh, ow], output: summarise('out', await r.data(), r.shape) });
    r.dispose();
  }
  for (const box of [[0.1, 0.2, 0.8, 0.9], [-0.2, -0.1, 1.3, 1.1], [0.25, 0.6, 0.5, 0.95]]) {
    const r = tf.image.cropAndResize(img, [box], [0], [19, 19], 'bilinear', 0);
    cases.push({ op: 'cropAndResize', box, size: [19, 19], output: summarise('out', await r.data(), r.shape) });
    r.dispose();
  }
  write('imageops.json', { input: { shape: [1, h, w, 3], generator: 'mulberry32', seed: 707, bytes: 'byte = next() >>> 24, NHWC' }, tolerance: 1e-3, cases });
  img.dispose();
}

// ---- 4. human's face pipeline on real photos (outputs only; photos are never copied) --------
function decodeFile(file) {
  const buf = fs.readFileSync(file);
  let w, h, rgba;
  if (file.endsWith('.png')) { const p = PNG.sync.read(buf); w = p.width; h = p.height; rgba = p.data; }
  else { const j = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true }); w = j.width; h = j.height; rgba = j.data; }
  const rgb = new Float32Array(w * h * 3);
  let byteSum = 0;
  for (let i = 0, o = 0; i < w * h; i++) for (let c = 0; c < 3; c++, o++) { rgb[o] = rgba[i * 4 + c]; byteSum += rgba[i * 4 + c]; }
  return { w, h, rgb, byteSum };
}

{
  // Node's fetch has no file:// scheme; human loads its models with fetch, so serve those from disk.
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url, init) => {
    const u = typeof url === 'string' ? url : url.url ?? String(url);
    if (u.startsWith('file://')) return new Response(fs.readFileSync(fileURLToPath(u)));
    return realFetch(url, init);
  };
  const { Human } = require(path.join(modelsDir, 'human/dist/human.node-wasm.js'));
  const human = new Human({
    backend: 'wasm', modelBasePath: 'file://' + path.join(modelsDir, 'human/models') + '/', wasmPath: path.join(repo, 'tools/parity/node_modules/@tensorflow/tfjs-backend-wasm/dist/'),
    debug: false, async: false, warmup: 'none', cacheSensitivity: 0, filter: { enabled: false },
    face: { enabled: true, detector: { rotation: false, maxDetected: 10, minConfidence: 0.2, iouThreshold: 0.1, return: false }, mesh: { enabled: true },
      iris: { enabled: false }, emotion: { enabled: false }, description: { enabled: false }, attention: { enabled: false }, antispoof: { enabled: true }, liveness: { enabled: true } },
    body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false }, segmentation: { enabled: false },
  });
  await human.load();
  const files = ['alex2.png', 'bernadette1.png', 'howard2.png', 'obama.jpg', 'two-people.jpg'];
  const results = [];
  for (const f of files) {
    const full = path.join(facesDir, f);
    if (!fs.existsSync(full)) { console.warn('missing', full); continue; }
    const { w, h, rgb, byteSum } = decodeFile(full);
    const t = tf.tensor(rgb, [1, h, w, 3], 'float32');
    const r = await human.detect(t);
    t.dispose();
    results.push({
      file: f, width: w, height: h, decodedByteSum: byteSum, decoder: f.endsWith('.png') ? 'pngjs 7 (lossless)' : 'jpeg-js 0.4.4 (JPEG decoders may differ by a few levels)',
      faces: r.face.map((x) => ({
        box: x.box, boxScore: x.boxScore, faceScore: x.faceScore, score: x.score, real: x.real, live: x.live,
        angle: x.rotation?.angle, size: x.size,
        mesh: x.mesh.map((p) => [p[0], p[1], p[2]]),
      })),
    });
  }
  write('human-pipeline.json', {
    backend: 'human 3.3.6 node-wasm', config: 'detector rotation off, maxDetected 10, minConfidence 0.2, iou 0.1, mesh on, iris off, antispoof+liveness on',
    note: 'Photos are read from ../shared/faces at generation time; only outputs are stored. Mesh points are image pixels (trunc), angles in radians.',
    results,
  });
}
