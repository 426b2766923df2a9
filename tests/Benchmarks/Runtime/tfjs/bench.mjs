// tfjs-wasm timing of the same five models, 1 thread, same inputs sizes as ModelBenchmarks.cs.
// Usage (from a directory whose node_modules has @tensorflow/tfjs@4.22.0, @tensorflow/tfjs-backend-wasm@4.22.0,
// @vladmandic/human@3.3.6, @vladmandic/face-api@1.7.15 — e.g. tests/WorkflowPlatform.Faces.Tests/Runtime/Reference after npm ci):
//   node tests/Benchmarks/Runtime/tfjs/bench.mjs <node_modules dir>
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const modelsRoot = path.resolve(process.argv[2] ?? 'node_modules');
const require = createRequire(path.join(modelsRoot, 'x.js'));
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
wasm.setThreadsCount(1);
await tf.setBackend('wasm');
await tf.ready();

function loadGraph(file) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const buf = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(path.dirname(file), p))));
  return tf.loadGraphModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), format: json.format, signature: json.signature, userDefinedMetadata: json.userDefinedMetadata }) });
}

const human = path.join(modelsRoot, '@vladmandic/human/models');
const models = [['BlazeFace 256²', 'blazeface.json', 256], ['FaceMesh 192²', 'facemesh.json', 192], ['antispoof 128²', 'antispoof.json', 128], ['liveness 32²', 'liveness.json', 32]];
const runs = [];
for (const [label, file, size] of models) {
  const m = await loadGraph(path.join(human, file));
  const x = tf.randomUniform([1, size, size, 3]);
  runs.push([label, async () => { const o = m.execute(x); const outs = Array.isArray(o) ? o : [o]; for (const t of outs) await t.data(); tf.dispose(outs); }]);
}
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
{
  const dir = path.join(modelsRoot, '@vladmandic/face-api/model');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'face_recognition_model-weights_manifest.json'), 'utf8'));
  const buf = Buffer.concat(manifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(dir, p))));
  faceapi.nets.faceRecognitionNet.loadFromWeightMap(tf.io.decodeWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), manifest.flatMap((g) => g.weights)));
}
const chip = tf.randomUniform([150, 150, 3], 0, 255);
runs.push(['dlib ResNet 150²', async () => { await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chip); }]);

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
let total = 0;
let cpuTotal = 0;
console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, threads ${wasm.getThreadsCount ? wasm.getThreadsCount() : 1} (machine load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`);
for (const [label, fn] of runs) {
  for (let i = 0; i < 10; i++) await fn();
  const t = [];
  const runs = 60;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); await fn(); t.push(performance.now() - t0); }
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1000 / runs;
  total += median(t);
  cpuTotal += cpu;
  console.log(`  ${label.padEnd(18)} wall median ${median(t).toFixed(2).padStart(7)} ms  min ${Math.min(...t).toFixed(2).padStart(7)} ms  cpu ${cpu.toFixed(2).padStart(7)} ms`);
}
console.log(`  ${'sum'.padEnd(18)} wall median ${total.toFixed(2).padStart(7)} ms                  cpu ${cpuTotal.toFixed(2).padStart(7)} ms`);
