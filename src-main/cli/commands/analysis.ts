// `latentrad metrics`: image comparison on .npy/PNG files (and the α parser other analysis commands share).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { comparisonMetrics, metricsInputSchema } from '../../../src-shared/api/analysis.js';
import type { metricsMaps } from '../../../src-shared/api/analysis.js';
import type { MetricsOutput } from '../../../src-shared/api/analysis.js';
import { exportResultFile } from '../exportResult.js';
import { runWith } from '../runtime.js';
import { numberOption } from '../numberOption.js';

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

export const collect = (value: string, previous: string[]): string[] => [...previous, value];
export const fmt = (v: number | null | undefined, digits = 6): string => (v === null || v === undefined ? '—' : Number(v.toPrecision(digits)).toString());

export function registerAnalysisCommands(program: Command): void {
  program
    .command('metrics')
    .description('compare a reference and a test image (.npy 2D array or PNG): ssim, msssim, mse, rmse, psnr, nrmse')
    .argument('<metric>', comparisonMetrics.join(' | '))
    .argument('<reference>', 'reference image (image_true)')
    .argument('<test>', 'test image (e.g. the reconstruction)')
    .addOption(new Option('--variant <name>', 'SSIM variant').choices(['wang2004', 'skimage']).default('wang2004'))
    .option('--data-range <R>', 'value range of the images (255 for 8-bit, 1 for [0, 1]); required for ssim, msssim, psnr', numberOption('--data-range', metricsInputSchema.shape.dataRange))
    .option('--mask <file>', 'foreground mask (.npy or PNG, non-zero = inside)')
    .addOption(new Option('--normalization <kind>', 'NRMSE denominator').choices(['euclidean', 'min-max', 'mean']).default('euclidean'))
    .option('--map <out.npy>', 'write the SSIM map (ssim) or the signed difference test − reference (other metrics)')
    .option('--diff-png <out.png>', 'write the signed difference in blue (darker) – white – red (brighter)')
    .option('--overlay-png <out.png>', 'write the difference blended over the reference image')
    .option('--diff-scale <s>', 'symmetric colour scale of the difference (default: max |difference|)', numberOption('--diff-scale', metricsInputSchema.shape.differenceScale))
    .option('--diff-percentile <p>', 'or: scale = this percentile of |difference| (e.g. 99)', numberOption('--diff-percentile', metricsInputSchema.shape.differencePercentile))
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
}

/** Paths the CLI copied the result's files to. */
export type Exported = { exported: string[] };

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
