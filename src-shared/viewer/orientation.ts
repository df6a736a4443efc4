// Patient-orientation letters for the edges of a viewport, from LPS direction vectors (DICOM convention:
// +x = patient Left, +y = Posterior, +z = Superior). Radiologists read these markers to know which side is which.

export type Vec3 = readonly [number, number, number];

const positive = ['L', 'P', 'S'] as const;
const negative = ['R', 'A', 'I'] as const;

/**
 * Letters for a direction: the dominant axis first, then any other axis contributing more than `obliqueness`
 * (so an oblique plane reads "LA" rather than pretending to be pure "L"). Empty for a zero vector.
 */
export function directionLetters(v: Vec3, obliqueness = 0.25): string {
  const length = Math.hypot(v[0], v[1], v[2]);
  if (!(length > 0)) return '';
  const parts = [0, 1, 2]
    .map((axis) => ({ axis, value: v[axis] / length }))
    .filter((p) => Math.abs(p.value) > obliqueness)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  return parts.map((p) => (p.value > 0 ? positive[p.axis] : negative[p.axis])).join('');
}

export const negate = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export interface EdgeLabels {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

/**
 * Edge labels of an image whose rows run along `rowCosines` (left → right on screen) and whose columns run
 * along `columnCosines` (top → bottom), as DICOM ImageOrientationPatient states them.
 */
export function labelsFromImageOrientation(rowCosines: Vec3, columnCosines: Vec3): EdgeLabels {
  return {
    right: directionLetters(rowCosines),
    left: directionLetters(negate(rowCosines)),
    bottom: directionLetters(columnCosines),
    top: directionLetters(negate(columnCosines)),
  };
}

/**
 * Edge labels of a 3D camera: `viewUp` points to the top of the screen, `viewPlaneNormal` points from the
 * scene towards the viewer, so screen-right is viewUp × viewPlaneNormal. Flips mirror the matching edges.
 */
export function labelsFromCamera(viewUp: Vec3, viewPlaneNormal: Vec3, flipHorizontal = false, flipVertical = false): EdgeLabels {
  let right = cross(viewUp, viewPlaneNormal);
  let up = viewUp;
  if (flipHorizontal) right = negate(right);
  if (flipVertical) up = negate(up);
  return labelsFromImageOrientation(right, negate(up));
}
