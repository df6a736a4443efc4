// Worker thread that runs one training job (tfjs blocks its thread for seconds per iteration, so never the main
// process). Protocol: workerData = TrainingWorkerInput; parent → {type:'stop'}; worker → TrainingWorkerMessage.
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainingConfig } from '../../src-shared/api/training.js';
import { setupTfjs } from '../ml/backends.js';
import { runTraining } from '../ml/training/run.js';
import { loadTrainingImages } from './images.js';
import type { RunResult, TrainingProgress } from '../ml/training/run.js';

export interface TrainingWorkerInput {
  dataDir: string;
  config: TrainingConfig;
  resume: boolean;
}

export type TrainingWorkerMessage =
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'snapshot'; grid: string; model: string; kimg: number }
  | { type: 'result'; result: RunResult; backend: string }
  | { type: 'error'; message: string };

export type TrainingWorkerCommand = { type: 'stop'; reason: 'pause' | 'cancel' };

// A worker shares the CLI's stdout, which carries JSON lines under --json: library chatter goes to stderr.
console.log = (...args: unknown[]): void => console.error(...args);
console.info = console.log;

const port = parentPort;
if (!port) throw new Error('training worker must run in a worker thread');
const input = workerData as TrainingWorkerInput;
let stop: 'pause' | 'cancel' | null = null;
port.on('message', (msg: TrainingWorkerCommand) => {
  if (msg.type === 'stop') stop = msg.reason;
});
const send = (msg: TrainingWorkerMessage): void => port.postMessage(msg);

try {
  const setup = await setupTfjs({ only: input.config.backend });
  const data = await loadTrainingImages(input.dataDir, input.config.dataset);
  const result = await runTraining(input.dataDir, input.config, data, input.resume, {
    progress: (progress) => send({ type: 'progress', progress }),
    snapshot: (s) => send({ type: 'snapshot', ...s }),
    shouldStop: () => stop,
  });
  send({ type: 'result', result, backend: setup.backend });
} catch (error) {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  // Let the thread end once the reply is flushed (the message listener alone would keep it alive); closing the port
  // here could drop the reply.
  port.unref();
}
