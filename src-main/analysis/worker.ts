// Worker thread of the analysis math (directions, eigencomponents): one request per thread, given as workerData;
// replies with progress messages and one result or error.
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../src-shared/api/errors.js';
import { findDirectionFiles } from '../direction/find.js';
import { eigenComponentFiles } from '../eigen/components.js';
import type { AnalysisMessage, AnalysisRequest } from './workerProtocol.js';

const port = parentPort;
if (!port) throw new Error('the analysis worker must run in a worker thread');
const request = workerData as AnalysisRequest;
const send = (message: AnalysisMessage): void => port.postMessage(message);

try {
  const progress = (fraction: number, message: string): void => send({ type: 'progress', fraction, message });
  const value = request.op === 'direction.find' ? findDirectionFiles(request.task) : eigenComponentFiles(request.task, progress);
  send({ type: 'result', value });
} catch (error) {
  send({ type: 'error', error: error instanceof ApiError ? { code: error.code, message: error.message } : { code: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } });
} finally {
  port.unref();
}
