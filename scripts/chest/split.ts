// The chest X-ray model's held-out images: 10 % of the patients of each class (NORMAL / PNEUMONIA), seeded, whole
// patients only, so no child's films sit on both sides of training and measurement.
import { stratifiedSplit } from '../../src-shared/analysis/directions.js';

export const chestClasses = ['NORMAL', 'PNEUMONIA'] as const;
export type ChestClass = (typeof chestClasses)[number];

export interface ChestImage {
  /** Path relative to the dataset root, `CLASS/file.png`. */
  path: string;
  cls: ChestClass;
}

/**
 * Patient of a Kermany et al. file name: `person123_bacteria_456` → person123, `IM-0117-0001` → IM-0117,
 * `NORMAL2-IM-1152-0001-0001` → NORMAL2-IM-1152; an unknown pattern is its own patient.
 */
export function chestPatientOf(fileName: string): string {
  const stem = fileName.replace(/\.(png|jpe?g)$/i, '');
  const person = /^(person\d+)_/.exec(stem);
  if (person) return person[1];
  const im = /^((?:NORMAL2-)?IM-\d+)-/.exec(stem);
  return im ? im[1] : stem;
}

/** Splits images into train and held out: `fraction` of each class's patients (seeded), whole patients. */
export function chestHoldout(images: ChestImage[], fraction: number, seed: number): { train: ChestImage[]; holdout: ChestImage[] } {
  const sorted = [...images].sort((a, b) => a.path.localeCompare(b.path));
  const labels = sorted.map((im) => (im.cls === 'PNEUMONIA' ? 1 : 0));
  const patients = sorted.map((im) => `${im.cls}/${chestPatientOf(im.path.split('/').pop() ?? im.path)}`);
  const { train, validation } = stratifiedSplit(labels, fraction, seed, patients);
  return { train: train.map((i) => sorted[i]), holdout: validation.map((i) => sorted[i]) };
}
