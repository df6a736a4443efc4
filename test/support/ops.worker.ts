// A worker for protocol tests: serves typed operations that echo buffers, count with progress until stopped, fail
// with an ApiError, or end the thread.
import { ApiError } from '../../src-shared/api/errors.js';
import { serveWorker } from '../../src-main/workers/serve.js';
import type { OpsWorkerApi } from './opsWorkerApi.js';

serveWorker<OpsWorkerApi>({
  double: ({ values }) => ({ values: values.map((v) => v * 2), received: values.length }),
  count: async ({ to }, op) => {
    for (let i = 1; i <= to; i++) {
      await new Promise((r) => setTimeout(r, 10));
      op.progress({ done: i });
      const stop = op.stopRequested();
      if (stop) return { reached: i, stoppedBy: stop };
    }
    return { reached: to, stoppedBy: null };
  },
  fail: ({ message }) => {
    throw new ApiError('bad_input', message);
  },
  exit: () => process.exit(3),
});
