// Composes the app from its capabilities for one context: the handler table and every job kind's runner. Wiring
// that crosses capabilities (a finished training run registers a model) is passed in here as callbacks.
import type { AppContext } from '../base/context.js';
import type { Handlers } from '../base/handler.js';
import { importRunner } from '../catalog/importJob.js';
import { importWorkerOf } from '../catalog/importWorkerApi.js';
import { datasetWorkerOf } from '../datasets/buildWorkerApi.js';
import { datasetRunner } from '../datasets/jobRunner.js';
import { demoRunner } from '../demo/jobRunner.js';
import { analysisWorkerOf } from '../analysis/workerApi.js';
import { eigenRunner } from '../eigen/jobRunner.js';
import { cohortRunner } from '../direction/cohortJob.js';
import { editRunner } from '../direction/editJob.js';
import { encodeKind, encoderTrainingKind } from '../encoder/handlers.js';
import { encodeRunner, encoderTrainingRunner } from '../encoder/jobRunner.js';
import { provideJobRunners } from '../jobs/manager.js';
import type { JobManager } from '../jobs/manager.js';
import { importModel } from '../models/registry.js';
import { fidelityRunner, projectionRunner } from '../projection/jobRunner.js';
import { trainingRunner } from '../training/jobRunner.js';
import { createDispatcher } from './dispatcher.js';
import type { Dispatch } from './dispatcher.js';
import { handlers } from './handlers.js';
import { createLocalClient } from './localClient.js';

/**
 * Every job kind and its runner, in one place. Adding a kind: a runner (capability/jobRunner.ts) and, if it needs a
 * thread, a worker (an entry in src-main/workers/entries.json and a typed WorkerApi), registered here.
 */
export function registerJobRunners(manager: JobManager, ctx: AppContext): void {
  // The worker client is created here, inside the job manager's creation, so that the context disposes it after
  // the manager has paused the jobs still running in it.
  manager.register('import', importRunner(ctx, importWorkerOf(ctx)));
  manager.register('training', trainingRunner(ctx.dataDir, { registerModel: async (dir, name) => (await importModel(ctx.dataDir, dir, name)).model.id }));
  manager.register('dataset', datasetRunner(ctx, datasetWorkerOf(ctx)));
  manager.register('projection', projectionRunner(ctx));
  manager.register('fidelity', fidelityRunner(ctx));
  manager.register('cohort', cohortRunner(ctx));
  manager.register('edit', editRunner(ctx));
  manager.register(encoderTrainingKind, encoderTrainingRunner(ctx.dataDir));
  manager.register(encodeKind, encodeRunner(ctx));
  manager.register('eigen', eigenRunner(ctx, () => analysisWorkerOf(ctx)));
  // The demo drives the other capabilities through the API itself, as a user would: an in-process client.
  manager.register('demo', demoRunner(ctx, () => createLocalClient(createDispatcher(handlers, ctx), ctx)));
}

/** The dispatcher of the whole app on `ctx` (`table` replaces the handlers in tests). */
export function createAppDispatcher(ctx: AppContext, table: Handlers = handlers): Dispatch {
  provideJobRunners(ctx, registerJobRunners);
  return createDispatcher(table, ctx);
}
