// The fidelity report of a finished projection: per image and copy (original, perturbations, lesion) the numbers
// against the original and against the projected input, the signed difference map (projection − original, red
// brighter, blue darker, symmetric scale stated) and the SSIM map as PNGs marked synthetic, lesion inside/outside
// numbers, and table.csv, report.json and a self-contained report.html.
import { mkdir, writeFile } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { join } from 'node:path';
import { differenceMap, renderDiverging } from '../../src-shared/analysis/differenceMap.js';
import { compare, lesionContrastRecovered, lesionNumbers, unit } from '../../src-shared/analysis/fidelity.js';
import { ssim } from '../../src-shared/analysis/ssim.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import { readNpy } from '../io/npyFile.js';
import { encodePng, syntheticPngText } from '../io/png.js';
import { burnSyntheticLabel } from '../../src-shared/viewer/syntheticLabel.js';
import type { FidelityLayout } from './fidelityPlan.js';
import { reportHtml } from './reportHtml.js';
import type { FidelityReport, ReportRow } from './reportTypes.js';
import type { ProjectionPlan } from './run.js';

const grey = (data: ArrayLike<number>, lo: number, hi: number): Uint8Array => Uint8Array.from(data, (v) => Math.round(255 * Math.min(1, Math.max(0, (v - lo) / (hi - lo)))));

function png(width: number, data: Uint8Array, channels: 1 | 3 | 4, synthetic: boolean, what: string): Buffer {
  const text: Record<string, string> = synthetic ? { ...syntheticPngText, Content: what } : { Software: 'LatentRad', Content: what };
  const height = data.length / (width * channels);
  // Pictures of generator output carry the label in their pixels too (the tEXt is lost by screenshots and re-saves).
  if (synthetic) burnSyntheticLabel(data, width, height, channels);
  return encodePng({ width, height, channels, bitDepth: 8, data, text });
}

export async function writeFidelityReport(plan: ProjectionPlan, resultId: string, layout: FidelityLayout): Promise<FidelityReport> {
  const res = plan.resolution;
  const per = res * res;
  const size = { width: res, height: res };
  const targets = toFloat32(await readNpy(join(plan.dir, 'targets.npy')));
  const projections = toFloat32(await readNpy(join(plan.dir, 'projections.npy')));
  const at = (a: Float32Array, row: number): Float32Array => a.subarray(row * per, (row + 1) * per);
  await mkdir(join(plan.dir, 'maps'), { recursive: true });
  const rows: ReportRow[] = [];
  for (const group of layout.groups) {
    const original = at(targets, group.copies[0].row);
    for (const copy of group.copies) {
      const input = at(targets, copy.row);
      const projection = at(projections, copy.row);
      const base = `maps/${String(group.image).padStart(3, '0')}-${copy.row - group.copies[0].row}`;
      const diff = differenceMap(unit(original, size), unit(projection, size));
      const ssimMap = ssim(unit(original, size), unit(projection, size), { variant: 'wang2004', dataRange: 1 }).map;
      const rgba = renderDiverging(diff.signed, diff.scale);
      const rgb = Uint8Array.from({ length: per * 3 }, (_, i) => rgba[(i / 3 | 0) * 4 + (i % 3)]);
      const maps = { input: `${base}-input.png`, projection: `${base}-projection.png`, difference: `${base}-difference.png`, ssim: `${base}-ssim.png` };
      await writeFile(join(plan.dir, maps.input), png(res, grey(input, -1, 1), 1, false, `${copy.name} input (real image${copy.kind === 'original' ? '' : ', perturbed'})`));
      await writeFile(join(plan.dir, maps.projection), png(res, grey(projection, -1, 1), 1, true, `projection of ${copy.name}`));
      await writeFile(join(plan.dir, maps.difference), png(res, rgb, 3, true, `projection − original, symmetric scale ±${diff.scale.toPrecision(3)} on [0,1]`));
      await writeFile(join(plan.dir, maps.ssim), png(res, grey(ssimMap, 0, 1), 1, true, 'SSIM map (wang2004, data range 1), black 0 … white 1'));
      rows.push({
        image: group.image,
        item: plan.rows[copy.row].item,
        slice: plan.rows[copy.row].slice,
        copy: copy.name,
        kind: copy.kind,
        vsOriginal: compare(original, projection, size),
        vsInput: compare(input, projection, size),
        differenceScale: diff.scale,
        maps,
      });
    }
  }
  let lesion: FidelityReport['lesion'] = null;
  if (layout.lesion) {
    const mask = layout.lesion.mask;
    const signal = layout.lesion.signal;
    lesion = {
      description: layout.lesion.description,
      perImage: layout.groups.map((g) => {
        const lesioned = g.copies.find((c) => c.kind === 'lesion');
        const healthy = g.copies[0];
        if (lesioned && signal) {
          return {
            image: g.image,
            numbers: lesionNumbers(at(targets, lesioned.row), at(projections, lesioned.row), size, mask),
            contrastRecoveredPercent: lesionContrastRecovered(at(projections, lesioned.row), at(projections, healthy.row), signal, mask),
          };
        }
        return { image: g.image, numbers: lesionNumbers(at(targets, healthy.row), at(projections, healthy.row), size, mask), contrastRecoveredPercent: null };
      }),
    };
  }
  const originals = rows.filter((r) => r.kind === 'original');
  const report: FidelityReport = {
    result: resultId,
    synthetic: true,
    rows,
    lesion,
    meanSsim: originals.reduce((s, r) => s + r.vsOriginal.ssim, 0) / originals.length,
    meanMse: originals.reduce((s, r) => s + r.vsOriginal.mse, 0) / originals.length,
    meta: plan.meta,
  };
  const header = ['image', 'item', 'slice', 'copy', 'ssim_vs_original', 'ssim_skimage_vs_original', 'mse01_vs_original', 'mse_model_vs_original', 'psnr_vs_original', 'nrmse_vs_original', 'ssim_vs_input', 'mse01_vs_input', 'difference_scale'];
  const csv = [header, ...rows.map((r) => [r.image, r.item, r.slice ?? '', r.copy, r.vsOriginal.ssim, r.vsOriginal.ssimSkimage, r.vsOriginal.mse, r.vsOriginal.mseModel, r.vsOriginal.psnr ?? '', r.vsOriginal.nrmse, r.vsInput.ssim, r.vsInput.mse, r.differenceScale].map((v) => (typeof v === 'number' ? String(+v.toPrecision(6)) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)))];
  await writeFile(join(plan.dir, 'table.csv'), `${csv.map((r) => r.join(',')).join('\n')}\n`);
  await writeFileAtomic(join(plan.dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(join(plan.dir, 'summary.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(plan.dir, 'report.html'), await reportHtml(plan.dir, report));
  return report;
}
