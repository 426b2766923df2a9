// Reference outputs for the C# runtime parity tests: runs the shipped models in TF.js 4.22 (wasm backend)
// on deterministic inputs and writes small JSON fixtures (outputs subsampled to <= 1,500 values each).
// Usage: node make-fixtures.mjs <dir holding node_modules/@vladmandic> <fixture output dir>
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { makeBytes, normalise } from './inputs.mjs';

const modelsRoot = process.argv[2] ?? path.resolve('../../../../models/node_modules');
const outDir = process.argv[3] ?? path.resolve('../Fixtures');
const human = path.join(modelsRoot, '@vladmandic/human/models');
const faceapiDir = path.join(modelsRoot, '@vladmandic/face-api/model');

await tf.setBackend('wasm');
await tf.ready();

function loadGraph(file) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const bins = json.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(path.dirname(file), p)));
  const buf = Buffer.concat(bins);
  const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return tf.loadGraphModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: specs, weightData, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy, signature: json.signature, userDefinedMetadata: json.userDefinedMetadata }) });
}

function subsample(arr) {
  const stride = Math.max(1, Math.ceil(arr.length / 1500));
  const values = [];
  for (let i = 0; i < arr.length; i += stride) values.push(Number(arr[i].toPrecision(8)));
  return { length: arr.length, stride, values };
}

const graphs = [
  { name: 'blazeface', file: 'blazeface.json', size: 256, mode: 'pm1' },
  { name: 'facemesh', file: 'facemesh.json', size: 192, mode: 'unit' },
  { name: 'antispoof', file: 'antispoof.json', size: 128, mode: 'unit' },
  { name: 'liveness', file: 'liveness.json', size: 32, mode: 'unit' },
];
const cases = [{ kind: 'noise', seed: 1 }, { kind: 'pattern', seed: 2 }];

for (const g of graphs) {
  const model = await loadGraph(path.join(human, g.file));
  const result = { model: `@vladmandic/human@3.3.6/models/${g.file}`, backend: 'tfjs-wasm 4.22.0', input: { size: g.size, mode: g.mode }, cases: [] };
  for (const c of cases) {
    const x = tf.tensor4d(normalise(makeBytes(c.kind, c.seed, g.size, g.size), g.mode), [1, g.size, g.size, 3]);
    let outs = model.execute(x);
    if (!Array.isArray(outs)) outs = [outs];
    const names = model.outputNodes;
    const outputs = [];
    for (let i = 0; i < outs.length; i++) outputs.push({ name: names[i], shape: outs[i].shape, ...subsample(await outs[i].data()) });
    result.cases.push({ ...c, outputs });
    tf.dispose([x, ...outs]);
  }
  fs.writeFileSync(path.join(outDir, `${g.name}.json`), JSON.stringify(result));
  console.log(g.name, result.cases.map((c) => c.outputs.map((o) => `${o.name}${JSON.stringify(o.shape)}`).join(' ')).join(' | '));
}

// dlib ResNet through face-api itself: raw RGB 150x150 chip -> face-api's own normalisation -> 128-d.
const faceapi = await import('@vladmandic/face-api/dist/face-api.node-wasm.js');
const net = faceapi.nets.faceRecognitionNet;
{
  const manifest = JSON.parse(fs.readFileSync(path.join(faceapiDir, 'face_recognition_model-weights_manifest.json'), 'utf8'));
  const specs = manifest.flatMap((g) => g.weights);
  const buf = Buffer.concat(manifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(faceapiDir, p))));
  const map = tf.io.decodeWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), specs);
  net.loadFromWeightMap(map);
}
const dlib = { model: '@vladmandic/face-api@1.7.15/model/face_recognition_model', backend: 'tfjs-wasm 4.22.0', input: { size: 150, mode: 'dlib-bytes' }, cases: [] };
for (const c of cases) {
  const bytes = makeBytes(c.kind, c.seed, 150, 150);
  const x = tf.tensor3d(Float32Array.from(bytes), [150, 150, 3]);
  const d = await net.computeFaceDescriptor(x);
  dlib.cases.push({ ...c, outputs: [{ name: 'descriptor', shape: [128], length: 128, stride: 1, values: Array.from(d, (v) => Number(v.toPrecision(8))) }] });
  x.dispose();
}
fs.writeFileSync(path.join(outDir, 'dlib.json'), JSON.stringify(dlib));
console.log('dlib', dlib.cases.map((c) => c.outputs[0].values.slice(0, 4)).join(' | '));
