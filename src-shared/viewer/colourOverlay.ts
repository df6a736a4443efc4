// Diverging colour overlays in the viewer (difference to α = 0, eigencomponent maps): the symmetric scale, the
// RGBA pixels, the colour-bar ticks, which plane a viewport shows, and where that plane lands on the canvas.
import { divergingColor } from '../analysis/differenceMap.js';

export type Vec3 = [number, number, number];

/** One 2D map placed in patient space (LPS mm), so it follows the image under it through pan, zoom and scroll. */
export interface OverlayPlane {
  /** rows × columns signed values, row-major; NaN = not shown (outside the mask). */
  values: Float32Array;
  rows: number;
  columns: number;
  /** LPS mm of the centre of pixel (row 0, column 0). */
  origin: Vec3;
  /** LPS mm from one column to the next (along a row). */
  columnStep: Vec3;
  /** LPS mm from one row to the next (down a column). */
  rowStep: Vec3;
  /** When set, the plane is shown exactly on this image (a stack whose images share one position, e.g. an α series). */
  imageId?: string;
}

/** What a viewer pane draws over its image. */
export interface OverlayLayer {
  planes: OverlayPlane[];
  /** ±scale maps to full blue / red (symmetric, so zero is always white). */
  scale: number;
  /** Maximum opacity (0–1), reached at |value| = scale; zero shows the anatomy untouched. */
  opacity: number;
  /** The values' unit, written on the colour bar (e.g. "intensity, model scale [−1, 1]" or "a.u."). */
  unit: string;
  /** What the map is, written above the colour bar (e.g. "component 2", "α 3 − α 0"). */
  label: string;
}

/** Largest |value| over finite values (optionally only where mask ≠ 0); 0 when there is none. */
export function symmetricScale(values: ArrayLike<number>, mask?: ArrayLike<number>): number {
  if (mask && mask.length !== values.length) throw new RangeError(`the mask holds ${mask.length} values, the map ${values.length}`);
  let scale = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && (!mask || mask[i]) && Math.abs(v) > scale) scale = Math.abs(v);
  }
  return scale;
}

/** RGBA of a signed map: diverging colour of value/scale, alpha = opacity·min(1, |value|/scale), NaN transparent. */
export function overlayPixels(values: ArrayLike<number>, scale: number, opacity: number): Uint8ClampedArray<ArrayBuffer> {
  if (!(opacity >= 0 && opacity <= 1)) throw new RangeError(`overlay opacity must be within 0–1, got ${opacity}`);
  const rgba = new Uint8ClampedArray(values.length * 4);
  // A zero scale (a map with no change) colours nothing instead of dividing by zero.
  const inverse = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const t = v * inverse;
    const [r, g, b] = divergingColor(t);
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = Math.round(255 * opacity * Math.min(1, Math.abs(t)));
  }
  return rgba;
}

export interface ColourBarTick {
  /** 0 at the bottom (−scale), 1 at the top (+scale). */
  position: number;
  value: number;
  label: string;
}

/** Five ticks from −scale to +scale, labelled with 3 significant digits (0 stays "0"). */
export function colourBarTicks(scale: number): ColourBarTick[] {
  return [-1, -0.5, 0, 0.5, 1].map((f) => {
    const value = f * scale;
    return { position: (f + 1) / 2, value, label: value === 0 ? '0' : Number(value.toPrecision(3)).toString() };
  });
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

function unitNormal(plane: OverlayPlane): Vec3 {
  const n = cross(plane.columnStep, plane.rowStep);
  const length = Math.hypot(...n);
  if (!(length > 0)) throw new RangeError('an overlay plane needs two independent steps (its column and row steps are parallel or zero)');
  return [n[0] / length, n[1] / length, n[2] / length];
}

/** What a viewport currently shows: its image id (stacks) and its camera (any viewport). */
export interface ViewedPlane {
  imageId?: string;
  focalPoint: Vec3;
  viewPlaneNormal: Vec3;
}

/**
 * The plane to draw for a viewport: the one tied to the shown image id, otherwise the untied plane parallel to
 * the view that contains the focal point (within `tolerance` mm, default half the smallest gap between planes or
 * 0.5 mm). Null when no plane is on screen (scrolled off the mapped slices, or another orientation).
 */
export function pickPlane(planes: readonly OverlayPlane[], viewed: ViewedPlane, tolerance?: number): OverlayPlane | null {
  if (viewed.imageId) {
    const tied = planes.find((p) => p.imageId === viewed.imageId);
    if (tied) return tied;
  }
  const untied = planes.filter((p) => p.imageId === undefined);
  const depth = untied.map((p) => {
    const n = unitNormal(p);
    return { p, parallel: Math.abs(dot(n, viewed.viewPlaneNormal)) > 0.999, distance: Math.abs(dot(sub(viewed.focalPoint, p.origin), n)) };
  });
  let limit = tolerance;
  if (limit === undefined) {
    const positions = depth.map((d) => dot(d.p.origin, unitNormal(d.p))).sort((a, b) => a - b);
    let gap = Infinity;
    for (let i = 1; i < positions.length; i++) if (positions[i] - positions[i - 1] > 1e-6) gap = Math.min(gap, positions[i] - positions[i - 1]);
    limit = Number.isFinite(gap) ? gap / 2 : 0.5;
  }
  let best: { p: OverlayPlane; distance: number } | null = null;
  for (const d of depth) if (d.parallel && d.distance <= limit && (!best || d.distance < best.distance)) best = d;
  return best?.p ?? null;
}

/** A 2D affine [a, b, c, d, e, f] as CanvasRenderingContext2D.setTransform takes it: x' = a·u + c·v + e, y' = b·u + d·v + f. */
export type CanvasTransform = [number, number, number, number, number, number];

/**
 * The transform that draws a rows × columns bitmap (pixel (u, v) covering [u, u+1] × [v, v+1]) so that pixel
 * centres land where the viewport puts them: `at00`, `at01` and `at10` are the canvas points of the centres of
 * pixel (row 0, col 0), (row 0, col 1) and (row 1, col 0).
 */
export function bitmapTransform(at00: readonly [number, number], at01: readonly [number, number], at10: readonly [number, number]): CanvasTransform {
  const a = at01[0] - at00[0];
  const b = at01[1] - at00[1];
  const c = at10[0] - at00[0];
  const d = at10[1] - at00[1];
  return [a, b, c, d, at00[0] - 0.5 * (a + c), at00[1] - 0.5 * (b + d)];
}

/** The LPS point of pixel (row, column)'s centre in a plane. */
export function planePoint(plane: OverlayPlane, row: number, column: number): Vec3 {
  return [0, 1, 2].map((k) => plane.origin[k] + column * plane.columnStep[k] + row * plane.rowStep[k]) as Vec3;
}
