// Shows an edit series beside its original in the viewer (1×2): the series goes the app's one way — exported as a
// synthetic DICOM series, imported into the catalog, served by the pixel service (marked SYNTHETIC) — and the
// difference of every image to α = 0 is attached to it as the viewer's diverging colour overlay.
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import type { LatentRadClient } from '../../../src-shared/api/contract.js';
import type { SeriesInfo } from '../../../src-shared/api/direction.js';
import { toImageId } from '../../../src-shared/viewer/imageIds.js';
import type { OverlayPlane } from '../../../src-shared/viewer/colourOverlay.js';
import { overlayStore } from '../../viewer/colourOverlay.js';
import type { StackDisplay } from '../../viewer/store.js';
import { viewerStore } from '../../viewer/store.js';
import { originalDisplay, seriesWindow } from './originalDisplay.js';

const alphaLabel = (alpha: number, unit: string): string => `α = ${Number(alpha.toPrecision(3))}${unit === 'sigma' ? ' σ' : ' (raw)'}`;

/** The difference maps as overlay planes, one tied to each image of the series (pixel grid of the exported frames). */
export function differencePlanes(maps: readonly number[][], shape: readonly [number, number, number, number], imageIds: readonly string[]): OverlayPlane[] {
  const [K, S, H, W] = shape;
  const planes: OverlayPlane[] = [];
  for (let k = 0; k < K; k++) {
    for (let s = 0; s < S; s++) {
      // The exported frames carry no patient position: the viewer places them at the origin with 1 mm pixels.
      planes.push({ values: Float32Array.from(maps[k].slice(s * H * W, (s + 1) * H * W)), rows: H, columns: W, origin: [0, 0, 0], columnStep: [1, 0, 0], rowStep: [0, 1, 0], imageId: imageIds[k * S + s] });
    }
  }
  return planes;
}

/** Exports `series` as DICOM into the catalog and opens it beside its original with the difference overlay. */
export async function openSeriesBeside(client: LatentRadClient, series: SeriesInfo, dataDir: string): Promise<{ seriesId: string; exportResult: string; exportFiles: string[] }> {
  const exported = await client.call('direction.exportSeries', { series: series.result.id, format: 'dicom' });
  if (!exported.seriesUid) throw new Error('the DICOM export returned no series UID');
  await importPaths(client, { paths: [`${dataDir}/results/${exported.result.id}/dicom`] });
  const { id } = await client.call('catalog.resolve', { ref: exported.seriesUid });
  const { rows } = await client.call('catalog.listInstances', { parent: id, limit: 100_000 });
  // Instance numbers follow the series order (α outer, slice position inner), as the export writes them.
  const ordered = [...rows].sort((x, y) => (x.instanceNumber ?? 0) - (y.instanceNumber ?? 0));
  const imageIds = ordered.map((r) => toImageId({ kind: 'frame', instanceId: r.id, frame: 0 }));
  const [K, S] = series.shape;
  const captions = Array.from({ length: K * S }, (_, i) => `SYNTHETIC ${alphaLabel(series.alphas[Math.floor(i / S)], series.alphaUnit)}${S > 1 ? `, position ${i % S}` : ''}`);
  const window = seriesWindow(series.range);
  const seriesDisplay: StackDisplay = {
    kind: 'stack',
    key: id,
    title: 'SYNTHETIC edit series',
    patient: series.positions[0]?.subject || series.positions[0]?.item || 'synthetic',
    study: `${K} steps ${alphaLabel(series.alphas[0], series.alphaUnit)} … ${alphaLabel(series.alphas[K - 1], series.alphaUnit)}`,
    modality: 'OT',
    provenance: 'synthetic',
    imageIds,
    captions,
    window,
  };
  const diff = await client.call('direction.seriesDifference', { series: series.result.id });
  overlayStore.set(seriesDisplay.key, {
    planes: differencePlanes(diff.maps, diff.shape, imageIds),
    scale: diff.scale,
    opacity: 0.6,
    unit: 'intensity, model scale [−1, 1]',
    label: `difference to ${alphaLabel(diff.alphas[diff.referenceIndex], diff.alphaUnit)}`,
  });
  const found = series.positions[0] ? originalDisplay(series.positions[0]) : null;
  const original = found ? { ...found, window } : null;
  viewerStore.openAll(original ? [original, seriesDisplay] : [seriesDisplay]);
  if (!original) viewerStore.setLayout('1x2');
  return { seriesId: id, exportResult: exported.result.id, exportFiles: exported.result.files };
}
