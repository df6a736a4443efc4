// The shipped IXI encoder's data (scripts/train-ixi-encoder.ts trains on it, scripts/eval-ixi-encoder.ts reports on
// it): the embedded model's dataset (built once into DATA_DIR) split by the 20 subjects of the NVlabs reference's
// holdout.txt into training slices (130 subjects) and held-out slices (20 subjects), on the model's [−1, 1] scale.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetCreateInputSchema } from '../src-shared/api/datasets.js';
import { uint8ToModel } from '../src-shared/imaging/convert.js';
import { buildDataset } from '../src-main/datasets/build.js';
import { loadDataset } from '../src-main/datasets/store.js';
import { subjectOf } from '../src-main/projection/inputs.js';

export const ixiEncoderDataset = 'ixi-t1-axial-64';

export interface IxiEncoderData {
  loaded: Awaited<ReturnType<typeof loadDataset>>;
  /** holdout.txt's file names, in its order. */
  holdoutFiles: string[];
  train: number[];
  heldOut: number[];
  /** The dataset's images at these rows, N × 1 × 64 × 64 in [−1, 1]. */
  pick: (rows: number[]) => Float32Array;
}

export async function ixiEncoderData(dataDir: string, shared: string): Promise<IxiEncoderData> {
  if (!existsSync(join(dataDir, 'datasets', ixiEncoderDataset, 'dataset.json'))) {
    // The embedded model's own dataset settings (assets/models/ixi-t1-64/README.md).
    const info = await buildDataset(dataDir, datasetCreateInputSchema.parse({ name: ixiEncoderDataset, source: { kind: 'files', paths: [join(shared, 'ixi')] }, resolution: 64, axis: 'z', sliceRange: [0.45, 0.85], sliceStep: 2, minForeground: 0.2 }));
    console.log(`dataset: ${info.count} slices from ${info.sourceCount} volumes`);
  }
  const holdoutFiles = readFileSync(join(shared, 'models', 'ixi-t1-64-nvlabs', 'holdout.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const holdout = new Set(holdoutFiles.map(subjectOf));
  const loaded = await loadDataset(dataDir, ixiEncoderDataset);
  const per = loaded.info.channels * loaded.info.resolution ** 2;
  const train: number[] = [];
  const heldOut: number[] = [];
  loaded.items.forEach((it, i) => (holdout.has(subjectOf(it.source)) ? heldOut : train).push(i));
  const pick = (rows: number[]): Float32Array => {
    const out = new Float32Array(rows.length * per);
    rows.forEach((i, k) => out.set(uint8ToModel(loaded.images.subarray(i * per, (i + 1) * per)), k * per));
    return out;
  };
  return { loaded, holdoutFiles, train, heldOut, pick };
}
