// Export to NVlabs stylegan2-ada-pytorch's dataset.zip: PNGs in folders of 1000 plus dataset.json with labels,
// the layout its dataset_tool.py writes and its ImageFolderDataset reads.
import { writeFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { join } from 'node:path';
import type { ResultRef } from '../../src-shared/api/results.js';
import { createResult, resultRef } from '../results/store.js';
import { encodePng } from '../io/png.js';
import type { LoadedDataset } from './store.js';

/** `00000/img00000000.png`, as dataset_tool.py names images. */
export function nvlabsImageName(index: number): string {
  return `${String(Math.floor(index / 1000)).padStart(5, '0')}/img${String(index).padStart(8, '0')}.png`;
}

/**
 * NVlabs' loader casts labels by their array rank: one integer per image = class index (one-hot in training),
 * a list of floats per image = a raw label vector. A single categorical column therefore exports as the class
 * index; anything else as the float vector (categorical columns as their codes).
 */
export function nvlabsLabel(dataset: LoadedDataset, index: number): number | number[] {
  const { labelDim, labels, info } = dataset;
  // float32 storage → 7 significant digits, so 38.78 is written as 38.78 and not 38.779998779296875.
  const vector = Array.from(labels.subarray(index * labelDim, (index + 1) * labelDim), (v) => Number(v.toPrecision(7)));
  return labelDim === 1 && info.labels[0]?.kind === 'categorical' ? vector[0] : vector;
}

export function nvlabsZip(dataset: LoadedDataset): Uint8Array {
  const { info, images } = dataset;
  const r = info.resolution;
  const size = r * r * info.channels;
  const files: Zippable = {};
  const labels: [string, number | number[]][] = [];
  for (let i = 0; i < info.count; i++) {
    const name = nvlabsImageName(i);
    const pixels = images.subarray(i * size, (i + 1) * size);
    // Stored C×H×W; PNG wants interleaved H×W×C (identical for one channel).
    const interleaved = new Uint8Array(size);
    for (let c = 0; c < info.channels; c++) for (let p = 0; p < r * r; p++) interleaved[p * info.channels + c] = pixels[c * r * r + p];
    const png = encodePng({ width: r, height: r, channels: info.channels === 3 ? 3 : 1, bitDepth: 8, data: interleaved });
    // PNGs are already deflated; storing them (level 0) saves time without growing the zip.
    files[name] = [new Uint8Array(png.buffer, png.byteOffset, png.byteLength), { level: 0 }];
    if (dataset.labelDim > 0) labels.push([name, nvlabsLabel(dataset, i)]);
  }
  files['dataset.json'] = new TextEncoder().encode(JSON.stringify({ labels: dataset.labelDim > 0 ? labels : null }));
  return zipSync(files);
}

/** Writes `dataset.zip` into a new result (kind `nvlabs-dataset`). */
export async function exportNvlabsZip(dataset: LoadedDataset, dataDir: string): Promise<{ result: ResultRef; count: number; bytes: number }> {
  const zip = nvlabsZip(dataset);
  const { info, dir } = createResult(dataDir, 'nvlabs-dataset', { synthetic: false, meta: { dataset: dataset.info.name } });
  await writeFile(join(dir, 'dataset.zip'), zip);
  return { result: resultRef(dataDir, info.id), count: dataset.info.count, bytes: zip.byteLength };
}
