// A TypeScript worker for spawn tests: imports a TypeScript module (so tsx must be active) and echoes workerData.
import { parentPort, workerData } from 'node:worker_threads';
import { apiErrorCodes } from '../../src-shared/api/errors.js';

const typed: { echo: unknown; codes: number } = { echo: workerData, codes: apiErrorCodes.length };
parentPort?.postMessage(typed);
