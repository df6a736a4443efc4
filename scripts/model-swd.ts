// Sliced Wasserstein distance (ProGAN) between real images and generated ones: `node --import tsx scripts/model-swd.ts REAL.npy FAKE.npy [--n 2000] [--seed 0]`.
// REAL may be a dataset's uint8 images.npy (NVlabs' convention x = u/127.5 − 1) or float32 on [−1, 1]; FAKE a float32
// generator output (`latentrad generate --seeds 0-1999 --out FAKE.npy`), clamped to [−1, 1] as an image would be.
// `npm run model:quality` does this and the held-out projection in one go, for a model directory.
import { readFileSync } from 'node:fs';
import { decodeNpy } from '../src-shared/io/npy.js';
import { firstImages, sampleImageStack } from '../src-shared/analysis/imageSample.js';
import { swdReport } from '../src-shared/analysis/swd.js';

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
const load = (path: string, s: number) => sampleImageStack(decodeNpy(new Uint8Array(readFileSync(path))), n, s, path);
const real = load(realPath, seed);
const fake = load(fakePath, seed + 1);
const count = Math.min(real.n, fake.n);
const t0 = performance.now();
const result = swdReport(firstImages(real, count), firstImages(fake, count), { seed });
console.log(JSON.stringify({ real: realPath, fake: fakePath, images: count, seconds: +((performance.now() - t0) / 1000).toFixed(1), ...result }, null, 1));
