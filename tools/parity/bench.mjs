// Times the reference pipeline in TF.js (wasm, 1 thread) on the same 640×480 selfie the C# benchmark uses
// (centre crop of ../shared/faces/obama-480p.jpg): human 3.3.6 face pipeline (BlazeFace, FaceMesh, antispoof,
// liveness) + face-api's dlib descriptor on a 150×150 chip. Prints median and min over N runs.
//   NODE_PATH=tools/parity/node_modules node tools/parity/bench.mjs [runs]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const jpeg = require('jpeg-js');
const modelsDir = path.join(repo, 'models/node_modules/@vladmandic');
const facesDir = process.env.WFP_FACES_DIR ?? path.resolve(repo, '../shared/faces');
const runs = Number(process.argv[2] ?? 20);

wasm.setThreadsCount?.(1);
await tf.setBackend('wasm');
await tf.ready();
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  const u = typeof url === 'string' ? url : url.url ?? String(url);
  if (u.startsWith('file://')) return new Response(fs.readFileSync(fileURLToPath(u)));
  return realFetch(url, init);
};

const j = jpeg.decode(fs.readFileSync(path.join(facesDir, 'obama-480p.jpg')), { useTArray: true, formatAsRGBA: true });
const W = 640, H = 480, x0 = Math.floor((j.width - W) / 2), y0 = Math.floor((j.height - H) / 2);
const rgb = new Float32Array(W * H * 3);
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) rgb[(y * W + x) * 3 + c] = j.data[((y + y0) * j.width + x + x0) * 4 + c];

const { Human } = require(path.join(modelsDir, 'human/dist/human.node-wasm.js'));
const human = new Human({
  backend: 'wasm', modelBasePath: 'file://' + path.join(modelsDir, 'human/models') + '/', wasmPath: path.join(repo, 'tools/parity/node_modules/@tensorflow/tfjs-backend-wasm/dist/'),
  debug: false, async: false, warmup: 'none', cacheSensitivity: 0, filter: { enabled: false },
  face: { enabled: true, detector: { rotation: false, maxDetected: 10 }, mesh: { enabled: true }, iris: { enabled: false }, emotion: { enabled: false },
    description: { enabled: false }, attention: { enabled: false }, antispoof: { enabled: true }, liveness: { enabled: true } },
  body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false }, segmentation: { enabled: false },
});
await human.load();
const faceapi = require(path.join(modelsDir, 'face-api/dist/face-api.node-wasm.js'));
const manifest = path.join(modelsDir, 'face-api/model/face_recognition_model-weights_manifest.json');
const specs = JSON.parse(fs.readFileSync(manifest, 'utf8'));
const all = Buffer.concat(specs.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(path.dirname(manifest), p)))));
faceapi.nets.faceRecognitionNet.loadFromWeightMap(faceapi.tf.io.decodeWeights(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength), specs.flatMap((g) => g.weights)));

const input = tf.tensor(rgb, [1, H, W, 3]);
const chip = faceapi.tf.tensor3d(new Float32Array(150 * 150 * 3).fill(120), [150, 150, 3]);
const times = { human: [], dlib: [], total: [] };
for (let i = 0; i < runs + 3; i++) {
  const t0 = performance.now();
  const r = await human.detect(input);
  const t1 = performance.now();
  await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chip);
  const t2 = performance.now();
  if (i >= 3) { times.human.push(t1 - t0); times.dlib.push(t2 - t1); times.total.push(t2 - t0); }
  if (i === 0 && r.face.length !== 1) console.warn('faces:', r.face.length);
}
const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
const min = (a) => Math.min(...a);
console.log(JSON.stringify({ runs, humanMedianMs: med(times.human), dlibMedianMs: med(times.dlib), totalMedianMs: med(times.total), totalMinMs: min(times.total) }));
