// The app's job manager with every job kind's runner registered (one per app context, opened lazily).
import type { AppContext } from '../api/context.js';
import { datasetRunner } from '../datasets/jobRunner.js';
import { trainingRunner } from '../ml/training/jobRunner.js';
import { jobsOf } from './manager.js';
import type { JobManager } from './manager.js';

export function jobsService(ctx: AppContext): JobManager {
  return jobsOf(ctx, (manager) => {
    manager.register('training', trainingRunner(ctx.dataDir));
    manager.register('dataset', datasetRunner(ctx));
  });
}
