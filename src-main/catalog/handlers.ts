// Handlers of the catalog.* methods: imports (submitted as jobs), listings, labels and reference resolution.
// (pixels.* has its own room: ../pixels/handlers.ts.)
import type { EntityKind } from '../../src-shared/api/catalog.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { labelValueProblem } from '../../src-shared/catalog/labelValues.js';
import type { Handler } from '../base/handler.js';
import { jobsOf } from '../jobs/manager.js';
import { importTitle } from './importJob.js';
import { applyLabelCsv, formatEntityId, parseEntityId, resolveRef } from './labels.js';
import { entityExists, listImages, listInstances, listPatients, listSeries, listStudies, listVolumes } from './queries.js';
import { catalogOf } from './service.js';
import { checkUserPath, grantUserPaths } from '../security/userPaths.js';

// An import is a job (kind "import", run by ./importJob.ts in the import worker): the call returns at once.
const importHandler: Handler<'catalog.import'> = (params, ctx) => {
  // Typed into the import box, dropped or picked: these roots are the user's from now on (labels, analyses).
  grantUserPaths(ctx, params.paths, true);
  return jobsOf(ctx).submit('import', importTitle(params.paths), params);
};

export const catalogHandlers = {
  'catalog.import': importHandler,
  'catalog.listImports': ((params, ctx) => ({ rows: catalogOf(ctx).store.latestRuns(params.limit) })) satisfies Handler<'catalog.listImports'>,
  'catalog.listPatients': ((p, ctx) => listPatients(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listPatients'>,
  'catalog.listStudies': ((p, ctx) => listStudies(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listStudies'>,
  'catalog.listSeries': ((p, ctx) => listSeries(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listSeries'>,
  'catalog.listInstances': ((p, ctx) => listInstances(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listInstances'>,
  'catalog.listVolumes': ((p, ctx) => listVolumes(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listVolumes'>,
  'catalog.listImages': ((p, ctx) => listImages(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listImages'>,
  'catalog.setLabels': ((params, ctx) => {
    const { store, db } = catalogOf(ctx);
    const ref = parseEntityId(params.id);
    if (!ref || !entityExists(db, ref)) throw new ApiError('not_found', `${params.id} is not in the catalog`);
    for (const [key, value] of Object.entries(params.labels)) {
      const problem = value === null ? null : labelValueProblem(key, value, store.labelValues(key));
      if (problem) throw new ApiError('bad_input', `${params.id}: ${problem}`);
    }
    db.transaction(() => {
      for (const [k, v] of Object.entries(params.labels)) store.setLabel(ref.kind, ref.id, k, v);
    })();
    ctx.emit('catalogChanged', { kinds: [ref.kind as EntityKind], reason: `labels of ${params.id}` });
    return { id: params.id, labels: store.labelsOf(ref.kind, ref.id) };
  }) satisfies Handler<'catalog.setLabels'>,
  'catalog.importLabels': ((params, ctx) => {
    const { store } = catalogOf(ctx);
    const csvPath = checkUserPath(ctx, params.csvPath, 'labels CSV');
    try {
      const result = applyLabelCsv(store, csvPath);
      ctx.emit('catalogChanged', { kinds: ['instance', 'volume', 'image'], reason: `labels from ${params.csvPath}` });
      return result;
    } catch (error) {
      throw error instanceof ApiError ? error : new ApiError('bad_input', (error as Error).message);
    }
  }) satisfies Handler<'catalog.importLabels'>,
  'catalog.resolve': ((params, ctx) => {
    const ref = resolveRef(catalogOf(ctx).store, params.ref);
    if (!ref) throw new ApiError('not_found', `nothing in the catalog matches "${params.ref}" (entity id, UID or catalogued path)`);
    return { id: formatEntityId(ref) };
  }) satisfies Handler<'catalog.resolve'>,
};
