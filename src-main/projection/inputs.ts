// What a projection starts from: images at the model's resolution in [−1, 1] (NCHW), one index row each. Array files
// are taken as they are; catalog items (volume slices, images, DICOM frames and series) and NIfTI/PNG files are
// prepared exactly as the dataset builder prepared the model's training images (the preprocessing recorded in
// model.json, or a modality preset the user picked).
import { basename, extname } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { ProjectionSource } from '../../src-shared/api/projection.js';
import type { ModelSummary } from '../../src-shared/api/models.js';
import { uint8ToModel, uint8ToModelValue } from '../../src-shared/imaging/convert.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import type { AppContext } from '../base/context.js';
import { getImage, getVolume } from '../catalog/queries.js';
import { catalogOf } from '../catalog/service.js';
import { planeToModel, readImagePlane } from '../datasets/build.js';
import { modalityNormalisation } from '../datasets/normalise.js';
import { loadDataset } from '../datasets/store.js';
import { extractSlice, readNiftiVolume, sliceLayout } from '../datasets/volume.js';
import type { Volume, WorldAxis } from '../datasets/volume.js';
import type { Plane } from '../datasets/sources.js';
import { readNpy } from '../io/npyFile.js';
import { readPng } from '../io/png.js';
import type { Preprocessing } from '../ml/stylegan2/modelDir.js';
import { checkUserPath } from '../security/userPaths.js';
import { dicomIdOf, readDicomItem } from './dicomInputs.js';

/** One image of a latent set: ARTEFACTS.md's index.csv columns (labels as extra columns). */
export interface TargetRow {
  item: string;
  entity: string;
  axis: string;
  slice: number | null;
  subject: string;
}

export interface Targets {
  /** count × channels × res × res, in [−1, 1]. */
  data: Float32Array;
  count: number;
  rows: TargetRow[];
  /**
   * Per row, the source plane's pixel grid when the row is a whole 2D plane (an image or a DICOM frame), else null
   * (a volume slice, an array file): a region drawn on that plane in the viewer maps onto the row through it.
   */
  planes?: Array<Pick<Plane, 'width' | 'height' | 'pixelWidth' | 'pixelHeight'> | null>;
  /** How the images were prepared, for meta.json ("as given", or the builder settings and where they came from). */
  preparation: { source: 'as-given' | 'model' | 'preset' | 'dataset'; preprocessing?: Preprocessing };
}

/** Checks one prepared image: finite and not constant (a constant image has no structure to project). */
export function checkImage(data: Float32Array, what: string): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (!Number.isFinite(v)) throw new ApiError('bad_input', `${what}: contains NaN or Inf values`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) throw new ApiError('bad_input', `${what}: the image is constant (${lo}); nothing to project`);
}

/**
 * An array file is taken as it is, so it must already be on the model's scale ([−1, 1]; generator output overshoots
 * a little, so up to ±4 passes): raw intensities (0–255, Hounsfield units, MR signal) would be projected silently
 * into a meaningless fit.
 */
function checkModelScale(data: Float32Array, path: string): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (!Number.isFinite(v)) continue; // NaN and Inf are refused by checkImage with their own reason.
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo < -4 || hi > 4) {
    throw new ApiError('bad_input', `${path}: values ${lo.toPrecision(4)}..${hi.toPrecision(4)} are not on the model's scale [−1, 1]: rescale the array, or give the image file or catalog item (--item), which is prepared as the training data`);
  }
}

/** .npy (H×W, N×H×W, N×C×H×W) or 8-bit PNG at the model's size → NCHW in [−1, 1]. */
async function fromFile(path: string, model: ModelSummary): Promise<Targets> {
  const res = model.resolution;
  const c = model.imgChannels;
  const ext = extname(path).toLowerCase();
  let data: Float32Array;
  let count: number;
  if (ext === '.npy') {
    const array = await readNpy(path);
    const s = array.shape;
    const ok = (s.length === 2 && c === 1) || (s.length === 3 && c === 1) || s.length === 4;
    const [h, w] = s.slice(-2);
    if (!ok || h !== res || w !== res || (s.length === 4 && s[1] !== c)) {
      throw new ApiError('bad_input', `${path}: shape [${s.join(', ')}] does not fit model ${model.name} (${c} channel${c === 1 ? '' : 's'}, ${res}×${res}): give H×W, N×H×W or N×${c}×${res}×${res}`);
    }
    data = toFloat32(array);
    count = s.length === 2 ? 1 : s[0];
    checkModelScale(data, path);
  } else if (ext === '.png') {
    const png = await readPng(path);
    if (png.width !== res || png.height !== res) throw new ApiError('bad_input', `${path}: ${png.width}×${png.height}, model ${model.name} needs ${res}×${res}`);
    if (png.bitDepth !== 8) throw new ApiError('bad_input', `${path}: ${png.bitDepth}-bit PNG; give an 8-bit PNG or a float .npy`);
    const channels = png.channels >= 3 ? 3 : 1;
    if (channels !== c) throw new ApiError('bad_input', `${path}: ${png.channels} channel${png.channels === 1 ? '' : 's'}, model ${model.name} has ${c}`);
    data = new Float32Array(c * res * res);
    for (let ch = 0; ch < c; ch++) for (let p = 0; p < res * res; p++) data[ch * res * res + p] = uint8ToModelValue(png.data[p * png.channels + ch]);
    count = 1;
  } else {
    throw new ApiError('bad_input', `${path}: give a .npy array or an 8-bit .png at the model's resolution (or a catalog item)`);
  }
  const per = c * res * res;
  for (let i = 0; i < count; i++) checkImage(data.subarray(i * per, (i + 1) * per), count === 1 ? path : `${path} image ${i}`);
  const rows = Array.from({ length: count }, (_, i) => ({ item: path, entity: 'file', axis: '', slice: count === 1 ? null : i, subject: '' }));
  return { data, count, rows, planes: rows.map(() => null), preparation: { source: 'as-given' } };
}

/** NVlabs-style subject id from an IXI-like file name ("IXI012-HH-1211_T1.nii.gz" → "IXI012-HH-1211"). */
export function subjectOf(path: string): string {
  return basename(path).replace(/\.(nii|nii\.gz|png|jpe?g)$/i, '').replace(/_[A-Za-z0-9]+$/, '');
}

type ItemSpec = Extract<ProjectionSource, { kind: 'items' }>['items'][number];

/** The slices an item names in a volume: a fraction range, one index, or the middle slice. */
function slicesOf(it: ItemSpec, count: number): number[] {
  if (it.sliceRange) {
    const [a, b] = [Math.min(...it.sliceRange), Math.max(...it.sliceRange)];
    const first = Math.floor(a * count);
    const last = Math.min(count - 1, Math.max(first, Math.ceil(b * count) - 1));
    return Array.from({ length: last - first + 1 }, (_, k) => first + k);
  }
  return [it.slice ?? Math.floor(count / 2)];
}

async function fromItems(ctx: AppContext, items: ItemSpec[], model: ModelSummary, prep: Preprocessing): Promise<{ data: Float32Array[]; rows: TargetRow[]; planes: NonNullable<Targets['planes']> }> {
  if (model.imgChannels !== 1) throw new ApiError('bad_input', `model ${model.name} has ${model.imgChannels} channels; catalog items are prepared as single-channel images`);
  const norm = { lowPercentile: prep.lowPercentile, highPercentile: prep.highPercentile };
  const spec = { resample: prep.resample, fit: prep.fit };
  const data: Float32Array[] = [];
  const rows: TargetRow[] = [];
  const planes: NonNullable<Targets['planes']> = [];
  const addPlane = (plane: Plane, what: string, row: TargetRow, whole = true): void => {
    const image = planeToModel(plane, model.resolution, spec, norm);
    checkImage(image, what);
    data.push(image);
    rows.push(row);
    planes.push(whole ? { width: plane.width, height: plane.height, pixelWidth: plane.pixelWidth, pixelHeight: plane.pixelHeight } : null);
  };
  const addVolume = (volume: Volume, it: ItemSpec, name: string, row: Omit<TargetRow, 'axis' | 'slice'>): void => {
    const axis: WorldAxis = it.axis ?? prep.axis;
    const layout = sliceLayout(volume, axis);
    for (const s of slicesOf(it, layout.count)) {
      if (s >= layout.count) throw new ApiError('bad_input', `${name}: slice ${s} is outside the ${layout.count} slices along ${axis}`);
      const plane = { data: extractSlice(volume, layout, s), width: layout.width, height: layout.height, pixelWidth: layout.pixelWidth, pixelHeight: layout.pixelHeight };
      // Not `whole`: the builder's world-oriented slice is not the grid the viewer draws on.
      addPlane(plane, `${it.item} slice ${s} along ${axis}`, { ...row, axis, slice: s }, false);
    }
  };
  for (const it of items) {
    let path = it.item;
    let entity = 'file';
    const dicomId = dicomIdOf(ctx, it.item, () => (path = checkUserPath(ctx, it.item, 'projection input')));
    if (dicomId) {
      const content = await readDicomItem(ctx, dicomId, it.frame);
      if (content.kind === 'volume') addVolume(content.volume, it, dicomId, { item: it.item, entity: 'series', subject: content.subject });
      else addPlane(content.plane, `${it.item} frame ${content.frame}`, { item: it.item, entity: content.entity, axis: '', slice: content.frame, subject: content.subject });
      continue;
    }
    if (it.frame !== undefined) throw new ApiError('bad_input', `${it.item}: --frame applies to DICOM instances and series; a volume takes --axis and --slice`);
    const catalogId = /^(volume|image):\d+$/.exec(it.item);
    if (catalogId) {
      const db = catalogOf(ctx).db;
      path = catalogId[1] === 'volume' ? getVolume(db, it.item).path : getImage(db, it.item).path;
      entity = catalogId[1];
    } else if (path === it.item) {
      path = checkUserPath(ctx, it.item, 'projection input');
    }
    const lower = path.toLowerCase();
    if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) {
      addVolume(await readNiftiVolume(path), it, path, { item: it.item, entity: entity === 'file' ? 'volume' : entity, subject: subjectOf(path) });
    } else if (/\.(png|jpe?g)$/.test(lower)) {
      addPlane(await readImagePlane(path), it.item, { item: it.item, entity: entity === 'file' ? 'image' : entity, axis: '', slice: null, subject: subjectOf(path) });
    } else {
      throw new ApiError('bad_input', `${path}: not a NIfTI volume, a PNG/JPEG image or a catalogued DICOM file`);
    }
  }
  return { data, rows, planes };
}

/** The preprocessing to prepare items with: the model's own, else the preset the user picked, else an error. */
export function preprocessingFor(model: ModelSummary, recorded: Preprocessing | undefined, preset: string | undefined): { preprocessing: Preprocessing; source: 'model' | 'preset' } {
  if (recorded) return { preprocessing: recorded, source: 'model' };
  if (!preset) throw new ApiError('bad_input', `model ${model.name} does not record how its training images were prepared; pick a modality preset (MR, CT, FA or image)`);
  const norm = modalityNormalisation[preset];
  if (!norm) throw new ApiError('bad_input', `unknown modality preset "${preset}"`);
  return { preprocessing: { modality: preset, axis: 'z', resample: 'area', fit: 'pad', ...norm }, source: 'preset' };
}

export async function loadTargets(ctx: AppContext, source: ProjectionSource, model: ModelSummary, recorded: Preprocessing | undefined, preset: string | undefined): Promise<Targets> {
  if (source.kind === 'file') return fromFile(checkUserPath(ctx, source.path, 'projection input'), model);
  if (source.kind === 'dataset') {
    const dataset = await loadDataset(ctx.dataDir, source.name);
    const { info } = dataset;
    if (info.resolution !== model.resolution || info.channels !== model.imgChannels) {
      throw new ApiError('bad_input', `dataset "${info.name}" is ${info.channels}×${info.resolution}×${info.resolution}, model ${model.name} needs ${model.imgChannels}×${model.resolution}×${model.resolution}`);
    }
    const count = Math.min(info.count, source.limit ?? info.count);
    const per = info.channels * info.resolution * info.resolution;
    const data = uint8ToModel(dataset.images.subarray(0, count * per));
    const rows = dataset.items.slice(0, count).map((it) => ({ item: it.source, entity: 'dataset', axis: info.axis, slice: it.slice, subject: subjectOf(it.source) }));
    return { data, count, rows, planes: rows.map(() => null), preparation: { source: 'dataset' } };
  }
  const { preprocessing, source: from } = preprocessingFor(model, recorded, preset);
  const { data, rows, planes } = await fromItems(ctx, source.items, model, preprocessing);
  const per = model.resolution * model.resolution;
  const all = new Float32Array(data.length * per);
  data.forEach((d, i) => all.set(d, i * per));
  return { data: all, count: data.length, rows, planes, preparation: { source: from, preprocessing } };
}
