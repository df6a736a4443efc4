// Sliced Wasserstein distance (ProGAN) between real images and generated ones: `node --import tsx scripts/model-swd.ts REAL.npy FAKE.npy [--n 2000] [--seed 0]`.
// REAL may be a dataset's uint8 images.npy (NVlabs' convention x = u/127.5 − 1) or float32 on [−1, 1]; FAKE a float32
// generator output (`latentrad generate --seeds 0-1999 --out FAKE.npy`), clamped to [−1, 1] as an image would be.
import { readFileSync } from 'node:fs';
import { decodeNpy } from '../src-shared/io/npy.js';
import type { ImageStack } from '../src-shared/analysis/swd.js';
import { swdReport } from '../src-shared/analysis/swd.js';
import { seededRandom, shuffle } from '../src-shared/analysis/vectors.js';
import { uint8ToModelValue } from '../src-shared/imaging/convert.js';

function load(path: string, n: number, seed: number): ImageStack {
  const a = decodeNpy(new Uint8Array(readFileSync(path)));
  if (a.shape.length !== 4) throw new Error(`${path}: expected N×C×H×W, found [${a.shape}]`);
  const [count, c, h, w] = a.shape;
  const take = Math.min(n, count);
  const order = shuffle(Array.from({ length: count }, (_, i) => i), seededRandom(seed)).slice(0, take);
  const per = c * h * w;
  const data = new Float32Array(take * per);
  const uint8 = a.dtype === 'uint8';
  order.forEach((src, i) => {
    for (let k = 0; k < per; k++) {
      const v = Number(a.data[src * per + k]);
      data[i * per + k] = uint8 ? uint8ToModelValue(v) : Math.max(-1, Math.min(1, v));
    }
  });
  return { data, n: take, c, h, w };
}

const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const [realPath, fakePath] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!realPath || !fakePath) {
  console.error('usage: model-swd.ts REAL.npy FAKE.npy [--n 2000] [--seed 0]');
  process.exit(2);
}
const n = flag('--n', 2000);
const seed = flag('--seed', 0);
const real = load(realPath, n, seed);
const fake = load(fakePath, n, seed + 1);
const count = Math.min(real.n, fake.n);
const cut = (s: ImageStack): ImageStack => ({ ...s, n: count, data: s.data.subarray(0, count * s.c * s.h * s.w) });
const t0 = performance.now();
const result = swdReport(cut(real), cut(fake), { seed });
console.log(JSON.stringify({ real: realPath, fake: fakePath, images: count, seconds: +((performance.now() - t0) / 1000).toFixed(1), ...result }, null, 1));
