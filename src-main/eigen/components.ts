// Eigencomponents of an edit series from files (runs in the analysis worker): every slice position on its own and
// all jointly, Otsu mask on the α = 0 reference, component maps, subtraction, eigen.json; marks follow the input.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodParams } from '../../src-shared/api/contract.js';
import type { EigenOutput, EigenSummary } from '../../src-shared/api/eigen.js';
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

export interface EigenTask {
  params: MethodParams<'eigen.components'>;
  seriesPath: string;
  /** α values from SERIES.json (null for a bare stack). */
  seriesAlphas: number[] | null;
  synthetic: boolean;
  outDir: string;
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

function maskFile(spec: string, positions: number, planeSize: number): Uint8Array {
  const values = spec.toLowerCase().endsWith('.png') ? readGreyImage(spec).data : readNpy(spec).data;
  if (values.length !== planeSize && values.length !== positions * planeSize) {
    throw new ApiError('bad_input', `${spec}: the mask holds ${values.length} values; one image has ${planeSize} (or ${positions}×${planeSize} for every position)`);
  }
  const mask = new Uint8Array(positions * planeSize);
  for (let s = 0; s < positions; s++) for (let i = 0; i < planeSize; i++) mask[s * planeSize + i] = values.length === planeSize ? (values[i] ? 1 : 0) : values[s * planeSize + i] ? 1 : 0;
  return mask;
}

/** A component map as an RGB PNG (blue–white–red, symmetric scale), carrying the synthetic tEXt when derived from generated images. */
function mapPng(map: Float32Array, width: number, height: number, synthetic: boolean, description: string): Buffer {
  const scale = map.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const rgba = renderDiverging(Float64Array.from(map), scale || 1);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rgba[i * 4 + c];
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

export function eigenComponentFiles(task: EigenTask, progress: (fraction: number, message: string) => void = () => undefined): Omit<EigenOutput, 'result'> {
  const { params, seriesPath, outDir, synthetic } = task;
  const stack = openNpyStack(seriesPath);
  const files: string[] = [];
  try {
    const shape = stack.shape;
    if (shape.length !== 3 && shape.length !== 4) throw new ApiError('bad_input', `${seriesPath}: expected K×H×W or K×S×H×W (S slice positions), got shape (${shape.join(', ')})`);
    const [imageCount, ...rest] = shape;
    const [positions, height, width] = rest.length === 2 ? [1, rest[0], rest[1]] : rest;
    const planeSize = height * width;
    if (task.seriesAlphas && params.alphas) throw new ApiError('bad_input', `${seriesPath}: α values come from SERIES.json; give alphas only for a bare stack`);
    const alphas = task.seriesAlphas ?? params.alphas;
    if (!alphas) throw new ApiError('bad_input', `${seriesPath}: a bare stack needs its α values (alphas / --alphas), there is no SERIES.json beside it`);
    if (alphas.length !== imageCount) throw new ApiError('bad_input', `${seriesPath}: ${imageCount} images but ${alphas.length} α values`);
    const reference = referenceIndex(alphas);
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
      if (params.mask !== 'none') mask = maskFile(params.mask, positions, planeSize);
      for (let s = 0; s < positions; s++) masks.push({ source: params.mask });
    }
    mkdirSync(outDir, { recursive: true });
    const run = (source: StackSource, m: Uint8Array | undefined): EigenAnalysis => {
      try {
        return eigenAnalysis(source, { alphas, mask: m, centred: params.centred, components: params.components, referenceIndex: reference });
      } catch (error) {
        if (error instanceof RangeError) throw new ApiError('bad_input', `${seriesPath}: ${error.message}`);
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
    for (let s = 0; s < positions; s++) {
      progress(s / (positions + 1), `slice position ${s + 1}/${positions}`);
      const m = mask?.subarray(s * planeSize, (s + 1) * planeSize);
      const result = run(positions === 1 ? stack.source : positionSource(stack.source, s, planeSize), m);
      writeMaps(`position_${s}`, result, [height, width], `slice position ${s}`);
      positionResults.push(summary(`position ${s}`, result, masks[s]));
    }
    let joint: EigenSummary | null = null;
    if (positions > 1) {
      progress(positions / (positions + 1), 'all slice positions jointly');
      const result = run(stack.source, mask);
      writeMaps('joint', result, [positions, height, width], 'all slice positions');
      joint = summary('joint', result, { source: masks[0].source === params.mask ? params.mask : `otsu per slice position on image ${reference}` });
    }
    if (mask) {
      const maskPath = join(outDir, 'mask.npy');
      writeNpy(maskPath, mask, positions === 1 ? [height, width] : [positions, height, width]);
      files.push('mask.npy');
    }
    const checked = joint ?? positionResults[0];
    const r2 = checked.polynomial[1]?.r2 ?? null;
    const jsonPath = join(outDir, 'eigen.json');
    files.push('eigen.json');
    const output: Omit<EigenOutput, 'result'> = {
      imageCount,
      imageShape: [positions, height, width],
      alphas,
      alphaSource: task.seriesAlphas ? 'SERIES.json' : 'given',
      referenceIndex: reference,
      centred: params.centred,
      positions: positionResults,
      joint,
      linearCheck: { threshold: linearR2Threshold, r2, pass: r2 !== null && r2 >= linearR2Threshold },
      synthetic,
    };
    writeFileSync(jsonPath, `${JSON.stringify({ ...output, series: seriesPath }, null, 1)}\n`);
    return output;
  } finally {
    stack.close();
  }
}
