// Two small static charts for the demo report (a histogram of the codes along the direction, eigenvectors against α
// with their fits). The report is one offline HTML file for archiving and mail, so it cannot load a charting
// library's script; the app's panels use Chart.js for the same data.
import type { EigenvectorCurve } from '../../src-shared/analysis/eigenPlot.js';

export const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

interface Frame {
  width: number;
  height: number;
  pad: number;
  x: (v: number) => number;
  y: (v: number) => number;
}

function frame(xs: number[], ys: number[], width = 420, height = 220, pad = 34): Frame {
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = x1 > x0 ? (width - 2 * pad) / (x1 - x0) : 1;
  const sy = y1 > y0 ? (height - 2 * pad) / (y1 - y0) : 1;
  return { width, height, pad, x: (v) => pad + (v - x0) * sx, y: (v) => height - pad - (v - y0) * sy };
}

function axes(f: Frame, xLabel: string, yLabel: string, xRange: [number, number], yRange: [number, number]): string {
  const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  return [
    `<line x1="${f.pad}" y1="${f.height - f.pad}" x2="${f.width - f.pad}" y2="${f.height - f.pad}" stroke="#444"/>`,
    `<line x1="${f.pad}" y1="${f.pad}" x2="${f.pad}" y2="${f.height - f.pad}" stroke="#444"/>`,
    `<text x="${f.width / 2}" y="${f.height - 6}" text-anchor="middle" font-size="11">${escape(xLabel)}</text>`,
    `<text x="10" y="${f.height / 2}" font-size="11" transform="rotate(-90 10 ${f.height / 2})" text-anchor="middle">${escape(yLabel)}</text>`,
    `<text x="${f.pad}" y="${f.height - f.pad + 13}" font-size="10" text-anchor="middle">${fmt(xRange[0])}</text>`,
    `<text x="${f.width - f.pad}" y="${f.height - f.pad + 13}" font-size="10" text-anchor="middle">${fmt(xRange[1])}</text>`,
    `<text x="${f.pad - 3}" y="${f.height - f.pad}" font-size="10" text-anchor="end">${fmt(yRange[0])}</text>`,
    `<text x="${f.pad - 3}" y="${f.pad + 4}" font-size="10" text-anchor="end">${fmt(yRange[1])}</text>`,
  ].join('');
}

/** Overlaid histograms of two groups' projections onto the direction (held-out codes drawn hatched-light). */
export function histogramSvg(values: Array<{ value: number; label: number }>, groupNames: [string, string], bins = 16): string {
  if (values.length === 0) return '<p>no codes</p>';
  const all = values.map((v) => v.value);
  const [lo, hi] = [Math.min(...all), Math.max(...all)];
  const width = (hi - lo) / bins || 1;
  const counts = [0, 1].map((label) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of values) if (v.label === label) c[Math.min(bins - 1, Math.floor((v.value - lo) / width))]++;
    return c;
  });
  const top = Math.max(1, ...counts.flat());
  const f = frame([lo, hi], [0, top]);
  const barW = (f.width - 2 * f.pad) / bins;
  const bars = counts
    .map((c, label) => c.map((n, b) => (n > 0 ? `<rect x="${f.pad + b * barW + 1}" y="${f.y(n)}" width="${barW - 2}" height="${f.y(0) - f.y(n)}" fill="${colours[label]}" fill-opacity="0.5"/>` : '')).join(''))
    .join('');
  const legend = groupNames.map((g, i) => `<rect x="${f.width - 150}" y="${8 + 14 * i}" width="10" height="10" fill="${colours[i]}" fill-opacity="0.5"/><text x="${f.width - 136}" y="${17 + 14 * i}" font-size="11">${escape(g)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" role="img" aria-label="histogram of the codes along the direction">${axes(f, 'projection onto the direction', 'codes', [lo, hi], [0, top])}${bars}${legend}</svg>`;
}

/** Eigenvectors against α (points) with their polynomial fits (lines), one colour per component. */
export function eigenCurvesSvg(curves: EigenvectorCurve[]): string {
  if (curves.length === 0) return '<p>no components</p>';
  const xs = curves.flatMap((c) => c.points.map((p) => p.x));
  const ys = curves.flatMap((c) => [...c.points, ...c.fit].map((p) => p.y));
  const f = frame(xs, ys, 480, 260);
  const body = curves
    .map((c, i) => {
      const colour = colours[i % colours.length];
      const line = c.fit.map((p, k) => `${k === 0 ? 'M' : 'L'}${f.x(p.x).toFixed(1)},${f.y(p.y).toFixed(1)}`).join('');
      const dots = c.points.map((p) => `<circle cx="${f.x(p.x).toFixed(1)}" cy="${f.y(p.y).toFixed(1)}" r="2.5" fill="${colour}"/>`).join('');
      const label = `<text x="${f.width - 120}" y="${14 + 13 * i}" font-size="11" fill="${colour}">component ${c.component}${c.r2 === null ? '' : ` R² ${c.r2.toFixed(3)}`}</text>`;
      return `<path d="${line}" fill="none" stroke="${colour}" stroke-width="1.2"/>${dots}${label}`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" role="img" aria-label="eigenvectors against alpha">${axes(f, 'α', 'eigenvector entry', [Math.min(...xs), Math.max(...xs)], [Math.min(...ys), Math.max(...ys)])}${body}</svg>`;
}
