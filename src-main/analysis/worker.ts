// Worker thread of the analysis math (image metrics, directions, eigencomponents); its operations are typed in ./workerApi.ts.
import { findDirectionFiles } from '../direction/find.js';
import { eigenComponentFiles } from '../eigen/components.js';
import { compareImages } from './metrics.js';
import { serveWorker } from '../workers/serve.js';
import type { AnalysisWorkerApi } from './workerApi.js';

serveWorker<AnalysisWorkerApi>({
  metrics: ({ params, dataDir }) => compareImages(params, dataDir),
  findDirection: (task) => findDirectionFiles(task),
  eigenComponents: ({ task, stop }, op) => eigenComponentFiles(task, { progress: (fraction, message) => op.progress({ fraction, message }), stopped: () => Atomics.load(stop, 0) !== 0 }),
});
