// Eigencomponents of an ordered stack from files (runs in the analysis worker): an edit series, a bare stack or a
// catalog series' frames; every slice position on its own and all jointly, Otsu mask on the reference image,
// component maps, subtraction, eigen.json; marks follow the input.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodParams } from '../../src-shared/api/contract.js';
import type { EigenOutput, EigenRegion, EigenSummary } from '../../src-shared/api/eigen.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { renderDiverging } from '../../src-shared/analysis/differenceMap.js';
import { referenceIndex } from '../../src-shared/analysis/edit.js';
import { eigenAnalysis } from '../../src-shared/analysis/eigen.js';
import type { EigenAnalysis } from '../../src-shared/analysis/eigen.js';
import type { StackSource } from '../../src-shared/analysis/gram.js';
import { otsuMask } from '../../src-shared/analysis/otsu.js';
import { readGreyImage, readNpy, writeNpy } from '../analysis/files.js';
import { openNpyStack } from '../analysis/npyStack.js';
import { encodePng, syntheticPngText } from '../io/png.js';
import { burnSyntheticLabel } from '../../src-shared/viewer/syntheticLabel.js';
import { resultGeometry, writeMapsNifti } from './placement.js';
import type { Placement } from './placement.js';
import type { CatalogSeriesStack } from './catalogSeries.js';

export interface EigenTask {
  params: MethodParams<'eigen.components'>;
  seriesPath: string;
  /** α values from SERIES.json (null for a bare stack). */
  seriesAlphas: number[] | null;
  /** α's unit from SERIES.json, 'frame index' for a catalog series without given α values, else null. */
  alphaUnit: EigenOutput['alphaUnit'];
  synthetic: boolean;
  outDir: string;
  /** Where the slice positions sit in their source volume (a series cut from one volume), else null. */
  placement: Placement | null;
  /** A catalog series whose frames the job stacks into `seriesPath` before the analysis (reference: its first frame). */
  catalogSeries?: CatalogSeriesStack | null;
}

/** The published observation's pass mark: component 2 is linear in α with R² ≥ 0.99. */
export const linearR2Threshold = 0.99;

/** One slice position of a K×S×H×W source as a K×H×W source. */
function positionSource(base: StackSource, position: number, planeSize: number): StackSource {
  return {
    imageCount: base.imageCount,
    planeSize,
    readRange: (image, start, count, out, offset) => base.readRange(image, position * planeSize + start, count, out, offset),
  };
}

/** The 0/1 values of a mask file or drawn region: one plane for every position, or one plane per position. */
function maskValues(spec: string | EigenRegion, positions: number, height: number, width: number): ArrayLike<number> {
  const planeSize = height * width;
  if (typeof spec !== 'string') {
    if (spec.width !== width || spec.height !== height) throw new ApiError('bad_input', `the drawn region is ${spec.width}×${spec.height}; the series' images are ${width}×${height}`);
    if (spec.positions !== 1 && spec.positions !== positions) throw new ApiError('bad_input', `the drawn region covers ${spec.positions} slice positions; the series has ${positions}`);
    if (spec.data.length !== spec.positions * planeSize) throw new ApiError('bad_input', `the drawn region holds ${spec.data.length} values, expected ${spec.positions}×${width}×${height}`);
    if (!spec.data.some((v) => v)) throw new ApiError('bad_input', 'the drawn region covers no pixel of the images');
    return spec.data;
  }
  const values = spec.toLowerCase().endsWith('.png') ? readGreyImage(spec).data : readNpy(spec).data;
  if (values.length !== planeSize && values.length !== positions * planeSize) {
    throw new ApiError('bad_input', `${spec}: the mask holds ${values.length} values; one image has ${planeSize} (or ${positions}×${planeSize} for every position)`);
  }
  return values;
}

function maskOf(values: ArrayLike<number>, positions: number, planeSize: number): Uint8Array {
  const mask = new Uint8Array(positions * planeSize);
  for (let s = 0; s < positions; s++) for (let i = 0; i < planeSize; i++) mask[s * planeSize + i] = values.length === planeSize ? (values[i] ? 1 : 0) : values[s * planeSize + i] ? 1 : 0;
  return mask;
}

/** How eigen.json and the panel name a mask that is not Otsu's. */
function maskName(spec: string | EigenRegion): string {
  return typeof spec === 'string' ? spec : `region drawn in the viewer${spec.label ? `: ${spec.label}` : ''}`;
}

/** A component map as an RGB PNG (blue–white–red, symmetric scale), carrying the synthetic tEXt when derived from generated images. */
function mapPng(map: Float32Array, width: number, height: number, synthetic: boolean, description: string): Buffer {
  const scale = map.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const rgba = renderDiverging(Float64Array.from(map), scale || 1);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rgba[i * 4 + c];
  if (synthetic) burnSyntheticLabel(rgb, width, height, 3);
  const text: Record<string, string> = synthetic
    ? { ...syntheticPngText, Description: `${description}; derived from SYNTHETIC images - not for diagnosis` }
    : { Software: 'LatentRad', Description: description };
  return encodePng({ width, height, channels: 3, bitDepth: 8, data: rgb, text });
}

function summary(name: string, result: EigenAnalysis, mask: EigenSummary['mask']): EigenSummary {
  return {
    name,
    voxelCount: result.voxelCount,
    mask,
    eigenvalues: result.eigenvalues,
    explainedVariance: result.explainedVariance,
    eigenvectors: result.eigenvectors,
    polynomial: result.polynomial,
    subtraction: result.subtraction,
    mapScales: result.componentMaps.map((m) => m.reduce((a, v) => Math.max(a, Math.abs(v)), 0)),
  };
}

/** What a task analyses, checked before any work: the stack's layout, its α values, and where its positions sit. */
export interface EigenPlan {
  imageCount: number;
  positions: number;
  height: number;
  width: number;
  alphas: number[];
  /** The image the others are compared with: α = 0 (else the lowest α); a catalog series' first frame. */
  referenceIndex: number;
  placement: Placement | null;
}

/** Checks a task against its series' header (no voxels read), so a bad request is refused before a job exists. */
export function planEigen(task: EigenTask, shape: readonly number[]): EigenPlan {
  const { params } = task;
  const name = stackName(task);
  if (shape.length !== 3 && shape.length !== 4) throw new ApiError('bad_input', `${name}: expected K×H×W or K×S×H×W (S slice positions), got shape (${shape.join(', ')})`);
  const [imageCount, ...rest] = shape;
  const [positions, height, width] = rest.length === 2 ? [1, rest[0], rest[1]] : rest;
  if (task.seriesAlphas && params.alphas) throw new ApiError('bad_input', `${name}: α values come from SERIES.json; give alphas only for a bare stack`);
  // A catalog series without given α values is analysed against frame index 0..K-1 (its instance order).
  const alphas = task.seriesAlphas ?? params.alphas ?? (task.catalogSeries ? Array.from({ length: imageCount }, (_, k) => k) : undefined);
  if (!alphas) throw new ApiError('bad_input', `${name}: a bare stack needs its α values (alphas / --alphas), there is no SERIES.json beside it`);
  if (alphas.length !== imageCount) throw new ApiError('bad_input', `${name}: ${imageCount} ${task.catalogSeries ? 'frames' : 'images'} but ${alphas.length} α values`);
  const placement = task.placement && task.placement.slices.length === positions && height === width ? task.placement : null;
  if (params.nifti && !placement) {
    throw new ApiError('bad_input', `${name}: NIfTI maps need a series cut from one volume (SERIES.json positions naming the volume, axis and slice, one per slice position, square images)`);
  }
  // A mask file is read here too (it is one image or one per position): a missing or mismatched file is refused before the job.
  if (params.mask !== 'auto' && params.mask !== 'none') maskValues(params.mask, positions, height, width);
  return { imageCount, positions, height, width, alphas, referenceIndex: task.catalogSeries ? 0 : referenceIndex(alphas), placement };
}

/** How messages and eigen.json name the stack: the catalog series id, else the file. */
function stackName(task: EigenTask): string {
  return task.catalogSeries?.id ?? task.seriesPath;
}

/** How a running analysis reports and is stopped: `stopped` is polled before every block of voxels it reads. */
export interface EigenControl {
  progress(fraction: number, message: string): void;
  stopped(): boolean;
}

const quiet: EigenControl = { progress: () => undefined, stopped: () => false };

/** Reports progress at most this often (ms) while the voxels stream (a stop request is seen at every block). */
const tickMs = 200;

/**
 * Wraps every source the analysis reads so that reading itself measures progress (voxels read of those the plan
 * will read: two passes per analysis) and honours a stop request between blocks, inside one long analysis too.
 */
function progressMeter(total: number, control: EigenControl): { watch(source: StackSource, label: string): StackSource } {
  let read = 0;
  let last = 0;
  return {
    watch: (source, label) => ({
      imageCount: source.imageCount,
      planeSize: source.planeSize,
      readRange: (image, start, count, out, offset) => {
        if (control.stopped()) throw new ApiError('cancelled', 'the eigen analysis was asked to stop');
        read += count;
        const now = performance.now();
        if (now - last >= tickMs) {
          last = now;
          control.progress(Math.min(1, read / total), label);
        }
        source.readRange(image, start, count, out, offset);
      },
    }),
  };
}

export function eigenComponentFiles(task: EigenTask, control: EigenControl = quiet): Omit<EigenOutput, 'result'> {
  const { params, seriesPath, outDir, synthetic } = task;
  const stack = openNpyStack(seriesPath);
  const files: string[] = [];
  try {
    const { imageCount, positions, height, width, alphas, referenceIndex: reference, placement } = planEigen(task, stack.shape);
    const planeSize = height * width;
    // Each analysis streams the stack twice (moments, then maps); the joint one reads every position again.
    const meter = progressMeter(2 * imageCount * planeSize * positions * (positions > 1 ? 2 : 1), control);
    control.progress(0, `reading ${imageCount} images of ${positions} slice position(s)`);
    let mask: Uint8Array | undefined;
    const masks: EigenSummary['mask'][] = [];
    if (params.mask === 'auto') {
      const image = stack.readImage(reference);
      mask = new Uint8Array(positions * planeSize);
      for (let s = 0; s < positions; s++) {
        const { threshold, mask: m } = otsuMask(image.subarray(s * planeSize, (s + 1) * planeSize));
        mask.set(m, s * planeSize);
        masks.push({ source: `otsu on image ${reference} (α = ${alphas[reference]})`, threshold });
      }
    } else {
      if (params.mask !== 'none') mask = maskOf(maskValues(params.mask, positions, height, width), positions, planeSize);
      for (let s = 0; s < positions; s++) masks.push({ source: maskName(params.mask) });
    }
    mkdirSync(outDir, { recursive: true });
    const run = (source: StackSource, m: Uint8Array | undefined): EigenAnalysis => {
      try {
        return eigenAnalysis(source, { alphas, mask: m, centred: params.centred, components: params.components, referenceIndex: reference });
      } catch (error) {
        if (error instanceof RangeError) throw new ApiError('bad_input', `${stackName(task)}: ${error.message}`);
        throw error;
      }
    };
    const writeMaps = (folder: string, result: EigenAnalysis, mapShape: number[], label: string): void => {
      mkdirSync(join(outDir, folder), { recursive: true });
      const all = new Float32Array(result.componentMaps.length * result.componentMaps[0].length);
      result.componentMaps.forEach((map, k) => all.set(map, k * map.length));
      const npy = join(outDir, folder, 'components.npy');
      writeNpy(npy, all, [result.componentMaps.length, ...mapShape]);
      files.push(`${folder}/components.npy`);
      if (mapShape.length === 2) {
        result.componentMaps.forEach((map, k) => {
          const png = join(outDir, folder, `component_${k + 1}.png`);
          writeFileSync(png, mapPng(map, width, height, synthetic, `eigencomponent ${k + 1} map, ${label}`));
          files.push(`${folder}/component_${k + 1}.png`);
        });
      }
    };
    const positionResults: EigenSummary[] = [];
    // Per component, the map of every slice position (joint analysis when there are several), for the NIfTI export.
    let volumeMaps: Float32Array[][] = [];
    for (let s = 0; s < positions; s++) {
      const m = mask?.subarray(s * planeSize, (s + 1) * planeSize);
      const label = `slice position ${s + 1}/${positions}`;
      const result = run(meter.watch(positions === 1 ? stack.source : positionSource(stack.source, s, planeSize), label), m);
      writeMaps(`position_${s}`, result, [height, width], `slice position ${s}`);
      positionResults.push(summary(`position ${s}`, result, masks[s]));
      if (positions === 1) volumeMaps = result.componentMaps.map((m) => [m]);
    }
    let joint: EigenSummary | null = null;
    if (positions > 1) {
      const result = run(meter.watch(stack.source, 'all slice positions jointly'), mask);
      writeMaps('joint', result, [positions, height, width], 'all slice positions');
      joint = summary('joint', result, { source: params.mask === 'auto' ? `otsu per slice position on image ${reference}` : masks[0].source });
      volumeMaps = result.componentMaps.map((m) => Array.from({ length: positions }, (_, s) => m.subarray(s * planeSize, (s + 1) * planeSize)));
    }
    // The α = 0 images (what the maps are drawn on) and the plain subtraction (highest α − α = 0) beside them.
    const highest = alphas.indexOf(Math.max(...alphas));
    const referenceImage = stack.readImage(reference);
    const highestImage = stack.readImage(highest);
    writeNpy(join(outDir, 'reference.npy'), Float32Array.from(referenceImage), [positions, height, width]);
    writeNpy(join(outDir, 'subtraction.npy'), Float32Array.from(highestImage, (v, i) => v - referenceImage[i]), [positions, height, width]);
    files.push('reference.npy', 'subtraction.npy');
    if (placement) {
      writeFileSync(join(outDir, 'geometry.json'), `${JSON.stringify(resultGeometry(placement, width), null, 1)}\n`);
      files.push('geometry.json');
    }
    if (params.nifti && placement) {
      const subtraction = Array.from({ length: positions }, (_, s) => Float32Array.from({ length: planeSize }, (_, i) => highestImage[s * planeSize + i] - referenceImage[s * planeSize + i]));
      files.push(writeMapsNifti(outDir, 'components.nii.gz', placement, volumeMaps, width, synthetic, `eigencomponent maps 1-${volumeMaps.length}`));
      files.push(writeMapsNifti(outDir, 'subtraction.nii.gz', placement, [subtraction], width, synthetic, `subtraction a${alphas[highest]} - a${alphas[reference]}`));
    }
    if (mask) {
      const maskPath = join(outDir, 'mask.npy');
      writeNpy(maskPath, mask, [positions, height, width]);
      files.push('mask.npy');
    }
    control.progress(1, 'writing eigen.json');
    const checked = joint ?? positionResults[0];
    const r2 = checked.polynomial[1]?.r2 ?? null;
    const jsonPath = join(outDir, 'eigen.json');
    files.push('eigen.json');
    const output: Omit<EigenOutput, 'result'> = {
      imageCount,
      imageShape: [positions, height, width],
      alphas,
      alphaSource: task.seriesAlphas ? 'SERIES.json' : params.alphas ? 'given' : 'frame index',
      alphaUnit: task.alphaUnit,
      referenceIndex: reference,
      centred: params.centred,
      positions: positionResults,
      joint,
      linearCheck: { threshold: linearR2Threshold, r2, pass: r2 !== null && r2 >= linearR2Threshold },
      synthetic,
      placement: placement ? { source: placement.source, axis: placement.axis, slices: placement.slices } : null,
      catalogSeries: task.catalogSeries?.id ?? null,
    };
    writeFileSync(jsonPath, `${JSON.stringify({ ...output, series: stackName(task), ...(task.catalogSeries ? { frames: task.catalogSeries.frames } : {}) }, null, 1)}\n`);
    return output;
  } finally {
    stack.close();
  }
}
