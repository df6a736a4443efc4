// Figure export of an eigen result as PNG and SVG: the eigenvectors against α with their fits and the scree plot
// (Chart.js, vector in the SVG through svgcanvas), and for each slice position of the view the α = 0 image with the
// component map and the plain subtraction as diverging overlays with their colour bars. Whenever the input was
// synthetic, a SYNTHETIC label is burned into the figure itself (banner and every map), not only into metadata.
import { BasicPlatform, Chart } from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import { Context, Element } from 'svgcanvas';
import type { LatentRadClient } from '../../../src-shared/api/contract.js';
import type { EigenOutput } from '../../../src-shared/api/eigen.js';
import { divergingColor } from '../../../src-shared/analysis/differenceMap.js';
import { colourBarTicks, overlayPixels } from '../../../src-shared/viewer/colourOverlay.js';
import { minMax } from '../../../src-shared/viewer/windowing.js';
import { curvesConfig, screeConfig, summaryOf } from './eigenCharts.js';
import { loadEigenLayers } from './eigenViewer.js';
import type { EigenView } from './eigenViewer.js';

export const syntheticBanner = 'SYNTHETIC — derived from generated images, not for diagnosis';

/** The maps of one view: per slice position the α = 0 image, the component map and the subtraction (NaN outside the mask). */
export interface FigureMaps {
  rows: number;
  columns: number;
  positions: Array<{ position: number; reference: Float32Array; component: Float32Array; subtraction: Float32Array }>;
  component: { scale: number; label: string };
  subtraction: { scale: number; label: string };
}

export async function loadFigureMaps(client: LatentRadClient, out: EigenOutput, view: EigenView, component: number): Promise<FigureMaps> {
  const layers = await loadEigenLayers(client, out, view, component, 1);
  const planes = layers.component.planes;
  const positions = await Promise.all(
    planes.map(async (plane, i) => {
      const position = view < 0 && out.joint ? i : Math.max(0, view);
      const frame = await client.call('pixels.result', { result: out.result.id, file: 'reference.npy', index: position, channel: 0 });
      const reference = new Float32Array(frame.data.buffer.slice(frame.data.byteOffset, frame.data.byteOffset + frame.data.byteLength));
      return { position, reference, component: plane.values, subtraction: layers.subtraction.planes[i].values };
    }),
  );
  return {
    rows: planes[0].rows,
    columns: planes[0].columns,
    positions,
    component: { scale: layers.component.scale, label: layers.component.label },
    subtraction: { scale: layers.subtraction.scale, label: `subtraction ${layers.subtraction.label}` },
  };
}

type Target = 'png' | 'svg';
/** A 2D context either kind of target draws on (svgcanvas's Context implements the same API). */
type Ctx = CanvasRenderingContext2D;

/** A chart drawn at its final size: a bitmap (PNG, at `ratio` pixels per unit) or recorded SVG (vector). */
function chartImage(config: ChartConfiguration, width: number, height: number, target: Target, ratio: number): { image: HTMLCanvasElement | Context; chart: Chart } {
  const options = { ...config.options, responsive: false, maintainAspectRatio: false, animation: false as const, events: [], devicePixelRatio: target === 'png' ? ratio : 1 };
  if (target === 'png') {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    return { image: canvas, chart: new Chart(canvas, { ...config, options, platform: BasicPlatform }) };
  }
  const element = new Element({ width, height });
  // Chart.js strokes lines through Path2D, which a recording context cannot read; a `segment` option makes it
  // draw them with plain path calls instead.
  const data = { ...config.data, datasets: config.data.datasets.map((d) => ({ ...d, segment: {} })) };
  return { image: element.ctx, chart: new Chart(element as unknown as HTMLCanvasElement, { ...config, data, options, platform: BasicPlatform } as ChartConfiguration) };
}

/** One map tile: the α = 0 image in grey (window = its min–max) under the diverging overlay, upscaled without smoothing. */
function tile(reference: Float32Array, values: Float32Array, rows: number, columns: number, scale: number, size: number): HTMLCanvasElement {
  const { min, max } = minMax(reference);
  const rgba = new Uint8ClampedArray(rows * columns * 4);
  const overlay = overlayPixels(values, scale, 0.9);
  for (let i = 0; i < rows * columns; i++) {
    const grey = max > min ? ((reference[i] - min) / (max - min)) * 255 : 0;
    const a = overlay[i * 4 + 3] / 255;
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = grey * (1 - a) + overlay[i * 4 + c] * a;
    rgba[i * 4 + 3] = 255;
  }
  const small = document.createElement('canvas');
  small.width = columns;
  small.height = rows;
  small.getContext('2d')?.putImageData(new ImageData(rgba, columns, rows), 0, 0);
  const big = document.createElement('canvas');
  big.width = size;
  big.height = size;
  const ctx = big.getContext('2d');
  if (ctx) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, size, size);
  }
  return big;
}

/** The colour bar's gradient (+scale at the top) as a small bitmap. */
function barImage(height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = 12;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  for (let y = 0; y < height && ctx; y++) {
    const [r, g, b] = divergingColor(1 - (2 * y) / (height - 1));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(0, y, 12, 1);
  }
  return canvas;
}

const font = (px: number, bold = false): string => `${bold ? 'bold ' : ''}${px}px sans-serif`;

/** Figure size in layout units (the PNG is drawn at twice this). */
export const figureWidth = 1400;
const chartHeight = 340;
/** Space a row of map tiles needs above and below its tiles (title, captions). */
const rowGap = 56;

function figureHeight(tileSize: number): number {
  return 90 + chartHeight + 30 + 2 * (tileSize + rowGap) + 30;
}

function tileSizeOf(positions: number): number {
  return Math.min(200, Math.floor((figureWidth - 160) / positions) - 12);
}

/** Draws the whole figure on `ctx`; `charts` are the two chart images already rendered at their places' sizes. */
function drawFigure(ctx: Ctx, out: EigenOutput, view: EigenView, maps: FigureMaps, charts: Array<HTMLCanvasElement | Context>, target: Target): void {
  const size = tileSizeOf(maps.positions.length);
  const height = figureHeight(size);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, figureWidth, height);
  const summary = summaryOf(out, view);
  const r2 = summary.polynomial[1]?.r2 ?? null;
  const pass = r2 !== null && r2 >= out.linearCheck.threshold;
  ctx.fillStyle = '#000000';
  ctx.font = font(20, true);
  ctx.fillText(`Eigencomponents of ${out.result.id} — ${view < 0 && out.joint ? 'all slice positions jointly' : `slice position ${Math.max(0, view)}`}`, 20, 30);
  ctx.font = font(15);
  ctx.fillText(
    `${out.imageCount} images, α ${out.alphas[0]}…${out.alphas[out.alphas.length - 1]}${out.alphaUnit ? ` (${out.alphaUnit})` : ''}; mask: ${summary.mask.source}, ${summary.voxelCount} voxels; component 2 linear in α: R² ${r2 === null ? '—' : r2.toFixed(4)} ${pass ? 'PASS' : 'FAIL'} (≥ ${out.linearCheck.threshold})`,
    20,
    54,
  );
  if (out.synthetic) {
    ctx.fillStyle = '#ffb000';
    ctx.fillRect(20, 62, 620, 24);
    ctx.fillStyle = '#000000';
    ctx.font = font(16, true);
    ctx.fillText(syntheticBanner, 28, 80);
  }
  const chartWidth = (figureWidth - 60) / 2;
  charts.forEach((image, i) => {
    const x = 20 + i * (chartWidth + 20);
    if (target === 'png') ctx.drawImage(image as HTMLCanvasElement, x, 90, chartWidth, chartHeight);
    else (ctx as unknown as Context & { drawImage(image: Context, x: number, y: number): void }).drawImage(image as Context, x, 90);
  });
  const rowsTop = 90 + chartHeight + 30;
  const rows = [
    { key: 'component' as const, meta: maps.component },
    { key: 'subtraction' as const, meta: maps.subtraction },
  ];
  rows.forEach(({ key, meta }, r) => {
    const y = rowsTop + r * (size + rowGap);
    ctx.fillStyle = '#000000';
    ctx.font = font(14, true);
    ctx.fillText(`${meta.label} on the α = ${out.alphas[out.referenceIndex]} image`, 20, y + 14);
    maps.positions.forEach((p, i) => {
      const x = 20 + i * (size + 12);
      ctx.drawImage(tile(p.reference, p[key], maps.rows, maps.columns, meta.scale, size), x, y + 22, size, size);
      ctx.fillStyle = '#ffb000';
      ctx.font = font(11, true);
      if (out.synthetic) ctx.fillText('SYNTHETIC', x + 4, y + 36);
      ctx.fillStyle = '#000000';
      ctx.font = font(12);
      ctx.fillText(`position ${p.position}`, x + 4, y + 22 + size + 15);
    });
    const barX = figureWidth - 110;
    ctx.drawImage(barImage(size), barX, y + 22, 12, size);
    ctx.font = font(12);
    ctx.fillStyle = '#000000';
    for (const tick of colourBarTicks(meta.scale)) ctx.fillText(tick.label, barX + 18, y + 22 + (1 - tick.position) * size + 4);
  });
  ctx.font = font(12);
  ctx.fillStyle = '#444444';
  ctx.fillText(`LatentRad · ${new Date().toISOString().slice(0, 10)} · diverging maps: blue < 0 < red, symmetric scale; outside the mask: grey image only`, 20, height - 14);
}

/** The figure as a PNG (2 pixels per layout unit) or an SVG document. */
export async function renderFigure(out: EigenOutput, view: EigenView, maps: FigureMaps, target: Target): Promise<Blob> {
  const ratio = 2;
  const height = figureHeight(tileSizeOf(maps.positions.length));
  const chartWidth = (figureWidth - 60) / 2;
  const configs = [curvesConfig(out, view), screeConfig(out, view)];
  const rendered = configs.map((config) => chartImage(config, chartWidth, chartHeight, target, ratio));
  try {
    if (target === 'svg') {
      const ctx = new Context({ width: figureWidth, height });
      drawFigure(ctx as unknown as Ctx, out, view, maps, rendered.map((r) => r.image), target);
      return new Blob([ctx.getSerializedSvg(true)], { type: 'image/svg+xml' });
    }
    const canvas = document.createElement('canvas');
    canvas.width = figureWidth * ratio;
    canvas.height = height * ratio;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas for the figure');
    ctx.scale(ratio, ratio);
    drawFigure(ctx, out, view, maps, rendered.map((r) => r.image), target);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the figure could not be encoded as PNG'))), 'image/png'));
  } finally {
    for (const r of rendered) r.chart.destroy();
  }
}
