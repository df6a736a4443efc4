// Catalog selections as dataset sources: catalogued NIfTI volumes, 2D images and DICOM series (with their labels)
// → build inputs.
import type { DatasetCreateInput } from '../../src-shared/api/datasets.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Db } from '../db/database.js';
import { listImages, listSeries, listVolumes } from '../catalog/queries.js';
import type { PixelService } from '../pixels/service.js';
import { readSeries } from './seriesSource.js';
import type { BuildInput } from './sources.js';
import { labelTableFromRecords } from './sources.js';
import type { LabelTable } from './sources.js';

type CatalogSource = Extract<DatasetCreateInput['source'], { kind: 'catalog' }>;

const page = 1000;

function all<T>(list: (p: { where: Record<string, string>; limit: number; offset: number }) => { rows: T[]; total: number }, where: Record<string, string>): T[] {
  const rows: T[] = [];
  for (let offset = 0; ; offset += page) {
    const batch = list({ where, limit: page, offset });
    rows.push(...batch.rows);
    if (rows.length >= batch.total || batch.rows.length === 0) return rows;
  }
}

/**
 * Every selected entry as a build input keyed by its path (files) or catalog id (series), with the entry's own
 * catalog labels. The catalog does not inherit labels, so a series carries only the labels set on the series.
 */
export function catalogInputs(db: Db, pixels: PixelService, source: CatalogSource): { inputs: BuildInput[]; labels: LabelTable | null } {
  const entries: { input: BuildInput; labels: Record<string, string> }[] = [];
  if (source.entities.includes('volumes')) {
    for (const v of all((p) => listVolumes(db, p), source.where)) entries.push({ input: { path: v.path, kind: 'volume' }, labels: v.labels });
  }
  if (source.entities.includes('images')) {
    for (const i of all((p) => listImages(db, p), source.where)) entries.push({ input: { path: i.path, kind: 'image' }, labels: i.labels });
  }
  if (source.entities.includes('series')) {
    for (const s of all((p) => listSeries(db, p), source.where)) entries.push({ input: { path: s.id, kind: 'series', read: () => readSeries(pixels, s) }, labels: s.labels });
  }
  if (entries.length === 0) throw new ApiError('bad_input', `the catalog selection ${JSON.stringify(source.where)} matches no ${source.entities.join(' or ')}`);
  const keys = source.labelKeys ?? Object.keys(entries[0].labels).filter((k) => entries.every((e) => k in e.labels)).sort();
  return {
    inputs: entries.map((e) => e.input),
    labels: keys.length > 0 ? labelTableFromRecords(entries.map((e) => ({ key: e.input.path, values: e.labels })), keys) : null,
  };
}
