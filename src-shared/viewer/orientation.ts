// Patient-orientation letters for the edges of a viewport, from LPS direction vectors (DICOM convention:
// +x = patient Left, +y = Posterior, +z = Superior). Radiologists read these markers to know which side is which.
// The one implementation: the pixel service labels frames with `orientationLabels`, the viewer its camera with
// `labelsFromCamera`, both through `labelsFromImageOrientation`.
import { cross, negate, norm } from '../math/vectors.js';

const positive = ['L', 'P', 'S'] as const;
const negative = ['R', 'A', 'I'] as const;

/**
 * Letters for a direction: the dominant axis first, then any other axis contributing more than `obliqueness`
 * (so an oblique plane reads "LA" rather than pretending to be pure "L"). Empty for a zero vector.
 */
export function directionLetters(v: ArrayLike<number>, obliqueness = 0.25): string {
  const length = norm([v[0], v[1], v[2]]);
  if (!(length > 0)) return '';
  const parts = [0, 1, 2]
    .map((axis) => ({ axis, value: v[axis] / length }))
    .filter((p) => Math.abs(p.value) > obliqueness)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  return parts.map((p) => (p.value > 0 ? positive[p.axis] : negative[p.axis])).join('');
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
export function labelsFromImageOrientation(rowCosines: ArrayLike<number>, columnCosines: ArrayLike<number>): EdgeLabels {
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
export function labelsFromCamera(viewUp: ArrayLike<number>, viewPlaneNormal: ArrayLike<number>, flipHorizontal = false, flipVertical = false): EdgeLabels {
  let right = cross(viewUp, viewPlaneNormal);
  let up: ArrayLike<number> = viewUp;
  if (flipHorizontal) right = negate(right);
  if (flipVertical) up = negate(up);
  return labelsFromImageOrientation(right, negate(up));
}

/** Edge labels of an image from its Image Orientation (Patient): row cosines, then column cosines. */
export function orientationLabels(imageOrientationPatient: ArrayLike<number>): EdgeLabels {
  const iop = imageOrientationPatient;
  return labelsFromImageOrientation([iop[0], iop[1], iop[2]], [iop[3], iop[4], iop[5]]);
}
