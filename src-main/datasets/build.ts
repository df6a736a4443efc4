// Builds a dataset: volumes (NIfTI, or DICOM series that form one) → slices (axis, range, foreground rule), 2D images
// and other DICOM frames → grey planes; each made square, resampled and normalised.
import type { DatasetCreateInput, DatasetInfo } from '../../src-shared/api/datasets.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { luminance, modelToUint8 } from '../../src-shared/imaging/convert.js';
import { percentileOfSorted } from '../../src-shared/math/stats.js';
import { readRaster } from '../io/raster.js';
import { modalityNormalisation, normalisePercentile } from './normalise.js';
import type { NormalisationSpec } from './normalise.js';
import { padToSquare, resample2d } from './resample.js';
import { expandInputs, labelOf, readLabelTable } from './sources.js';
import type { BuildInput, LabelTable, Plane } from './sources.js';
import { extractSlice, readNiftiVolume, sliceLayout } from './volume.js';
import type { Volume } from './volume.js';
import { saveDataset } from './store.js';
import type { DatasetItem, LoadedDataset } from './store.js';

export interface BuildProgress {
  (done: number, total: number, path: string): void;
}

export interface BuildOptions {
  /** Inputs and labels already resolved (a catalog selection); otherwise the spec's files are expanded. */
  resolved?: { inputs: BuildInput[]; labels: LabelTable | null };
  progress?: BuildProgress;
  /** Polled before each input and before writing: true stops the build with `BuildStopped`, nothing written. */
  shouldStop?: () => boolean;
}

/** Thrown when `shouldStop` asked the build to stop; the dataset folder was not touched. */
export class BuildStopped extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super(`stopped after ${done}/${total} inputs`);
    this.name = 'BuildStopped';
  }
}

/** Square in physical space (so anisotropic pixels keep their shape), resampled to `res`×`res`, then normalised. */
export function planeToModel(plane: Plane, res: number, spec: Pick<DatasetCreateInput, 'resample' | 'fit'>, norm: NormalisationSpec): Float32Array {
  return normalisePercentile(planeToSquare(plane, res, spec), norm);
}

/**
 * The geometry half of `planeToModel`: square in physical space and resample to `res`×`res`, padding with `fill`
 * (default: the plane's minimum, i.e. background). A mask drawn on the plane goes through this with fill 0, so it
 * lands on the same model pixels as the image.
 */
export function planeToSquare(plane: Plane, res: number, spec: Pick<DatasetCreateInput, 'resample' | 'fit'>, fill?: number): Float32Array {
  let { data, width, height } = plane;
  // Make pixels square first when spacing differs: stretch the coarser axis.
  if (Math.abs(plane.pixelWidth - plane.pixelHeight) > 1e-6) {
    const w = Math.round((width * plane.pixelWidth) / Math.min(plane.pixelWidth, plane.pixelHeight));
    const h = Math.round((height * plane.pixelHeight) / Math.min(plane.pixelWidth, plane.pixelHeight));
    data = resample2d(data, width, height, w, h, spec.resample);
    width = w;
    height = h;
  }
  let square: Float32Array;
  let size: number;
  if (spec.fit === 'crop') {
    size = Math.min(width, height);
    const top = Math.floor((height - size) / 2);
    const left = Math.floor((width - size) / 2);
    square = new Float32Array(size * size);
    for (let y = 0; y < size; y++) square.set(data.subarray((y + top) * width + left, (y + top) * width + left + size), y * size);
  } else {
    let min = Infinity;
    if (fill === undefined) for (const v of data) if (v < min) min = v;
    ({ data: square, size } = padToSquare(data, width, height, fill ?? min));
  }
  return resample2d(square, size, size, res, res, spec.resample);
}

/** Indices of the slices kept by range and foreground rule (threshold: 10% of the volume's 99th percentile). */
export function selectSlices(volume: Volume, spec: Pick<DatasetCreateInput, 'axis' | 'sliceRange' | 'minForeground' | 'sliceStep'>): number[] {
  const layout = sliceLayout(volume, spec.axis);
  const sample = volume.data.length > 200_000 ? volume.data.filter((_, i) => i % Math.ceil(volume.data.length / 200_000) === 0) : Float32Array.from(volume.data);
  const threshold = 0.1 * percentileOfSorted(sample.sort(), 99);
  const [a, b] = [Math.min(...spec.sliceRange), Math.max(...spec.sliceRange)];
  const first = Math.floor(a * layout.count);
  const last = Math.min(layout.count - 1, Math.ceil(b * layout.count) - 1);
  const kept: number[] = [];
  for (let s = first; s <= last; s += spec.sliceStep) {
    const slice = extractSlice(volume, layout, s);
    let fg = 0;
    for (const v of slice) if (v > threshold) fg++;
    if (fg / slice.length >= spec.minForeground) kept.push(s);
  }
  return kept;
}

/** A PNG or JPEG through the raster reader (the pixel service's), colour folded to luminance. */
export async function readImagePlane(path: string): Promise<Plane> {
  let raster;
  try {
    raster = await readRaster(path);
  } catch (error) {
    throw error instanceof ApiError ? error : new ApiError('bad_input', (error as Error).message);
  }
  const { rows: height, columns: width, channels, data } = raster;
  return { data: luminance(data, width * height, channels), width, height, pixelWidth: 1, pixelHeight: 1 };
}

/** Files and folders → inputs, labels from the CSV if given. Catalog sources are resolved by `datasetInputs`. */
export async function fileInputs(spec: DatasetCreateInput): Promise<{ inputs: BuildInput[]; labels: LabelTable | null }> {
  if (spec.source.kind !== 'files') throw new ApiError('bad_input', 'a catalog source needs the catalog (use the datasets.create API)');
  const inputs = expandInputs(spec.source.paths);
  if (inputs.length === 0) throw new ApiError('bad_input', `no NIfTI volumes or images found in ${spec.source.paths.join(', ')}`);
  return { inputs, labels: spec.labelsCsv ? await readLabelTable(spec.labelsCsv) : null };
}

export async function buildDataset(
  dataDir: string,
  spec: DatasetCreateInput,
  options: BuildOptions = {},
): Promise<DatasetInfo> {
  const { progress, shouldStop } = options;
  const { inputs, labels: labelTable } = options.resolved ?? (await fileInputs(spec));
  const base = modalityNormalisation[spec.modality];
  const norm: NormalisationSpec = { lowPercentile: spec.lowPercentile ?? base.lowPercentile, highPercentile: spec.highPercentile ?? base.highPercentile };
  const res = spec.resolution;
  const images: Uint8Array[] = [];
  const labels: number[][] = [];
  const items: DatasetItem[] = [];
  const skipped: DatasetInfo['skipped'] = [];
  // Inputs that gave at least one image (a series can give some frames and list others as skipped).
  const used = new Set<number>();
  for (const [n, input] of inputs.entries()) {
    // One turn of the event loop per input, so that a stop request sent to the worker is seen at this boundary.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (shouldStop?.()) throw new BuildStopped(n, inputs.length);
    progress?.(n, inputs.length, input.path);
    const label = labelTable ? labelOf(labelTable, input.path) : undefined;
    if (labelTable && !label) {
      skipped.push({ path: input.path, reason: spec.labelsCsv ? `no row in ${spec.labelsCsv}` : 'missing one of the label keys' });
      continue;
    }
    const add = (plane: Plane, source: string, slice: number | null): void => {
      images.push(modelToUint8(planeToModel(plane, res, spec, norm)));
      labels.push(label ?? []);
      items.push({ source, slice });
      used.add(n);
    };
    try {
      if (input.kind === 'image') {
        add(await readImagePlane(input.path), input.path, null);
        continue;
      }
      // NIfTI volumes and DICOM series that form a volume share one slicing path.
      const content = input.kind === 'volume' ? { kind: 'volume' as const, volume: await readNiftiVolume(input.path) } : await input.read();
      if (content.kind === 'planes') {
        for (const p of content.planes) add(p.plane, p.source, p.slice);
        skipped.push(...content.skipped);
        continue;
      }
      const { volume } = content;
      const layout = sliceLayout(volume, spec.axis);
      const kept = selectSlices(volume, spec);
      if (kept.length === 0) skipped.push({ path: input.path, reason: 'no slice passes the range and foreground rule' });
      for (const s of kept) {
        add({ data: extractSlice(volume, layout, s), width: layout.width, height: layout.height, pixelWidth: layout.pixelWidth, pixelHeight: layout.pixelHeight }, input.path, s);
        // A volume at 256² with lanczos is ~1 s of work: let the worker's event loop take a stop request between slices.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      // One unreadable file must not sink a 150-volume build; it is reported in `skipped`.
      skipped.push({ path: input.path, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (shouldStop?.()) throw new BuildStopped(inputs.length, inputs.length);
  progress?.(inputs.length, inputs.length, '');
  if (images.length === 0) throw new ApiError('bad_input', `no usable images: ${skipped.map((s) => `${s.path}: ${s.reason}`).join('; ')}`);
  const labelDim = labelTable?.columns.length ?? 0;
  const info: DatasetInfo = {
    name: spec.name,
    resolution: res,
    channels: 1,
    count: images.length,
    labels: labelTable?.columns ?? [],
    createdAt: new Date().toISOString(),
    sourceCount: used.size,
    normalisation: { ...norm, modality: spec.modality },
    axis: spec.axis,
    resample: spec.resample,
    skipped,
  };
  const all = new Uint8Array(images.length * res * res);
  images.forEach((img, i) => all.set(img, i * res * res));
  const dataset: LoadedDataset = { info, items, images: all, labels: Float32Array.from(labels.flat()), labelDim };
  await saveDataset(dataDir, dataset, spec.overwrite);
  return info;
}
