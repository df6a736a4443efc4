// Puts an eigen result in the viewer: the reference images (α = 0; a catalog series' first frame) of every slice
// position in two panes side by side, one with the chosen component map, one with the plain subtraction (highest α −
// reference), as diverging colour overlays.
import type { LatentRadClient } from '../../../src-shared/api/contract.js';
import type { EigenOutput } from '../../../src-shared/api/eigen.js';
import type { PixelFrame } from '../../../src-shared/api/pixels.js';
import { toImageId } from '../../../src-shared/viewer/imageIds.js';
import { symmetricScale } from '../../../src-shared/viewer/colourOverlay.js';
import type { OverlayLayer, OverlayPlane, Vec3 } from '../../../src-shared/viewer/colourOverlay.js';
import type { StackDisplay } from '../../viewer/store.js';
import { alphaName } from './eigenCharts.js';

/** Which analysis the maps come from: every slice position jointly (-1) or position s alone. */
export type EigenView = number;

export interface EigenDisplays {
  component: StackDisplay;
  subtraction: StackDisplay;
}

/** The model's images are on [−1, 1]; maps are intensity differences on that scale (components: projections). */
export const mapUnit = 'intensity, model scale [−1, 1]';

/** A catalog series is analysed in the modality units its frames decode to (rescaled, as the viewer reads them). */
export const modalityMapUnit = 'intensity, modality units';

export function referenceImageIds(resultId: string, positions: number): string[] {
  return Array.from({ length: positions }, (_, s) => toImageId({ kind: 'result', resultId, file: 'reference.npy', index: s, channel: 0 }));
}

/** Two stack displays of the α = 0 images (one per slice position), keyed so each pane gets its own overlay. */
export function eigenDisplays(out: EigenOutput): EigenDisplays {
  const id = out.result.id;
  const positions = out.imageShape[0];
  const base = {
    kind: 'stack' as const,
    imageIds: referenceImageIds(id, positions),
    captions: Array.from({ length: positions }, (_, s) => (out.catalogSeries ? `${out.catalogSeries} · first frame (reference)` : `slice position ${s} · α = ${out.alphas[out.referenceIndex]}`)),
    patient: `Eigencomponents ${id}`,
    study: out.catalogSeries
      ? `catalog ${out.catalogSeries}, ${out.imageCount} frames, ${out.alphaUnit === 'frame index' ? 'α = frame index' : `α ${out.alphas[0]}…${out.alphas[out.alphas.length - 1]}`}`
      : `edit series, ${out.imageCount} images, α ${out.alphas[0]}…${out.alphas[out.alphas.length - 1]}`,
    modality: null,
    provenance: out.synthetic ? ('synthetic' as const) : ('acquired' as const),
  };
  return {
    component: { ...base, key: `eigen:${id}:component`, title: out.catalogSeries ? 'Component map on the first frame' : 'Component map on α = 0' },
    subtraction: { ...base, key: `eigen:${id}:subtraction`, title: `Subtraction ${subtractionLabel(out)}` },
  };
}

/** The subtraction as captions name it: highest α minus the reference. */
function subtractionLabel(out: EigenOutput): string {
  return `${alphaName(out, Math.max(...out.alphas))} − ${alphaName(out, out.alphas[out.referenceIndex])}`;
}

function valuesOf(frame: PixelFrame): Float32Array {
  if (frame.dtype !== 'float32') throw new Error(`result plane ${frame.source.file ?? ''} is ${frame.dtype}, expected float32`);
  return new Float32Array(frame.data.buffer.slice(frame.data.byteOffset, frame.data.byteOffset + frame.data.byteLength));
}

function planeOf(frame: PixelFrame, values: Float32Array, imageId: string): OverlayPlane {
  const g = frame.geometry;
  const [rowSpacing, columnSpacing] = g.pixelSpacing ?? [1, 1];
  const o = g.imageOrientationPatient ?? [1, 0, 0, 0, 1, 0];
  return {
    values,
    rows: g.rows,
    columns: g.columns,
    origin: (g.imagePositionPatient ?? [0, 0, 0]) as Vec3,
    columnStep: [o[0] * columnSpacing, o[1] * columnSpacing, o[2] * columnSpacing],
    rowStep: [o[3] * rowSpacing, o[4] * rowSpacing, o[5] * rowSpacing],
    imageId,
  };
}

/** Where component `component` (1-based) of a view lives: file and plane index per slice position. */
export function componentPlanes(out: EigenOutput, view: EigenView, component: number): Array<{ position: number; file: string; index: number; channel: number }> {
  const positions = out.imageShape[0];
  const c = component - 1;
  if (view < 0 && out.joint) return Array.from({ length: positions }, (_, s) => ({ position: s, file: 'joint/components.npy', index: c, channel: s }));
  const s = Math.max(0, view);
  return [{ position: s, file: `position_${s}/components.npy`, index: c, channel: 0 }];
}

/** Loads the overlay layers of a view: the component map (masked by the analysis) and the subtraction, masked alike. */
export async function loadEigenLayers(client: LatentRadClient, out: EigenOutput, view: EigenView, component: number, opacity: number): Promise<{ component: OverlayLayer; subtraction: OverlayLayer }> {
  const id = out.result.id;
  const ids = referenceImageIds(id, out.imageShape[0]);
  const plane = (file: string, index: number, channel = 0): Promise<PixelFrame> => client.call('pixels.result', { result: id, file, index, channel });
  const wanted = componentPlanes(out, view, component);
  const hasMask = out.result.files.includes('mask.npy');
  const loaded = await Promise.all(
    wanted.map(async (w) => {
      const [map, subtraction, mask] = await Promise.all([plane(w.file, w.index, w.channel), plane('subtraction.npy', w.position), hasMask ? plane('mask.npy', w.position) : null]);
      const inMask = mask ? valuesOf(mask) : null;
      // Outside the analysis mask the maps are not defined: transparent (NaN), not "no change".
      const masked = (values: Float32Array): Float32Array => (inMask ? values.map((v, i) => (inMask[i] ? v : NaN)) : values);
      return { map: planeOf(map, masked(valuesOf(map)), ids[w.position]), subtraction: planeOf(subtraction, masked(valuesOf(subtraction)), ids[w.position]) };
    }),
  );
  const scaleOf = (planes: OverlayPlane[]): number => Math.max(...planes.map((p) => symmetricScale(p.values)));
  const maps = loaded.map((l) => l.map);
  const subtractions = loaded.map((l) => l.subtraction);
  const where = view < 0 && out.joint ? 'all positions jointly' : `position ${Math.max(0, view)}`;
  return {
    component: { planes: maps, scale: scaleOf(maps), opacity, unit: 'projection (a.u.)', label: `component ${component} (${where})` },
    subtraction: { planes: subtractions, scale: scaleOf(subtractions), opacity, unit: out.catalogSeries ? modalityMapUnit : mapUnit, label: subtractionLabel(out) },
  };
}
