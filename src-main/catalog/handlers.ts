// Handlers of the catalog.* and pixels.* methods: imports (submitted as jobs), listings, labels, reference
// resolution and the pixel service.
import type { EntityKind, ImportError } from '../../src-shared/api/catalog.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { pixelsOf } from '../pixels/service.js';
import { jobsOf } from '../jobs/manager.js';
import { importTitle } from './importJob.js';
import { applyLabelCsv, entityExists, formatEntityId, parseEntityId, resolveRef } from './labels.js';
import { listImages, listInstances, listPatients, listSeries, listStudies, listVolumes } from './queries.js';
import { catalogOf } from './service.js';

// An import is a job (kind "import", run by ./importJob.ts in the import worker): the call returns at once.
const importHandler: Handler<'catalog.import'> = (params, ctx) => jobsOf(ctx).submit('import', importTitle(params.paths), params);

export const catalogHandlers = {
  'catalog.import': importHandler,
  'catalog.listImports': ((params, ctx) => {
    const { db } = catalogOf(ctx);
    const runs = db.prepare('SELECT * FROM import_runs ORDER BY started_at DESC LIMIT ?').all(params.limit) as Array<Record<string, unknown>>;
    const filesOf = db.prepare('SELECT path, reason FROM import_errors WHERE run_id = ? AND kind = ? LIMIT 1000');
    return {
      rows: runs.map((r) => ({
        runId: r.id as string, startedAt: r.started_at as string, finishedAt: (r.finished_at as string) ?? null, state: r.state as string,
        paths: JSON.parse(r.paths as string) as string[], files: r.files as number, imported: r.imported as number, skipped: r.skipped as number,
        ignored: r.ignored as number, ignoredFiles: filesOf.all(r.id, 'ignored') as ImportError[],
        errors: filesOf.all(r.id, 'error') as ImportError[],
      })),
    };
  }) satisfies Handler<'catalog.listImports'>,
  'catalog.listPatients': ((p, ctx) => listPatients(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listPatients'>,
  'catalog.listStudies': ((p, ctx) => listStudies(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listStudies'>,
  'catalog.listSeries': ((p, ctx) => listSeries(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listSeries'>,
  'catalog.listInstances': ((p, ctx) => listInstances(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listInstances'>,
  'catalog.listVolumes': ((p, ctx) => listVolumes(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listVolumes'>,
  'catalog.listImages': ((p, ctx) => listImages(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listImages'>,
  'catalog.setLabels': ((params, ctx) => {
    const { store, db } = catalogOf(ctx);
    const ref = parseEntityId(params.id);
    if (!ref || !entityExists(store, ref)) throw new ApiError('not_found', `${params.id} is not in the catalog`);
    db.transaction(() => {
      for (const [k, v] of Object.entries(params.labels)) store.setLabel(ref.kind, ref.id, k, v);
    })();
    ctx.emit('catalogChanged', { kinds: [ref.kind as EntityKind], reason: `labels of ${params.id}` });
    return { id: params.id, labels: store.labelsOf(ref.kind, ref.id) };
  }) satisfies Handler<'catalog.setLabels'>,
  'catalog.importLabels': ((params, ctx) => {
    const { store } = catalogOf(ctx);
    try {
      const result = applyLabelCsv(store, params.csvPath);
      ctx.emit('catalogChanged', { kinds: ['instance', 'volume', 'image'], reason: `labels from ${params.csvPath}` });
      return result;
    } catch (error) {
      throw new ApiError('bad_input', (error as Error).message);
    }
  }) satisfies Handler<'catalog.importLabels'>,
  'catalog.resolve': ((params, ctx) => {
    const ref = resolveRef(catalogOf(ctx).store, params.ref);
    if (!ref) throw new ApiError('not_found', `nothing in the catalog matches "${params.ref}" (entity id, UID or catalogued path)`);
    return { id: formatEntityId(ref) };
  }) satisfies Handler<'catalog.resolve'>,
  'pixels.frame': ((p, ctx) => pixelsOf(ctx).frame(p.instanceId, p.frame)) satisfies Handler<'pixels.frame'>,
  'pixels.slice': ((p, ctx) => pixelsOf(ctx).slice(p.volumeId, p.axis, p.index)) satisfies Handler<'pixels.slice'>,
  'pixels.image': ((p, ctx) => pixelsOf(ctx).image(p.imageId)) satisfies Handler<'pixels.image'>,
  'pixels.volumeInfo': ((p, ctx) => pixelsOf(ctx).volumeInfo(p.id)) satisfies Handler<'pixels.volumeInfo'>,
};
