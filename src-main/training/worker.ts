// Worker thread that runs training jobs (tfjs blocks its thread for seconds per iteration, so never the main
// process); its operations are typed in ./workerApi.ts.
import { setupTfjs } from '../ml/backends.js';
import { runTraining } from '../ml/training/run.js';
import { serveWorker } from '../workers/serve.js';
import { loadTrainingImages } from './images.js';
import type { TrainingWorkerApi } from './workerApi.js';

serveWorker<TrainingWorkerApi>({
  train: async (input, op) => {
    op.progress({ type: 'setup', message: `setting up the ${input.config.backend} backend` });
    const setup = await setupTfjs({ only: input.config.backend === 'onnx' ? undefined : input.config.backend });
    op.progress({ type: 'setup', message: `loading dataset "${input.config.dataset}"` });
    const data = await loadTrainingImages(input.dataDir, input.config.dataset);
    const result = await runTraining(input.dataDir, input.config, data, input.resume, {
      setup: (message) => op.progress({ type: 'setup', message }),
      iteration: (i) => op.progress({ type: 'iteration', ...i }),
      progress: (progress) => op.progress({ type: 'progress', progress }),
      snapshot: (s) => op.progress({ type: 'snapshot', ...s }),
      shouldStop: op.stopRequested,
    });
    return { result, backend: input.config.backend === 'onnx' ? 'onnx' : setup.backend };
  },
});
