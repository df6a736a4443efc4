// The Ellipse and Rectangle ROIs drawn on one image in the viewer, read from Cornerstone's annotation state with
// their handles converted to that image's pixel coordinates (see roiShapes.ts for the masks they cover).
import { utilities as csUtils } from '@cornerstonejs/core';
import { annotation } from '@cornerstonejs/tools';
import { roiToolNames } from './roiShapes.js';
import type { RoiShape } from './roiShapes.js';

/** The Ellipse/Rectangle ROIs drawn on `imageId` (oldest first), their handles in the image's pixel coordinates. */
export function roisOn(imageId: string): RoiShape[] {
  const out: RoiShape[] = [];
  for (const a of annotation.state.getAllAnnotations()) {
    const tool = roiToolNames.find((t) => t === a.metadata?.toolName);
    const points = (a.data as { handles?: { points?: Array<[number, number, number]> } }).handles?.points;
    if (!tool || !points || a.metadata?.referencedImageId !== imageId) continue;
    out.push({ tool, points: points.map((p) => { const [x, y] = csUtils.worldToImageCoords(imageId, p) ?? [Number.NaN, Number.NaN]; return [x, y] as const; }) });
  }
  return out;
}
