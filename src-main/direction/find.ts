// Finding a direction from files (runs in the analysis worker): latent set + labels → D.npy, D.json and the
// separability report, with subject-wise held-out split and a confounder audit.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodParams } from '../../src-shared/api/contract.js';
import type { FindOutput } from '../../src-shared/api/direction.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { computeDirection, conditionDirection, confounderDirection, editPairDirection } from '../../src-shared/analysis/directions.js';
import type { SplitStats } from '../../src-shared/analysis/directions.js';
import { selectRows } from '../../src-shared/analysis/vectors.js';
import { cosine } from '../../src-shared/math/vectors.js';
import type { RowMatrix } from '../../src-shared/analysis/vectors.js';
import { readNpySync, writeNpySync } from '../io/npyFile.js';
import { assertFiniteValues } from '../analysis/files.js';
import { binaryLabels, numericLabels, readIndexCsv, readLabelValues } from './artefacts.js';
import type { BinaryLabels, IndexTable } from './artefacts.js';
import { editOfLabel, pairRows } from './pairs.js';

export interface FindTask {
  params: MethodParams<'direction.find'>;
  latentsPath: string;
  labelsPath: string | null;
  indexPath: string | null;
  editedPath: string | null;
  outDir: string;
  /** Provenance carried into D.json (cohort definition, model id and hash). */
  provenance: Record<string, unknown>;
}

interface Codes {
  matrix: RowMatrix;
  /** d (W) or L×d (W+): the shape D.npy is written in. */
  codeShape: number[];
  space: 'w' | 'wplus';
}

/** N×d, or N×L×d: broadcast W codes (every layer equal, as a latent set stores them) become N×d. */
export function readCodes(path: string): Codes {
  const array = readNpySync(path);
  if (array.shape.length < 2 || array.shape.length > 3) throw new ApiError('bad_input', `${path}: expected N×d or N×L×d latent codes, got shape (${array.shape.join(', ')})`);
  assertFiniteValues(array.data, path);
  const [rows, ...codeShape] = array.shape;
  const data = array.data;
  if (codeShape.length === 2) {
    const [layers, d] = codeShape;
    let broadcast = true;
    for (let i = 0; i < rows && broadcast; i++) {
      for (let l = 1; l < layers && broadcast; l++) for (let j = 0; j < d; j++) if (data[(i * layers + l) * d + j] !== data[i * layers * d + j]) broadcast = false;
    }
    if (broadcast) return { matrix: { data: Float64Array.from({ length: rows * d }, (_, k) => data[Math.floor(k / d) * layers * d + (k % d)]), rows, cols: d }, codeShape: [d], space: 'w' };
    return { matrix: { data, rows, cols: layers * d }, codeShape, space: 'wplus' };
  }
  return { matrix: { data, rows, cols: codeShape[0] }, codeShape, space: 'w' };
}

function labelsFor(task: FindTask, index: IndexTable | null, rows: number): BinaryLabels {
  const { params } = task;
  const split = { threshold: params.threshold, quantile: params.quantile };
  const numericSplit = params.threshold !== undefined || params.quantile !== undefined;
  let values: string[];
  let source: string;
  if (params.labelColumn) {
    const column = index?.column(params.labelColumn);
    if (!column) throw new ApiError('bad_input', `${index?.path ?? task.latentsPath}: no column "${params.labelColumn}" (columns: ${index?.names.join(', ') ?? 'no index.csv'})`);
    values = column;
    source = `${index!.path} column ${params.labelColumn}`;
  } else {
    if (!task.labelsPath) throw new ApiError('bad_input', `the ${params.method} method needs labels (a labels file or a labelColumn of index.csv)`);
    values = readLabelValues(task.labelsPath);
    source = task.labelsPath;
  }
  if (values.length !== rows) throw new ApiError('bad_input', `${source}: ${values.length} labels for ${rows} latent codes in ${task.latentsPath}`);
  return numericSplit ? numericLabels(values, source, split) : binaryLabels(values, source);
}

/**
 * A confounder column as numbers: numeric values as they are, two text values (M/F) as 0/1, and a text column of
 * more values (three IXI sites) as one confounder per value (site=HH: 1 for HH, 0 otherwise).
 */
function confounderValues(index: IndexTable | null, name: string, rows: number[]): Array<{ name: string; values: number[] }> {
  const column = index?.column(name);
  if (!column) throw new ApiError('bad_input', `confounder "${name}": no such column in ${index?.path ?? 'the latent set (no index.csv)'}`);
  const picked = rows.map((r) => column[r]);
  if (picked.every((v) => v.trim() !== '' && Number.isFinite(Number(v)))) return [{ name, values: picked.map(Number) }];
  const distinct = [...new Set(picked)].sort();
  if (distinct.length > 2 && !distinct.includes('')) return distinct.map((value) => ({ name: `${name}=${value}`, values: picked.map((v) => (v === value ? 1 : 0)) }));
  return [{ name, values: binaryLabels(picked, `${index!.path} column ${name}`).labels }];
}

function splitOut(stats: SplitStats, subjects: number): NonNullable<FindOutput['train']> {
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return { count: stats.count, subjects, accuracy: stats.accuracy, auc: finite(stats.auc), mean: stats.projections.mean, std: stats.projections.std, separation: finite(stats.projections.separation) };
}

interface PairSides {
  original: RowMatrix;
  edited: RowMatrix;
  /** Latent-set rows of each side (the edited file's rows count from 0 too). */
  originalRows: number[];
  editedRows: number[];
}

/**
 * The two sides of the edit pairs: E(I) = the latents and E(I*) = the edited file row by row, or, without an edited
 * file, the rows of a cohort's latent set paired by the catalog link edit_of (see pairs.ts).
 */
function editPairs(task: FindTask, codes: RowMatrix, index: IndexTable | null, notes: string[]): PairSides {
  if (task.editedPath) {
    const rows = Array.from({ length: codes.rows }, (_, i) => i);
    return { original: codes, edited: readCodes(task.editedPath).matrix, originalRows: rows, editedRows: rows };
  }
  if (!index) throw new ApiError('bad_input', 'the pair method needs the codes of the edited images (edited: E(I*), same shape as latents), or a cohort latent set whose index.csv links edited copies to their originals (edit_of)');
  const pairs = pairRows(index);
  notes.push(`${pairs.edited.length} edit pairs linked in the catalog (${editOfLabel})${pairs.unmatched.length ? `; left out, their original not in the latent set: ${pairs.unmatched.join(', ')}` : ''}`);
  return { original: selectRows(codes, pairs.originals), edited: selectRows(codes, pairs.edited), originalRows: pairs.originals, editedRows: pairs.edited };
}

/** Each pair side's projection onto the direction (originals label 0, edited copies 1): the report's histogram and members. */
function pairProjections(task: FindTask, sides: PairSides, direction: Float64Array, index: IndexTable | null): FindOutput['projections'] {
  const item = index?.column('item');
  const subject = index?.column('subject');
  // An edited file's rows are not latent-set rows: they name no item or subject.
  const side = (m: RowMatrix, rows: number[], label: number, named: boolean): FindOutput['projections'] =>
    rows.map((row, r) => {
      let value = 0;
      for (let j = 0; j < m.cols; j++) value += m.data[r * m.cols + j] * direction[j];
      return { value, label, heldOut: false, row, item: (named && item?.[row]) || null, subject: (named && subject?.[row]) || null };
    });
  return [...side(sides.original, sides.originalRows, 0, true), ...side(sides.edited, sides.editedRows, 1, task.editedPath === null)];
}

export function findDirectionFiles(task: FindTask): Omit<FindOutput, 'result'> {
  const { params } = task;
  const codes = readCodes(task.latentsPath);
  const index = task.indexPath ? readIndexCsv(task.indexPath) : null;
  if (index && index.rows !== codes.matrix.rows) throw new ApiError('bad_input', `${index.path}: ${index.rows} rows for ${codes.matrix.rows} latent codes`);
  const notes: string[] = [];
  if (codes.space === 'wplus') notes.push(`W+ codes (${codes.codeShape.join('×')} features): LDA needs shrinkage (auto, Ledoit–Wolf) with tens to hundreds of subjects`);
  const conditionFiles = params.conditions.map((path) => {
    const array = readNpySync(path);
    if (array.data.length !== codes.matrix.cols) throw new ApiError('bad_input', `${path}: condition has ${array.data.length} values, the codes ${codes.matrix.cols}`);
    return Float64Array.from(array.data);
  });
  const files = ['D.npy', 'D.json'];
  const write = (direction: Float64Array, report: Omit<FindOutput, 'result'>): Omit<FindOutput, 'result'> => {
    writeNpySync(join(task.outDir, files[0]), Float32Array.from(direction), codes.codeShape);
    const sidecar = { ...report, projections: undefined, unit: 'D is unit length; sigma is the pooled within-group σ along D', ...task.provenance };
    writeFileSync(join(task.outDir, files[1]), `${JSON.stringify(sidecar, null, 1)}\n`);
    return report;
  };
  try {
    if (params.method === 'pair') {
      const sides = editPairs(task, codes.matrix, index, notes);
      const raw = editPairDirection(sides.original, sides.edited);
      const direction = conditionFiles.length ? conditionDirection(raw, conditionFiles) : raw;
      return write(direction, {
        method: 'pair', space: codes.space, dimensions: codes.matrix.cols, samples: sides.original.rows, classes: ['original', 'edited'], splitBy: 'image', train: null, validation: null,
        sigma: null, conditionedCosine: cosine(direction, raw), confounders: [], projections: pairProjections(task, sides, direction, index), notes: [...notes, 'edit pairs give no σ: use raw α units'], details: {},
      });
    }
    const all = labelsFor(task, index, codes.matrix.rows);
    const kept = all.labels.map((l, i) => (l >= 0 ? i : -1)).filter((i) => i >= 0);
    if (kept.length < all.labels.length) notes.push(`${all.labels.length - kept.length} codes between the two groups left out`);
    const x = kept.length === all.labels.length ? codes.matrix : selectRows(codes.matrix, kept);
    const labels = kept.map((i) => all.labels[i]);
    const subjectColumn = index?.column('subject');
    const itemColumn = index?.column('item');
    const groups = subjectColumn && subjectColumn.every((s) => s !== '') ? kept.map((i) => subjectColumn[i]) : undefined;
    const confounders = params.confounders.flatMap((name) => confounderValues(index, name, kept)).map((c) => ({ name: c.name, direction: confounderDirection(x, c.values, c.name) }));
    const conditions = [...conditionFiles, ...(params.condition ? confounders.map((c) => c.direction) : [])];
    const result = computeDirection(x, labels, { method: params.method, validationFraction: params.validationFraction, seed: params.seed, svm: { c: params.c }, shrinkage: params.shrinkage, conditions, groups });
    const subjects = (rows: number[]): number => (groups ? new Set(rows.map((r) => groups[r])).size : rows.length);
    const heldOut = new Set(result.validationRows);
    return write(result.direction, {
      method: params.method,
      space: codes.space,
      dimensions: codes.matrix.cols,
      samples: x.rows,
      classes: all.classes,
      splitBy: groups ? 'subject' : 'image',
      train: splitOut(result.train, subjects(result.trainRows)),
      validation: result.validation ? splitOut(result.validation, subjects(result.validationRows)) : null,
      sigma: result.sigma,
      conditionedCosine: result.conditionedCosine,
      confounders: confounders.map((c) => ({ name: c.name, before: cosine(result.unconditioned, c.direction), after: cosine(result.direction, c.direction) })),
      projections: Array.from(result.projections, (value, r) => ({ value, label: labels[r], heldOut: heldOut.has(r), row: kept[r], item: itemColumn?.[kept[r]] || null, subject: subjectColumn?.[kept[r]] || null })),
      notes,
      details: result.details,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError('bad_input', `${task.latentsPath}: ${error.message}`);
    throw error;
  }
}
