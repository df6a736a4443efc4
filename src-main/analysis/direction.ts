// Handler of analysis.direction: loads latent codes and labels (or edit pairs), computes a unit direction and
// writes it as direction.npy (the latents' per-code shape: d for W, L×d for W+) into a new result.
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { DirectionOutput } from '../../src-shared/api/analysis.js';
import { computeDirection, conditionDirection, editPairDirection } from '../../src-shared/analysis/directions.js';
import type { SplitStats } from '../../src-shared/analysis/directions.js';
import type { RowMatrix } from '../../src-shared/analysis/vectors.js';
import { dot } from '../../src-shared/math/vectors.js';
import type { Handler } from '../base/handler.js';
import type { AppContext } from '../base/context.js';
import type { ResultRef } from '../../src-shared/api/results.js';
import { createResult, resultRef } from '../results/store.js';
import { assertFiniteValues, readNpy, writeNpy } from './files.js';

function readLatents(path: string): { matrix: RowMatrix; codeShape: number[] } {
  const array = readNpy(path);
  if (array.shape.length < 2) throw new ApiError('bad_input', `${path}: expected N×d or N×L×d latent codes, got shape (${array.shape.join(', ')})`);
  const [rows, ...codeShape] = array.shape;
  assertFiniteValues(array.data, path);
  const cols = codeShape.reduce((a, b) => a * b, 1);
  return { matrix: { data: array.data, rows, cols }, codeShape };
}

const headerNames = new Set(['label', 'labels', 'class', 'y', 'target']);

/** One label per row from .npy or .csv (last column; a header row is skipped). */
export function readLabelValues(path: string): string[] {
  if (extname(path).toLowerCase() === '.npy') return Array.from(readNpy(path).data, (v) => String(v));
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ApiError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not_found' : 'bad_input', `${path}: cannot read labels`);
  }
  const values = text
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0)
    .map((line) => line.split(',').at(-1)?.trim().replace(/^"(.*)"$/, '$1') ?? '');
  const numeric = (v: string): boolean => v !== '' && Number.isFinite(Number(v));
  if (values.length && (headerNames.has(values[0].toLowerCase()) || (!numeric(values[0]) && values.slice(1).every(numeric)))) values.shift();
  return values;
}

/** Maps two distinct label values to 0/1 (numeric order when numeric, else text order; the later one is class 1). */
export function binaryLabels(values: string[], path: string): { labels: number[]; classes: [string, string] } {
  const distinct = [...new Set(values)];
  if (distinct.length !== 2) {
    throw new ApiError('bad_input', `${path}: a direction needs exactly two classes, found ${distinct.length} (${distinct.slice(0, 5).join(', ')}${distinct.length > 5 ? ', …' : ''})`);
  }
  const allNumeric = distinct.every((v) => Number.isFinite(Number(v)));
  distinct.sort((a, b) => (allNumeric ? Number(a) - Number(b) : a < b ? -1 : 1));
  return { labels: values.map((v) => (v === distinct[1] ? 1 : 0)), classes: [distinct[0], distinct[1]] };
}

function splitOut(stats: SplitStats): NonNullable<DirectionOutput['train']> {
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    count: stats.count,
    accuracy: stats.accuracy,
    auc: finite(stats.auc),
    projections: { mean: stats.projections.mean, std: stats.projections.std, separation: finite(stats.projections.separation) },
  };
}

function saveDirection(ctx: AppContext, params: { method: string; latents: string; labels?: string }, direction: Float64Array, codeShape: number[]): ResultRef {
  const { info, dir } = createResult(ctx.dataDir, 'direction', { synthetic: false, meta: { method: params.method, latents: params.latents, labels: params.labels } });
  writeNpy(join(dir, 'direction.npy'), direction, codeShape);
  return resultRef(ctx.dataDir, info.id);
}

export const findDirection: Handler<'analysis.direction'> = (params, ctx) => {
  const { matrix, codeShape } = readLatents(params.latents);
  const conditions = params.conditions.map((path) => {
    const array = readNpy(path);
    if (array.data.length !== matrix.cols) throw new ApiError('bad_input', `${path}: condition has ${array.data.length} values, the latent codes ${matrix.cols}`);
    return array.data;
  });
  try {
    if (params.method === 'pair') {
      if (!params.edited) throw new ApiError('bad_input', 'the pair method needs --edited (E(I*), same shape as --latents)');
      const edited = readLatents(params.edited).matrix;
      const raw = editPairDirection(matrix, edited);
      const direction = conditions.length ? conditionDirection(raw, conditions) : raw;
      const result = saveDirection(ctx, params, direction, codeShape);
      return { method: 'pair', dimensions: matrix.cols, samples: matrix.rows, conditionedCosine: dot(direction, raw), details: {}, result };
    }
    if (!params.labels) throw new ApiError('bad_input', `the ${params.method} method needs --labels`);
    const values = readLabelValues(params.labels);
    if (values.length !== matrix.rows) throw new ApiError('bad_input', `${params.labels}: ${values.length} labels for ${matrix.rows} latent codes in ${params.latents}`);
    const { labels, classes } = binaryLabels(values, params.labels);
    const result = computeDirection(matrix, labels, {
      method: params.method,
      validationFraction: params.validationFraction,
      seed: params.seed,
      svm: { c: params.c },
      shrinkage: params.shrinkage,
      conditions,
    });
    return {
      method: params.method,
      dimensions: matrix.cols,
      samples: matrix.rows,
      classes,
      train: splitOut(result.train),
      validation: result.validation ? splitOut(result.validation) : null,
      offset: result.offset,
      conditionedCosine: result.conditionedCosine,
      details: result.details,
      result: saveDirection(ctx, params, result.direction, codeShape),
    };
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError('bad_input', `${params.latents}: ${error.message}`);
    throw error;
  }
};
