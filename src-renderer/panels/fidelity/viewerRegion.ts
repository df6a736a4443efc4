// A region the user drew in the main viewer with the Ellipse or Rectangle ROI tool, as the fidelity report's lesion
// mask: the tool's handles (already in the image's pixel coordinates) rasterised on the pixel grid of the image the
// viewport shows. The main process maps the mask through the image's squaring and resampling.
import type { Lesion } from '../../../src-shared/api/projection.js';
import { rasteriseRoi } from '../../viewer/roiShapes.js';
import type { RoiShape } from '../../viewer/roiShapes.js';

/** The lesion of the API for the last ROI drawn on the shown image, or the reason there is none. */
export function regionLesion(shapes: RoiShape[], width: number, height: number): { lesion: Extract<Lesion, { kind: 'region' }> } | { reason: string } {
  const shape = shapes.at(-1);
  if (!shape) return { reason: 'Draw an Ellipse or Rectangle ROI on the image in the viewer first (tools E and B), or untick "Use the viewer ROI".' };
  const data = rasteriseRoi(shape, width, height);
  if (!data.some((v) => v)) return { reason: 'The ROI drawn in the viewer covers no pixel of the image: draw it inside the image.' };
  return { lesion: { kind: 'region', width, height, data, label: `${shape.tool === 'EllipticalROI' ? 'Ellipse' : 'Rectangle'} ROI` } };
}
