// Turns a fidelity request into projection targets: each image followed by its perturbed copies (and, for the
// synthetic lesion experiment, its lesioned copy), so the copies of one image are projected in one batch.
import { ApiError } from '../../src-shared/api/errors.js';
import type { Lesion, Perturbation } from '../../src-shared/api/projection.js';
import { addGaussianNoise, gaussianBlur, inpaint, paintLesion, rectangleMask, saltAndPepper } from '../../src-shared/analysis/perturb.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import { readNpy } from '../io/npyFile.js';
import { readPng } from '../io/png.js';
import { planeToSquare } from '../datasets/build.js';
import { Rng } from '../ml/stylegan2/random.js';
import type { TargetRow, Targets } from './inputs.js';

export interface FidelityCopy {
  /** "original", "gaussian σ 0.05", "saltpepper 2 %", "blur σ 1 px", "inpaint rect …", "lesion". */
  name: string;
  kind: 'original' | 'perturbation' | 'lesion';
  /** Row of the copy in the projected batch. */
  row: number;
}

export interface FidelityLayout {
  groups: Array<{ image: number; copies: FidelityCopy[] }>;
  /** The lesion mask (0/1, res²) and, for the synthetic experiment, the painted signal. */
  lesion: { kind: Lesion['kind']; description: string; mask: number[]; signal: number[] | null } | null;
}

/** A 0/1 mask at res×res from .npy or PNG (non-zero inside). */
async function readMask(path: string, res: number): Promise<Uint8Array> {
  let values: ArrayLike<number>;
  let shape: number[];
  if (path.toLowerCase().endsWith('.png')) {
    const png = await readPng(path);
    shape = [png.height, png.width];
    values = Uint8Array.from({ length: png.width * png.height }, (_, i) => png.data[i * png.channels]);
  } else {
    const a = await readNpy(path);
    shape = a.shape.filter((d, i) => !(d === 1 && i < a.shape.length - 2));
    values = toFloat32(a);
  }
  if (shape.length !== 2 || shape[0] !== res || shape[1] !== res) throw new ApiError('bad_input', `${path}: mask of shape [${shape.join(', ')}], the model needs ${res}×${res}`);
  const mask = Uint8Array.from(values, (v) => (v ? 1 : 0));
  if (!mask.some((v) => v)) throw new ApiError('bad_input', `${path}: the mask selects no pixel`);
  return mask;
}

/**
 * A region drawn in the viewer (on the pixel grid of the plane the viewport shows) → a 0/1 mask at res×res: the same
 * squaring and resampling as the image (planeToSquare, padded with 0), then a model pixel is inside when at least
 * half of it was. Refused when the images are not whole planes the viewer draws on, or the grids differ.
 */
export function regionToModelMask(region: Extract<Lesion, { kind: 'region' }>, targets: Targets, res: number): Uint8Array {
  if (region.data.length !== region.width * region.height) throw new ApiError('bad_input', `the viewer region holds ${region.data.length} values, expected ${region.width} × ${region.height}`);
  const values = Float32Array.from(region.data, (v) => (v ? 1 : 0));
  let square: Float32Array;
  const plane = targets.planes?.[0] ?? null;
  const spec = targets.preparation.preprocessing;
  if (targets.count !== 1) throw new ApiError('bad_input', `a region drawn in the viewer belongs to one image; the request prepares ${targets.count}`);
  if (region.width === res && region.height === res && !plane) {
    square = values;
  } else if (!plane || !spec) {
    throw new ApiError('bad_input', `a region drawn in the viewer maps onto 2D images and DICOM frames (${targets.rows[0]?.item ?? 'this input'} is a volume slice or an array): draw the region in the panel, or give a mask file`);
  } else if (plane.width !== region.width || plane.height !== region.height) {
    throw new ApiError('bad_input', `the viewer region was drawn on a ${region.width}×${region.height} image, ${targets.rows[0].item} is ${plane.width}×${plane.height}`);
  } else {
    square = planeToSquare({ ...plane, data: values }, res, spec, 0);
  }
  const mask = Uint8Array.from(square, (v) => (v >= 0.5 ? 1 : 0));
  if (!mask.some((v) => v)) throw new ApiError('bad_input', `the viewer region covers less than half of any of the model's ${res}×${res} pixels: draw a larger region`);
  return mask;
}

export function perturbationName(p: Perturbation): string {
  if (p.kind === 'gaussian') return `gaussian σ ${p.sigma}`;
  if (p.kind === 'saltpepper') return `salt-and-pepper ${+(p.fraction * 100).toFixed(2)} %`;
  if (p.kind === 'blur') return `blur σ ${p.sigma} px`;
  return p.rect ? `inpaint rect ${p.rect.join(',')}` : `inpaint mask ${p.mask ?? ''}`;
}

/** Expands `targets` (single-channel, res×res) with the copies; the random perturbations are drawn from `seed`. */
export async function expandForFidelity(targets: Targets, res: number, perturbations: Perturbation[], lesion: Lesion | undefined, seed: number): Promise<{ targets: Targets; layout: FidelityLayout }> {
  const size = { width: res, height: res };
  const per = res * res;
  if (targets.data.length !== targets.count * per) throw new ApiError('bad_input', 'the fidelity report handles single-channel models');
  const masks = await Promise.all(perturbations.map(async (p) => (p.kind !== 'inpaint' ? null : p.rect ? rectangleMask(size, p.rect) : p.mask ? readMask(p.mask, res) : null)));
  perturbations.forEach((p, i) => {
    if (p.kind === 'inpaint' && !masks[i]) throw new ApiError('bad_input', 'inpaint needs a rectangle (rect:x,y,w,h) or a mask file');
  });
  let lesionInfo: FidelityLayout['lesion'] = null;
  let painted: ReturnType<typeof paintLesion> | null = null;
  if (lesion?.kind === 'synthetic') {
    painted = paintLesion(new Float32Array(per), size, lesion);
    lesionInfo = { kind: 'synthetic', description: `synthetic disc at (${lesion.x}, ${lesion.y}), r ${lesion.r} px, contrast ${lesion.contrast}`, mask: Array.from(painted.mask), signal: Array.from(painted.signal) };
  } else if (lesion?.kind === 'mask') {
    lesionInfo = { kind: 'mask', description: `mask ${lesion.path}`, mask: Array.from(await readMask(lesion.path, res)), signal: null };
  } else if (lesion?.kind === 'drawn') {
    if (lesion.width !== res || lesion.height !== res || lesion.data.length !== per) throw new ApiError('bad_input', `the drawn region is ${lesion.width}×${lesion.height}, the model needs ${res}×${res}`);
    lesionInfo = { kind: 'drawn', description: 'region drawn in the panel', mask: lesion.data.map((v) => (v ? 1 : 0)), signal: null };
  } else if (lesion?.kind === 'region') {
    lesionInfo = { kind: 'region', description: `${lesion.label ?? 'region'} drawn in the viewer`, mask: Array.from(regionToModelMask(lesion, targets, res)), signal: null };
  }
  const random = new Rng(seed);
  const images: Float32Array[] = [];
  const rows: TargetRow[] = [];
  const groups: FidelityLayout['groups'] = [];
  for (let i = 0; i < targets.count; i++) {
    const original = targets.data.slice(i * per, (i + 1) * per);
    const copies: FidelityCopy[] = [];
    const add = (image: Float32Array, name: string, kind: FidelityCopy['kind']): void => {
      copies.push({ name, kind, row: images.length });
      images.push(image);
      rows.push({ ...targets.rows[i], item: targets.rows[i].item, entity: kind === 'original' ? targets.rows[i].entity : `${targets.rows[i].entity}+${name}` });
    };
    add(original, 'original', 'original');
    perturbations.forEach((p, k) => {
      const image =
        p.kind === 'gaussian' ? addGaussianNoise(original, p.sigma, random) : p.kind === 'saltpepper' ? saltAndPepper(original, p.fraction, random).image : p.kind === 'blur' ? gaussianBlur(original, size, p.sigma) : inpaint(original, masks[k]!);
      add(image, perturbationName(p), 'perturbation');
    });
    if (painted) add(Float32Array.from(original, (v, q) => v + painted!.signal[q]), 'lesion', 'lesion');
    groups.push({ image: i, copies });
  }
  const data = new Float32Array(images.length * per);
  images.forEach((im, k) => data.set(im, k * per));
  return { targets: { data, count: images.length, rows, preparation: targets.preparation }, layout: { groups, lesion: lesionInfo } };
}
