// The eigen panel's charts as Chart.js configurations (the panel draws them, the figure export draws them again at
// print size): the eigenvectors against α with their polynomial fits, and the scree plot of explained variance; and
// how α is named on the axis, in the summary and in captions.
import type { ChartConfiguration } from 'chart.js';
import type { EigenOutput, EigenSummary } from '../../../src-shared/api/eigen.js';
import { eigenvectorCurves, screePercent } from '../../../src-shared/analysis/eigenPlot.js';

const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

/** α's axis label with the unit that travelled with the series (σ along the direction, raw W units, or a catalog series' frame index). */
export function alphaAxis(out: Pick<EigenOutput, 'alphaUnit'>): string {
  if (out.alphaUnit === 'frame index') return 'α (frame index)';
  return out.alphaUnit === 'sigma' ? 'α (σ along the direction)' : out.alphaUnit === 'raw' ? 'α (raw W units)' : 'α';
}

/** How captions name an α value: a catalog series' default α is a frame number, not a step along a direction. */
export function alphaName(out: Pick<EigenOutput, 'alphaUnit'>, alpha: number): string {
  return out.alphaUnit === 'frame index' ? `frame ${alpha}` : `α ${alpha}`;
}

/** Where α came from, in words: a frame index is said to be one (instance order, not time), not a unit. */
export function alphaText(out: Pick<EigenOutput, 'alphaUnit' | 'alphaSource'>): string {
  if (out.alphaUnit === 'frame index') return 'α = frame index (instance order, not time)';
  return `α from ${out.alphaSource}${out.alphaUnit ? ` in ${out.alphaUnit} units` : ''}`;
}

/** The analysis a view shows: all slice positions jointly (-1, when there are several) or position `view`. */
export function summaryOf(out: EigenOutput, view: number): EigenSummary {
  return view < 0 && out.joint ? out.joint : out.positions[Math.max(0, view)];
}

export function curvesConfig(out: EigenOutput, view: number): ChartConfiguration {
  const summary = summaryOf(out, view);
  const curves = eigenvectorCurves(summary, out.alphas);
  return {
    type: 'scatter',
    data: {
      datasets: curves.flatMap((c, i) => [
        { label: `component ${c.component}`, data: c.points, backgroundColor: colours[i], borderColor: colours[i], showLine: false },
        { label: `fit deg ${c.degree} (R² ${c.r2 === null ? '—' : c.r2.toFixed(3)})`, data: c.fit, borderColor: colours[i], borderDash: [4, 3], pointRadius: 0, showLine: true },
      ]),
    },
    options: { scales: { x: { title: { display: true, text: alphaAxis(out) } }, y: { title: { display: true, text: 'eigenvector entry' } } } },
  };
}

export function screeConfig(out: EigenOutput, view: number): ChartConfiguration {
  const summary = summaryOf(out, view);
  const values = screePercent(summary);
  return {
    type: 'bar',
    data: { labels: values.map((_, i) => String(i + 1)), datasets: [{ label: 'explained variance (%)', data: values, backgroundColor: '#1f77b4' }] },
    options: { scales: { x: { title: { display: true, text: 'component' } }, y: { type: 'logarithmic', title: { display: true, text: '% (log)' }, ticks: { callback: (v) => Number(v).toExponential(0) } } } },
  };
}

