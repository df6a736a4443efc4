// Handler of analysis.eigen: reads a K-image edit series, chooses the foreground mask, runs the eigencomponent
// analysis and writes eigen.json, components.npy (k × image shape) and one PNG per component map into a new result.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { ApiError } from '../../src-shared/api/errors.js';
import type { EigenOutput } from '../../src-shared/api/analysis.js';
import { renderDiverging } from '../../src-shared/analysis/differenceMap.js';
import { defaultAlphas, eigenAnalysis } from '../../src-shared/analysis/eigen.js';
import { otsuMask } from '../../src-shared/analysis/otsu.js';
import type { Handler } from '../base/handler.js';
import { createResult, resultRef } from '../results/store.js';
import { readGreyImage, readNpy, writeNpy, writeRgbaPng } from './files.js';
import { openNpyStack } from './npyStack.js';
import type { OpenStack } from './npyStack.js';

/** The mask: Otsu on the lowest-α image, none, or a file of one image's shape. */
function chooseMask(spec: string, stack: OpenStack, imageShape: number[], baseIndex: number) {
  const planeSize = imageShape.reduce((a, b) => a * b, 1);
  if (spec === 'none') return { mask: undefined, info: { source: 'none' } };
  if (spec === 'auto') {
    const { threshold, mask } = otsuMask(stack.readImage(baseIndex));
    return { mask, info: { source: `otsu on image ${baseIndex} (lowest α)`, threshold } };
  }
  if (spec.toLowerCase().endsWith('.png')) {
    const image = readGreyImage(spec);
    if (imageShape.length !== 2 || image.height !== imageShape[0] || image.width !== imageShape[1]) {
      throw new ApiError('bad_input', `${spec}: mask is ${image.height}×${image.width}, the images (${imageShape.join('×')})`);
    }
    return { mask: Uint8Array.from(image.data, (v) => (v ? 1 : 0)), info: { source: spec } };
  }
  const array = readNpy(spec);
  if (array.data.length !== planeSize) {
    throw new ApiError('bad_input', `${spec}: mask shape (${array.shape.join(', ')}) does not match one image (${imageShape.join(', ')})`);
  }
  return { mask: Uint8Array.from(array.data, (v) => (v ? 1 : 0)), info: { source: spec } };
}

/** A 2D view of a map for the PNG: the map itself, or the middle slice of a volume. */
function middlePlane(map: Float32Array, imageShape: number[]): { data: Float64Array; width: number; height: number } {
  const height = imageShape[imageShape.length - 2];
  const width = imageShape[imageShape.length - 1];
  const depth = imageShape.length === 3 ? imageShape[0] : 1;
  const start = Math.floor(depth / 2) * width * height;
  return { data: Float64Array.from(map.subarray(start, start + width * height)), width, height };
}

export const analyseEigen: Handler<'analysis.eigen'> = (params, ctx) => {
  // Streamed from disk block by block: memory holds one block per image, the mask and the component maps.
  const stack = openNpyStack(params.stack);
  let result: ReturnType<typeof eigenAnalysis>;
  let mask: Uint8Array | undefined;
  let info: EigenOutput['mask'];
  const [imageCount, ...imageShape] = stack.shape;
  const planeSize = imageShape.reduce((a, b) => a * b, 1);
  try {
    if (stack.shape.length !== 3 && stack.shape.length !== 4) {
      throw new ApiError('bad_input', `${params.stack}: expected K×H×W or K×D×H×W, got shape (${stack.shape.join(', ')})`);
    }
    const alphas = params.alphas ?? defaultAlphas(imageCount, 50);
    if (alphas.length !== imageCount) throw new ApiError('bad_input', `${params.stack}: ${imageCount} images but ${alphas.length} α values`);
    ({ mask, info } = chooseMask(params.mask, stack, imageShape, alphas.indexOf(Math.min(...alphas))));
    result = eigenAnalysis(stack.source, { alphas, mask, centred: params.centred, components: params.components });
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError('bad_input', `${params.stack}: ${error.message}`);
    throw error;
  } finally {
    stack.close();
  }
  const { info: created, dir } = createResult(ctx.dataDir, 'eigen', { synthetic: false, meta: { stack: params.stack, mask: info.source } });
  const components = new Float32Array(result.componentMaps.length * planeSize);
  result.componentMaps.forEach((map, k) => components.set(map, k * planeSize));
  writeNpy(join(dir, 'components.npy'), components, [result.componentMaps.length, ...imageShape]);
  result.componentMaps.forEach((map, k) => {
    const plane = middlePlane(map, imageShape);
    const scale = plane.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
    writeRgbaPng(join(dir, `component_${k + 1}.png`), plane.width, plane.height, renderDiverging(plane.data, scale));
  });
  if (mask) writeNpy(join(dir, 'mask.npy'), mask, imageShape);
  const output: Omit<EigenOutput, 'result'> = {
    imageCount,
    imageShape,
    voxelCount: result.voxelCount,
    mask: info,
    centred: result.centred,
    alphas: result.alphas,
    eigenvalues: result.eigenvalues,
    explainedVariance: result.explainedVariance,
    eigenvectors: result.eigenvectors,
    polynomial: result.polynomial,
    subtraction: result.subtraction,
  };
  writeFileSync(join(dir, 'eigen.json'), `${JSON.stringify({ ...output, covariance: result.covariance, means: result.means }, null, 1)}\n`);
  return { ...output, result: resultRef(ctx.dataDir, created.id) };
};
