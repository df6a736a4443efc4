// Sample grids from G_ema (fixed latents, const noise) as PNGs marked synthetic, and G_ema export as a model dir.
import * as tf from '@tensorflow/tfjs';
import { modelToUint8Value } from '../../../src-shared/imaging/convert.js';
import { encodePng, syntheticPngText } from '../../io/png.js';
import { burnSyntheticLabel } from '../../../src-shared/viewer/syntheticLabel.js';
import { writeModelDir } from '../stylegan2/modelDir.js';
import type { Provenance } from '../stylegan2/modelDir.js';
import { generate, networkArrays } from '../stylegan2/networks.js';
import type { Generator } from '../stylegan2/networks.js';
import { Rng } from '../stylegan2/random.js';

/** The grid's latents come from their own seed so every grid of a run shows the same z. */
export function gridLatents(seed: number, count: number, zDim: number): Float32Array {
  return new Rng(seed + 0x5eed).normalArray(count * zDim);
}

/** Tiles NHWC images (values nominally [−1, 1]) into one grey/RGB 8-bit image, `cols` wide. */
export function tileImages(images: Float32Array, count: number, res: number, channels: number, cols: number): { width: number; height: number; data: Uint8Array } {
  const rows = Math.ceil(count / cols);
  const width = cols * res;
  const height = rows * res;
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < count; i++) {
    const gx = (i % cols) * res;
    const gy = Math.floor(i / cols) * res;
    for (let y = 0; y < res; y++) {
      for (let x = 0; x < res; x++) {
        for (let c = 0; c < channels; c++) {
          const v = images[((i * res + y) * res + x) * channels + c];
          data[((gy + y) * width + gx + x) * channels + c] = modelToUint8Value(v);
        }
      }
    }
  }
  return { width, height, data };
}

/** A PNG grid of G_ema samples, with the synthetic-image metadata every generated image carries. */
export async function sampleGridPng(G: Generator, latents: Float32Array, count: number, cols: number, note: string): Promise<Buffer> {
  const { zDim, resolution, imgChannels } = G.config;
  const pixels: Float32Array[] = [];
  // Small chunks keep peak memory low on the wasm heap.
  for (let start = 0; start < count; start += 8) {
    const n = Math.min(8, count - start);
    const img = tf.tidy(() => generate(G, tf.tensor2d(latents.subarray(start * zDim, (start + n) * zDim), [n, zDim]), { noiseMode: 'const' }));
    pixels.push((await img.data()) as Float32Array);
    img.dispose();
  }
  const all = new Float32Array(count * resolution * resolution * imgChannels);
  let offset = 0;
  for (const p of pixels) {
    all.set(p, offset);
    offset += p.length;
  }
  const grid = tileImages(all, count, resolution, imgChannels, cols);
  burnSyntheticLabel(grid.data, grid.width, grid.height, imgChannels === 3 ? 3 : 1);
  return encodePng({ ...grid, channels: imgChannels === 3 ? 3 : 1, bitDepth: 8, text: { ...syntheticPngText, Comment: note } });
}

export async function exportGenerator(dir: string, G: Generator, name: string, provenance: Provenance): Promise<void> {
  await writeModelDir(dir, { name, config: G.config, generator: await networkArrays(G), provenance });
}
