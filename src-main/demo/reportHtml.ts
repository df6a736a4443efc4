// The demo report: one self-contained HTML file (images inlined as data URIs, charts as inline SVG) with every
// figure, number and setting of the demo run, and a visible SYNTHETIC label on every generated image.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eigenvectorCurves, screePercent } from '../../src-shared/analysis/eigenPlot.js';
import { eigenCurvesSvg, escape as esc, histogramSvg } from './charts.js';
import type { DemoRun } from './run.js';
import { chestModelName, demoLesion, demoModel, demoPatient, demoPerturbation } from './run.js';

const num = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
const uri = (path: string): string => `data:image/png;base64,${readFileSync(path).toString('base64')}`;

function figure(path: string, caption: string, synthetic: boolean, size = 160): string {
  // The label sits at the image's bottom-left: the maps carry the burned-in label at the top-left, left visible.
  return `<figure${synthetic ? ' class="synthetic"' : ''}><div class="pic"><img src="${uri(path)}" alt="${esc(caption)}" style="width:${size}px;height:${size}px">${synthetic ? '<span class="label">SYNTHETIC</span>' : ''}</div><figcaption>${esc(caption)}</figcaption></figure>`;
}

const table = (head: string[], rows: string[][]): string => `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;

/** Whether the projection was computed now or reused from the one shipped with the demo study, and how that was made. */
function projectionSource(run: DemoRun): string {
  const { projection } = run.fidelity;
  if (projection.source === 'computed' || !projection.made) return `<p><b>Projected in this run</b> (${esc(projection.note.replace(/^projected in this run \((.*)\)$/, '$1'))}).</p>`;
  const m = projection.made;
  return `<p><b>Cached projection:</b> the three projections were made by LatentRad itself (<code>${esc(m.command)}</code>, ${esc(m.software)}, ${esc(m.created.slice(0, 10))}; projecting took ${m.seconds.toFixed(0)} s there) and shipped with the demo; this run's fidelity job found them in its projection cache under the same pixels, model weights and settings and reused them instead of optimising again. <code>latentrad demo --reproject</code> projects again instead.</p>`;
}

function fidelitySection(run: DemoRun): string {
  const { report, dir } = run.fidelity;
  const rows = report.rows.map((r) => [esc(r.copy), num(r.vsOriginal.ssim), num(r.vsOriginal.ssimSkimage), r.vsOriginal.mse.toExponential(3), num(r.vsOriginal.psnr, 2), num(r.vsInput.ssim), r.vsInput.mse.toExponential(3)]);
  const figures = report.rows
    .map((r) => `<div class="row"><h4>${esc(r.copy)}</h4>${figure(join(dir, r.maps.input), 'input (real)', false)}${figure(join(dir, r.maps.projection), 'projection', true)}${figure(join(dir, r.maps.difference), `projection − original (±${r.differenceScale.toPrecision(3)}; red brighter, blue darker)`, true)}${figure(join(dir, r.maps.ssim), 'SSIM map (0 black … 1 white)', true)}</div>`)
    .join('');
  const lesion = report.lesion
    ? `<p>${esc(report.lesion.description)}</p>${table(
        ['image', 'SSIM inside', 'SSIM outside', 'MSE inside', 'MSE outside', 'MSE ratio', 'contrast recovered'],
        report.lesion.perImage.map((l) => [String(l.image), num(l.numbers.ssimInside), num(l.numbers.ssimOutside), l.numbers.mseInside.toExponential(3), l.numbers.mseOutside.toExponential(3), num(l.numbers.mseRatio, 2), l.contrastRecoveredPercent === null ? '–' : `${l.contrastRecoveredPercent.toFixed(1)} %`]),
      )}<p>0 % recovered means the lesion was "reconstructed as normal" — the published observation, as a number.</p>`
    : '';
  return `<h2>1. Projection and fidelity report</h2>
<p>The middle axial slice of ${esc(demoPatient)} (a 23-year-old held-out subject of the IXI set) projected into ${esc(demoModel)} in W+ (${run.settings.steps} steps of NVlabs' schedule, noise optimised), together with one perturbed copy (Gaussian noise σ ${demoPerturbation.sigma} on [−1, 1]) and a copy with a painted lesion (disc at x ${demoLesion.x}, y ${demoLesion.y}, r ${demoLesion.r} px, contrast ${demoLesion.contrast}). SSIM: Gaussian window σ 1.5 (wang2004) and scikit-image's 7×7 uniform window, data range 1 on [0, 1]; MSE on [0, 1].</p>
${projectionSource(run)}
${table(['copy', 'SSIM vs original', 'SSIM (skimage)', 'MSE vs original', 'PSNR dB', 'SSIM vs input', 'MSE vs input'], rows)}${figures}${lesion}
<p class="src">fidelity result ${esc(run.fidelity.result)}</p>`;
}

/** The cohort's group terms (age<35, age>60) as the histogram's legend, else the class labels. */
function groupNames(meta: Record<string, unknown>, classes: string[]): [string, string] {
  const cohort = meta.cohort as { groupA?: unknown; groupB?: unknown } | undefined;
  const terms = (v: unknown, i: number): string => (Array.isArray(v) ? v.join(' ') : `class ${classes[i] ?? i}`);
  return [terms(cohort?.groupA, 0), terms(cohort?.groupB, 1)];
}

function directionSection(run: DemoRun): string {
  const { direction: d, cohort } = run.ageing;
  const split = (name: string, s: typeof d.train) => (s ? [name, String(s.count), String(s.subjects), num(s.accuracy), num(s.auc), num(s.separation, 2)] : [name, '–', '–', '–', '–', '–']);
  const settings = (cohort.meta.settings ?? {}) as Record<string, unknown>;
  const cached = cohort.source === 'cached'
    ? `<p><b>Cached codes:</b> the cohort's latent codes were made by LatentRad itself (<code>latentrad cohort --model ${esc(demoModel)} --group-a 'age&lt;35' --group-b 'age&gt;60'</code>, W, ${esc(String(settings.steps ?? '?'))} steps, noise ${esc(String(settings.noise ?? '?'))}) and shipped with the demo; <code>latentrad demo --recompute</code> makes them again from the IXI volumes.</p>`
    : '<p>The cohort\'s codes were recomputed in this run.</p>';
  return `<h2>2. Ageing direction (IXI, young vs old)</h2>
${cached}
<p>Method ${esc(d.method.toUpperCase())} on ${d.samples} ${esc(d.space.toUpperCase())} codes (${d.dimensions} dimensions), classes ${d.classes.map(esc).join(' vs ')}, split by ${esc(d.splitBy)}; σ along the direction (pooled within-group) ${num(d.sigma)}.</p>
${table(['part', 'codes', 'subjects', 'accuracy', 'AUC', 'separation |μ1 − μ0| / mean σ'], [split('train', d.train), split('held out', d.validation)])}
${d.confounders.length > 0 ? table(['confounder', 'cosine before', 'cosine after'], d.confounders.map((c) => [esc(c.name), num(c.before), num(c.after)])) : ''}
${histogramSvg(d.projections, groupNames(cohort.meta, d.classes))}
${d.notes.length > 0 ? `<ul>${d.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
${chestSection(run)}`;
}

function chestSection(run: DemoRun): string {
  const { direction: d, cohort } = run.chest;
  if (!d || !cohort) return `<h2>3. NORMAL/PNEUMONIA direction (chest X-ray)</h2><p>${esc(run.chest.note)}</p>`;
  const split = (name: string, s: typeof d.train) => (s ? [name, String(s.count), num(s.accuracy), num(s.auc), num(s.separation, 2)] : [name, '–', '–', '–', '–']);
  const settings = (cohort.meta.settings ?? {}) as Record<string, unknown>;
  return `<h2>3. NORMAL/PNEUMONIA direction (chest X-ray)</h2>
<p><b>Cached codes:</b> ${d.samples} held-out paediatric chest films (never seen in training) projected into <code>${esc(chestModelName)}</code> by LatentRad itself (<code>latentrad cohort --model ${esc(chestModelName)} --entities images --group-a class=NORMAL --group-b class=PNEUMONIA</code>, ${esc(String(settings.space ?? 'w')).toUpperCase()}, ${esc(String(settings.steps ?? '?'))} steps) and shipped with the demo. The chest model is early in training (see its README); in this set the classes also differ in acquisition, so the direction can follow such confounders.</p>
<p>Method ${esc(d.method.toUpperCase())} on ${d.samples} ${esc(d.space.toUpperCase())} codes, classes ${d.classes.map(esc).join(' vs ')}; σ along the direction ${num(d.sigma)}.</p>
${table(['part', 'codes', 'accuracy', 'AUC', 'separation |μ1 − μ0| / mean σ'], [split('train', d.train), split('held out', d.validation)])}
${histogramSvg(d.projections, groupNames(cohort.meta, d.classes))}
<p class="src">direction result ${esc(d.result.id)}</p>`;
}

function seriesSection(run: DemoRun): string {
  const { info, frames, dir } = run.series;
  const strip = frames.map((f, i) => figure(join(dir, f), `α ${num(info.alphas[i], 2)} ${info.alphaUnit}`, true, 96)).join('');
  return `<h2>4. Edit series</h2>
<p>The projected slice of ${esc(demoPatient)} moved along the ageing direction: w + α·v for ${info.alphas.length} values of α from ${num(info.alphas[0], 2)} to ${num(info.alphas[info.alphas.length - 1], 2)} in units of ${esc(info.alphaUnit)} (1 ${esc(info.alphaUnit)} = ${num(info.scale)} in W), generated by ${esc(info.model)}. Every image is synthetic.</p>
<div class="row">${strip}</div><p class="src">edit result ${esc(info.result.id)}</p>`;
}

function eigenSection(run: DemoRun): string {
  const { output, dir } = run.eigen;
  const summary = output.positions[0];
  if (!summary) return '<h2>5. Eigencomponents</h2><p>no position analysed</p>';
  const curves = eigenvectorCurves(summary, output.alphas, 3);
  const scree = screePercent(summary, 5);
  const maps = output.result.files.filter((f) => /^position_0\/component_[1-3]\.png$/.test(f)).sort();
  const check = output.linearCheck;
  return `<h2>5. Eigencomponents</h2>
<p>The series (${output.imageCount} images, mask ${esc(summary.mask.source)}, ${summary.voxelCount} pixels) stacked and eigendecomposed. The published observation: component 1 ≈ constant, component 2 linear in α. Component 2's linear fit: R² ${num(check.r2, 4)} — <b>${check.pass ? 'pass' : 'fail'}</b> at R² ≥ ${check.threshold}.</p>
${eigenCurvesSvg(curves)}
${table(['component', 'explained variance', 'polynomial degree', 'R²'], summary.polynomial.slice(0, 5).map((p, i) => [String(p.component), `${scree[i] === undefined ? '–' : scree[i].toPrecision(3)} %`, String(p.degree), num(p.r2, 4)]))}
<p>Correlation of component 2's map with plain subtraction (α ${num(output.alphas[summary.subtraction.toIndex], 2)} − α ${num(output.alphas[summary.subtraction.fromIndex], 2)}): ${num(summary.subtraction.correlationWithComponent2)}.</p>
<div class="row">${maps.map((m) => figure(join(dir, m), m.replace('position_0/', '').replace('.png', '').replace('_', ' '), true)).join('')}</div>
<p class="src">eigen result ${esc(output.result.id)}</p>`;
}

export function demoReportHtml(run: DemoRun, software: string, created: Date): string {
  const steps = table(['step', 'seconds', 'result'], run.steps.map((s) => [esc(s.name), s.seconds.toFixed(1), esc(s.note)]));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LatentRad demo report</title>
<style>
body,:host{display:block;font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f3f3f3}td:first-child{text-align:left}.banner{background:#b2182b;color:#fff;padding:8px 12px;font-weight:600}.row{display:flex;gap:10px;flex-wrap:wrap;align-items:flex-start}
.row h4{width:100%;margin:8px 0 0}figure{margin:0}.pic{position:relative}figure img{image-rendering:pixelated;display:block}figcaption{font-size:11px;max-width:160px}
.label{position:absolute;bottom:3px;left:3px;background:#b2182b;color:#fff;font-size:10px;padding:1px 3px}.src{color:#777;font-size:12px}code{background:#f3f3f3;padding:0 3px}
</style></head><body>
<div class="banner">SYNTHETIC: images marked SYNTHETIC are generated by a neural network — not for diagnosis</div>
<h1>LatentRad demo report</h1>
<p>${esc(software)}, ${esc(created.toISOString())}. Model <code>${esc(demoModel)}</code> (embedded; see its README for how far it is trained). Demo study: ${esc(run.studyDir)} (${run.imported.files} files, ${run.imported.errors} import errors).</p>
${steps}
${fidelitySection(run)}
${directionSection(run)}
${seriesSection(run)}
${eigenSection(run)}
<h2>Data and licences</h2>
<p>IXI T1 volumes: IXI dataset (Imperial College London et al., brain-development.org), CC BY-SA 3.0. Chest X-rays: Kermany, Zhang, Goldbaum (2018), Mendeley Data, CC BY 4.0. The embedded IXI model's weights are a derivative of IXI, CC BY-SA 3.0; the chest model's of Kermany et al., CC BY 4.0.</p>
</body></html>
`;
}
