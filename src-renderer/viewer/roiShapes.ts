// Ellipse and Rectangle ROIs drawn in the viewer as pixel masks: the tools' handles (in the image's pixel
// coordinates) rasterised on the pixel grid of the image they were drawn on. Panels use them as regions.
/** An ROI's handles in image coordinates: x = column, y = row, pixel centres at whole numbers (Cornerstone's). */
export interface RoiShape {
  tool: 'EllipticalROI' | 'RectangleROI';
  points: ReadonlyArray<readonly [number, number]>;
}

export const roiToolNames: ReadonlyArray<RoiShape['tool']> = ['EllipticalROI', 'RectangleROI'];

/**
 * The 0/1 mask of an ellipse or rectangle on a width×height grid. Both tools draw axis-aligned shapes on a stack
 * image, so the handles' bounding box gives the rectangle and the ellipse's centre and radii.
 */
export function rasteriseRoi(shape: RoiShape, width: number, height: number): number[] {
  const xs = shape.points.map((p) => p[0]);
  const ys = shape.points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [cx, cy, rx, ry] = [(x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2];
  const inside =
    shape.tool === 'RectangleROI'
      ? (x: number, y: number): boolean => x >= x0 && x <= x1 && y >= y0 && y <= y1
      : (x: number, y: number): boolean => rx > 0 && ry > 0 && ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
  const out = new Array<number>(width * height).fill(0);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (inside(x, y)) out[y * width + x] = 1;
  return out;
}

