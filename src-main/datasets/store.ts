// Datasets on disk: <dataDir>/datasets/<name>/ with dataset.json (info + per-image provenance),
// images.npy (uint8 N×C×H×W, NVlabs' convention) and labels.npy (float32 N×L, when there are labels).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { datasetInfoSchema } from '../../src-shared/api/datasets.js';
import type { DatasetInfo } from '../../src-shared/api/datasets.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { readNpy, writeNpy } from '../io/npyFile.js';

export const itemSchema = z.object({ source: z.string(), slice: z.number().int().nullable() });
export type DatasetItem = z.infer<typeof itemSchema>;

const metaSchema = z.object({ info: datasetInfoSchema, items: z.array(itemSchema) });

export interface LoadedDataset {
  info: DatasetInfo;
  items: DatasetItem[];
  /** uint8, N×C×H×W. */
  images: Uint8Array;
  /** float32, N×L (L = 0 when unlabelled). */
  labels: Float32Array;
  labelDim: number;
}

export function datasetsRoot(dataDir: string): string {
  return join(dataDir, 'datasets');
}

export function datasetDir(dataDir: string, name: string): string {
  return join(datasetsRoot(dataDir), name);
}

/** Writes into a temporary folder and renames, so a crash never leaves a half-written dataset behind. */
export async function saveDataset(dataDir: string, dataset: LoadedDataset, overwrite: boolean): Promise<void> {
  const { info } = dataset;
  const final = datasetDir(dataDir, info.name);
  if (existsSync(final) && !overwrite) throw new ApiError('bad_input', `dataset "${info.name}" already exists in ${final} (pass overwrite to replace it)`);
  const temp = `${final}.tmp-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  const r = info.resolution;
  await writeNpy(join(temp, 'images.npy'), dataset.images, [info.count, info.channels, r, r], 'uint8');
  if (dataset.labelDim > 0) await writeNpy(join(temp, 'labels.npy'), dataset.labels, [info.count, dataset.labelDim], 'float32');
  await writeFile(join(temp, 'dataset.json'), `${JSON.stringify({ info, items: dataset.items }, null, 1)}\n`);
  await rm(final, { recursive: true, force: true });
  await rename(temp, final);
}

export async function readDatasetMeta(dataDir: string, name: string): Promise<{ info: DatasetInfo; items: DatasetItem[] }> {
  const file = join(datasetDir(dataDir, name), 'dataset.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ApiError('not_found', `no dataset named "${name}" (${file} is missing)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ApiError('bad_input', `${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = metaSchema.safeParse(json);
  if (!parsed.success) throw new ApiError('bad_input', `${file}: not a LatentRad dataset description (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

export async function loadDataset(dataDir: string, name: string): Promise<LoadedDataset> {
  const { info, items } = await readDatasetMeta(dataDir, name);
  const dir = datasetDir(dataDir, name);
  const images = await readNpy(join(dir, 'images.npy'));
  const r = info.resolution;
  const expected = [info.count, info.channels, r, r];
  if (images.dtype !== 'uint8' || images.shape.join() !== expected.join()) {
    throw new ApiError('bad_input', `${join(dir, 'images.npy')}: expected uint8 [${expected.join(', ')}], found ${images.dtype} [${images.shape.join(', ')}]`);
  }
  let labels: Float32Array = new Float32Array(0);
  let labelDim = 0;
  if (info.labels.length > 0) {
    const file = join(dir, 'labels.npy');
    const array = await readNpy(file);
    if (array.dtype !== 'float32' || array.shape[0] !== info.count) throw new ApiError('bad_input', `${file}: expected float32 [${info.count}, L]`);
    labels = array.data as Float32Array;
    labelDim = array.shape[1] ?? 0;
  }
  return { info, items, images: images.data as Uint8Array, labels, labelDim };
}

export async function listDatasets(dataDir: string): Promise<DatasetInfo[]> {
  const root = datasetsRoot(dataDir);
  if (!existsSync(root)) return [];
  const names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.includes('.tmp-')).map((e) => e.name);
  const infos: DatasetInfo[] = [];
  for (const name of names.sort()) {
    try {
      infos.push((await readDatasetMeta(dataDir, name)).info);
    } catch {
      // A foreign or broken folder is not a dataset; listing must still work.
    }
  }
  return infos;
}

export async function deleteDataset(dataDir: string, name: string): Promise<boolean> {
  const dir = datasetDir(dataDir, name);
  if (!existsSync(dir)) return false;
  await rm(dir, { recursive: true, force: true });
  return true;
}
