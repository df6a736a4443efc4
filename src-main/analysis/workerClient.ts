// Runs one analysis request in its own worker thread and resolves with its result (errors keep their API code).
import { ApiError } from '../../src-shared/api/errors.js';
import { spawnWorker } from '../workers/spawn.js';
import type { AnalysisMessage, AnalysisRequest, AnalysisResultOf } from './workerProtocol.js';

export function runAnalysis<R extends AnalysisRequest>(request: R, onProgress?: (fraction: number, message: string) => void): Promise<AnalysisResultOf<R>> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker('analysis', { workerData: request });
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      f();
    };
    worker.on('message', (message: AnalysisMessage) => {
      if (message.type === 'progress') onProgress?.(message.fraction, message.message);
      else if (message.type === 'result') finish(() => resolve(message.value as AnalysisResultOf<R>));
      else finish(() => reject(new ApiError(message.error.code, message.error.message)));
    });
    worker.on('error', (error) => finish(() => reject(new ApiError('internal', `the analysis worker failed: ${error.message}`))));
    worker.on('exit', (code) => finish(() => reject(new ApiError('internal', `the analysis worker exited (code ${code}) without a result`))));
  });
}
