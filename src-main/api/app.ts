// Composes the app from its capabilities for one context: the handler table and every job kind's runner. Wiring
// that crosses capabilities (a finished training run registers a model) is passed in here as callbacks.
import type { AppContext } from '../base/context.js';
import type { Handlers } from '../base/handler.js';
import { datasetRunner } from '../datasets/jobRunner.js';
import { provideJobRunners } from '../jobs/manager.js';
import type { JobManager } from '../jobs/manager.js';
import { importModel } from '../models/registry.js';
import { fidelityRunner, projectionRunner } from '../projection/jobRunner.js';
import { trainingRunner } from '../training/jobRunner.js';
import { createDispatcher } from './dispatcher.js';
import type { Dispatch } from './dispatcher.js';
import { handlers } from './handlers.js';

export function registerJobRunners(manager: JobManager, ctx: AppContext): void {
  manager.register('training', trainingRunner(ctx.dataDir, { registerModel: async (dir, name) => (await importModel(ctx.dataDir, dir, name)).model.id }));
  manager.register('dataset', datasetRunner(ctx));
  manager.register('projection', projectionRunner(ctx));
  manager.register('fidelity', fidelityRunner(ctx));
}

/** The dispatcher of the whole app on `ctx` (`table` replaces the handlers in tests). */
export function createAppDispatcher(ctx: AppContext, table: Handlers = handlers): Dispatch {
  provideJobRunners(ctx, registerJobRunners);
  return createDispatcher(table, ctx);
}
