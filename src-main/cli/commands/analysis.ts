// `latentrad metrics`, `latentrad eigen` and `latentrad direction`: the analysis math on .npy/PNG files.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { comparisonMetrics } from '../../../src-shared/api/analysis.js';
import type { metricsMaps } from '../../../src-shared/api/analysis.js';
import type { DirectionOutput, EigenOutput, MetricsOutput } from '../../../src-shared/api/analysis.js';
import { exportResultFile, exportResultFiles } from '../exportResult.js';
import { runWith } from '../runtime.js';

function parseNumber(what: string, check: (n: number) => boolean = Number.isFinite) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !check(n)) throw new InvalidArgumentError(`${what}: "${value}" is not valid`);
    return n;
  };
}

/** "start:stop:count" (np.linspace) or a comma-separated list. */
export function parseAlphas(value: string): number[] {
  const range = /^\s*(-?[\d.]+)\s*:\s*(-?[\d.]+)\s*:\s*(\d+)\s*$/.exec(value);
  if (range) {
    const [start, stop, count] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (count < 2) throw new InvalidArgumentError('an α range needs at least 2 steps');
    return Array.from({ length: count }, (_, i) => start + ((stop - start) * i) / (count - 1));
  }
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.length < 2 || list.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError(`α values: use start:stop:count (e.g. 0:50:15) or a list "0,5,10"`);
  return list;
}

type MetricsMap = (typeof metricsMaps)[number];

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const fmt = (v: number | null | undefined, digits = 6): string => (v === null || v === undefined ? '—' : Number(v.toPrecision(digits)).toString());

export function registerAnalysisCommands(program: Command): void {
  program
    .command('metrics')
    .description('compare a reference and a test image (.npy 2D array or PNG): ssim, msssim, mse, rmse, psnr, nrmse')
    .argument('<metric>', comparisonMetrics.join(' | '))
    .argument('<reference>', 'reference image (image_true)')
    .argument('<test>', 'test image (e.g. the reconstruction)')
    .addOption(new Option('--variant <name>', 'SSIM variant').choices(['wang2004', 'skimage']).default('wang2004'))
    .option('--data-range <R>', 'value range of the images (255 for 8-bit, 1 for [0, 1]); required for ssim, msssim, psnr', parseNumber('--data-range', (n) => n > 0))
    .option('--mask <file>', 'foreground mask (.npy or PNG, non-zero = inside)')
    .addOption(new Option('--normalization <kind>', 'NRMSE denominator').choices(['euclidean', 'min-max', 'mean']).default('euclidean'))
    .option('--map <out.npy>', 'write the SSIM map (ssim) or the signed difference test − reference (other metrics)')
    .option('--diff-png <out.png>', 'write the signed difference in blue (darker) – white – red (brighter)')
    .option('--overlay-png <out.png>', 'write the difference blended over the reference image')
    .option('--diff-scale <s>', 'symmetric colour scale of the difference (default: max |difference|)', parseNumber('--diff-scale', (n) => n > 0))
    .option('--diff-percentile <p>', 'or: scale = this percentile of |difference| (e.g. 99)', parseNumber('--diff-percentile', (n) => n > 0 && n <= 100))
    .action(async (metric: string, reference: string, testImage: string, opts: Record<string, string | number | undefined>, command: Command) => {
      if (!(comparisonMetrics as readonly string[]).includes(metric)) throw new InvalidArgumentError(`unknown metric "${metric}" (use ${comparisonMetrics.join(', ')})`);
      const path = (v: unknown): string | undefined => (typeof v === 'string' ? resolve(v) : undefined);
      // Each map the user asked for: the file the API writes into the result, and where the user wants it.
      const wanted: [MetricsMap, string, string | undefined][] = [['map', 'map.npy', path(opts.map)], ['difference', 'difference.png', path(opts.diffPng)], ['overlay', 'overlay.png', path(opts.overlayPng)]];
      const destinations = wanted.flatMap(([map, name, dest]) => (dest === undefined ? [] : [{ map, name, dest }]));
      await runWith(
        command,
        async (rt) => {
          const value = await rt.client.call('analysis.metrics', {
            metric: metric as (typeof comparisonMetrics)[number],
            reference: resolve(reference),
            test: resolve(testImage),
            variant: opts.variant as 'wang2004' | 'skimage',
            dataRange: opts.dataRange as number | undefined,
            mask: path(opts.mask),
            nrmseNormalization: opts.normalization as 'euclidean' | 'min-max' | 'mean',
            maps: destinations.map((d) => d.map),
            differenceScale: opts.diffScale as number | undefined,
            differencePercentile: opts.diffPercentile as number | undefined,
          });
          const result = value.result;
          return { ...value, exported: result ? destinations.map((d) => exportResultFile(rt.ctx.dataDir, result, d.name, d.dest)) : [] };
        },
        formatMetrics,
      );
    });

  program
    .command('eigen')
    .description('eigencomponent analysis of an edit series (K×H×W or K×D×H×W .npy ordered by α)')
    .argument('<stack>', 'the images, lowest α first')
    .option('--alphas <spec>', 'α per image: start:stop:count or a list (default 0:50:K)', parseAlphas)
    .option('--mask <auto|none|file>', 'foreground: Otsu on the α = 0 image, every voxel, or a mask file', 'auto')
    .option('--components <k>', 'component maps to write', parseNumber('--components', (n) => Number.isInteger(n) && n >= 1 && n <= 100), 5)
    .option('--uncentred', 'analyse MᵀM instead of the covariance of mean-centred images')
    .requiredOption('--out <dir>', 'output folder (eigen.json, components.npy, component_k.png)')
    .action(async (stack: string, opts: { alphas?: number[]; mask: string; components: number; uncentred?: boolean; out: string }, command: Command) => {
      await runWith(
        command,
        async (rt) => {
          const value = await rt.client.call('analysis.eigen', {
            stack: resolve(stack),
            alphas: opts.alphas,
            mask: ['auto', 'none'].includes(opts.mask) ? opts.mask : resolve(opts.mask),
            components: opts.components,
            centred: !opts.uncentred,
          });
          return { ...value, exported: exportResultFiles(rt.ctx.dataDir, value.result, opts.out) };
        },
        formatEigen,
      );
    });

  program
    .command('direction')
    .description('a unit latent direction from labelled codes (svm | lda | mean) or edit pairs (pair)')
    .requiredOption('--latents <file.npy>', 'N×d (W) or N×L×d (W+) latent codes')
    .option('--labels <file>', '.npy or .csv, one label per code, two classes (the later/larger value is class 1)')
    .addOption(new Option('--method <name>', 'how to find the direction').choices(['svm', 'lda', 'mean', 'pair']).makeOptionMandatory())
    .option('--edited <file.npy>', "pair: codes of the edited images E(I*), matching --latents")
    .option('--condition <file.npy>', 'a direction to project out (repeatable)', collect, [])
    .option('--validation <fraction>', 'held-out fraction per class', parseNumber('--validation', (n) => n >= 0 && n <= 0.9), 0.3)
    .option('--seed <n>', 'seed of the train/validation split', parseNumber('--seed', Number.isInteger), 0)
    .option('--c <C>', 'SVM regularisation (LinearSVC C)', parseNumber('--c', (n) => n > 0), 1)
    .option('--shrinkage <s>', "LDA shrinkage: auto (Ledoit–Wolf), none, or 0..1", 'auto')
    .requiredOption('--out <file.npy>', 'where to write the unit direction')
    .action(async (opts: Record<string, unknown>, command: Command) => {
      const shrinkageText = String(opts.shrinkage);
      const shrinkage = shrinkageText === 'auto' || shrinkageText === 'none' ? shrinkageText : parseNumber('--shrinkage', (n) => n >= 0 && n <= 1)(shrinkageText);
      await runWith(
        command,
        async (rt) => {
          const value = await rt.client.call('analysis.direction', {
            latents: resolve(String(opts.latents)),
            labels: typeof opts.labels === 'string' ? resolve(opts.labels) : undefined,
            method: opts.method as 'svm' | 'lda' | 'mean' | 'pair',
            edited: typeof opts.edited === 'string' ? resolve(opts.edited) : undefined,
            conditions: (opts.condition as string[]).map((p) => resolve(p)),
            validationFraction: opts.validation as number,
            seed: opts.seed as number,
            c: opts.c as number,
            shrinkage,
          });
          return { ...value, exported: [exportResultFile(rt.ctx.dataDir, value.result, 'direction.npy', String(opts.out))] };
        },
        formatDirection,
      );
    });
}

/** Paths the CLI copied the result's files to. */
type Exported = { exported: string[] };

export function formatMetrics(m: MetricsOutput & Exported): string {
  const qualifier = [m.variant, m.dataRange !== undefined ? `data range ${m.dataRange}` : undefined, m.maskPixels !== undefined ? `inside mask (${m.maskPixels} px)` : undefined]
    .filter(Boolean)
    .join(', ');
  const lines = [`${m.metric}${qualifier ? ` (${qualifier})` : ''}: ${m.value === null && m.metric === 'psnr' ? '+∞ (identical)' : fmt(m.value, 8)}`];
  if (m.wholeImageValue !== undefined) lines.push(`whole image: ${fmt(m.wholeImageValue, 8)}`);
  if (m.difference) lines.push(`difference scale ±${fmt(m.difference.scale)} (${m.difference.scaleSource}); range ${fmt(m.difference.min)} … ${fmt(m.difference.max)}`);
  for (const path of m.exported) lines.push(`wrote ${path}`);
  return lines.join('\n');
}

export function formatEigen(e: EigenOutput & Exported): string {
  const lines = [
    `${e.imageCount} images of ${e.imageShape.join('×')}, ${e.voxelCount} foreground voxels (${e.mask.source}), ${e.centred ? 'centred' : 'uncentred'}`,
    'component  eigenvalue     explained  poly R²',
    ...e.eigenvalues.slice(0, 8).map((v, i) => `${String(i + 1).padStart(9)}  ${fmt(v).padEnd(13)}  ${(100 * e.explainedVariance[i]).toFixed(2).padStart(8)}%  ${fmt(e.polynomial[i].r2Uncentred, 4)}`),
    `component 2 vs subtraction (image ${e.subtraction.toIndex} − image ${e.subtraction.fromIndex}): r = ${fmt(e.subtraction.correlationWithComponent2, 4)}`,
    ...e.exported.map((p) => `wrote ${p}`),
  ];
  return lines.join('\n');
}

export function formatDirection(d: DirectionOutput & Exported): string {
  const lines = [`${d.method} direction in ${d.dimensions} dimensions from ${d.samples} codes${d.classes ? ` (${d.classes[0]} → ${d.classes[1]})` : ''}`];
  for (const [name, split] of [['train', d.train], ['validation', d.validation]] as const) {
    if (!split) continue;
    lines.push(`${name.padEnd(10)} n=${split.count}  accuracy ${(100 * split.accuracy).toFixed(1)}%  AUC ${fmt(split.auc, 4)}  separation ${fmt(split.projections.separation, 4)}`);
  }
  if (d.conditionedCosine < 1 - 1e-12) lines.push(`conditioned: cosine with the raw direction ${fmt(d.conditionedCosine, 4)}`);
  for (const path of d.exported) lines.push(`wrote ${path}`);
  return lines.join('\n');
}
