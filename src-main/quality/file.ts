// Turns a quality log (one measureQuality row per line) into the quality.json shipped beside a model.
import { readFileSync } from 'node:fs';
import { qualityFileSchema, qualityFormat } from '../../src-shared/api/modelQuality.js';
import type { QualityFile, QualityPoint } from '../../src-shared/api/modelQuality.js';
import type { QualityRow } from './measure.js';

export function qualityPointOf(row: QualityRow, what: string): QualityPoint {
  if (row.kimg === null) throw new Error(`${what}: a row of model ${row.model.name} has no kimg (give --kimg when measuring it)`);
  return {
    kimg: row.kimg,
    swdLevels: row.swd.levels,
    swdMean: row.swd.mean,
    swdImages: row.swd.images,
    ssimMean: row.holdout.meanSsim,
    ssimMin: row.holdout.minSsim,
    ssimMax: row.holdout.maxSsim,
    mseMean: row.holdout.meanMse,
    holdoutImages: row.holdout.subjects,
    steps: row.holdout.steps,
  };
}

/** The rows of a quality log as a quality file, one point per kimg (a later row of the same kimg replaces an earlier). */
export function qualityFileOf(rows: QualityRow[], protocol: string, what: string): QualityFile {
  const byKimg = new Map<number, QualityPoint>();
  for (const row of rows) {
    const point = qualityPointOf(row, what);
    byKimg.set(point.kimg, point);
  }
  const points = [...byKimg.values()].sort((a, b) => a.kimg - b.kimg);
  return qualityFileSchema.parse({ format: qualityFormat, formatVersion: 1, protocol, points });
}

/** A quality log's rows; a line that is not a row is an error naming the file and the line. */
export function readQualityLog(path: string): QualityRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (line.trim() === '') return [];
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new Error(`${path}: line ${i + 1} is not JSON`);
      }
      const r = row as Partial<QualityRow>;
      if (typeof r.swd?.mean !== 'number' || typeof r.holdout?.meanSsim !== 'number' || !r.model) throw new Error(`${path}: line ${i + 1} is not a quality row (no swd.mean / holdout.meanSsim)`);
      return [row as QualityRow];
    });
}
