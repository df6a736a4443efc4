// Worker thread of the analysis math (directions, eigencomponents); its operations are typed in ./workerApi.ts.
import { findDirectionFiles } from '../direction/find.js';
import { eigenComponentFiles } from '../eigen/components.js';
import { serveWorker } from '../workers/serve.js';
import type { AnalysisWorkerApi } from './workerApi.js';

serveWorker<AnalysisWorkerApi>({
  findDirection: (task) => findDirectionFiles(task),
  eigenComponents: (task, op) => eigenComponentFiles(task, (fraction, message) => op.progress({ fraction, message })),
});
