// Deterministic inputs shared with the C# tests (RuntimeInputs.cs implements the same generator).
// mulberry32: 32-bit state, integer-only, so JS and .NET produce identical bytes.
export function mulberry32(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RGB bytes, HxWx3. kind "noise": uniform bytes; kind "pattern": integer gradient + small noise. */
export function makeBytes(kind, seed, h, w) {
  const rnd = mulberry32(seed);
  const out = new Uint8Array(h * w * 3);
  let i = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        const r = Math.floor(rnd() * 256);
        out[i++] = kind === 'noise' ? r : (((x * x + 3 * y * y) >> 4) + 85 * c + (r >> 3)) & 255;
      }
    }
  }
  return out;
}

/** Model input normalisation in float32, the same operations the C# side performs. */
export function normalise(bytes, mode) {
  const f = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    f[i] = mode === 'pm1' ? Math.fround(Math.fround(b / 127.5) - 1) : Math.fround(b / 255);
  }
  return f;
}
