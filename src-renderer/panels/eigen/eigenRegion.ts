// The eigen analysis's drawn mask: the Ellipse / Rectangle ROIs drawn on the α = 0 image of each slice position in
// the viewer, as one region of the API (a plane per position). A position without a region of its own takes the
// union of those drawn on the others (the positions of one subject share the in-plane grid), and the label says so.
import type { EigenRegion } from '../../../src-shared/api/eigen.js';
import { rasteriseRoi } from '../../viewer/roiShapes.js';
import type { RoiShape } from '../../viewer/roiShapes.js';

/** shapesByPosition[s] = the ROIs drawn on position s's α = 0 image (a width×height grid). */
export function drawnRegion(shapesByPosition: readonly RoiShape[][], width: number, height: number): { region: EigenRegion } | { reason: string } {
  const planeSize = width * height;
  const planes = shapesByPosition.map((shapes) => {
    if (shapes.length === 0) return null;
    const plane = new Array<number>(planeSize).fill(0);
    for (const shape of shapes) rasteriseRoi(shape, width, height).forEach((v, i) => v && (plane[i] = 1));
    return plane;
  });
  const drawn = planes.flatMap((p, s) => (p ? [s] : []));
  if (drawn.length === 0) return { reason: 'Draw an Ellipse or Rectangle ROI (tools E and B) on the α = 0 image in the viewer first: analyse once to show it.' };
  const union = new Array<number>(planeSize).fill(0);
  for (const s of drawn) planes[s]?.forEach((v, i) => v && (union[i] = 1));
  if (!union.some((v) => v)) return { reason: 'The ROIs drawn in the viewer cover no pixel of the α = 0 image: draw them inside the image.' };
  const missing = planes.flatMap((p, s) => (p ? [] : [s]));
  const data = planes.flatMap((p) => p ?? union);
  for (const s of drawn) if (!planes[s]?.some((v) => v)) return { reason: `The ROI drawn on slice position ${s} covers no pixel of its image.` };
  const count = shapesByPosition.reduce((n, shapes) => n + shapes.length, 0);
  const positions = shapesByPosition.length;
  const on = positions === 1 ? '' : ` on position${drawn.length === 1 ? '' : 's'} ${drawn.join(', ')}`;
  const rest = missing.length > 0 ? `; position${missing.length === 1 ? '' : 's'} ${missing.join(', ')} use${missing.length === 1 ? 's' : ''} their union` : '';
  return { region: { kind: 'region', width, height, positions, data, label: `${count} ROI${count === 1 ? '' : 's'}${on}${rest}` } };
}
