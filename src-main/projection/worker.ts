// Worker thread that runs one projection: loads the generator, estimates w statistics, and projects the targets chunk
// by chunk (one batch each), posting progress every step and each finished chunk. Protocol: workerData =
// ProjectionWorkerInput; parent → {type:'stop'}; worker → ProjectionWorkerMessage.
import { parentPort, workerData } from 'node:worker_threads';
import type { ProjectionSettings } from '../../src-shared/api/projectionSettings.js';
import { learningRateOf } from '../../src-shared/api/projectionSettings.js';
import { setupTfjs } from '../ml/backends.js';
import { project } from '../ml/projection/projector.js';
import { noiseLayerNames } from '../ml/projection/noiseNames.js';
import { tfjsProjectionStep } from '../ml/projection/tfjsStep.js';
import { estimateWStats } from '../ml/projection/wStats.js';
import { readModelDir } from '../ml/stylegan2/modelDir.js';
import { generatorFromArrays } from '../ml/stylegan2/networks.js';

export interface ProjectionWorkerInput {
  modelDir: string;
  /** count × C × res × res in [−1, 1]. */
  targets: Float32Array;
  count: number;
  settings: ProjectionSettings;
  /** Chunks (of settings.batch images) already finished in an earlier run: skipped. */
  done: number[];
}

export interface ChunkResult {
  chunk: number;
  start: number;
  count: number;
  ws: Float32Array;
  noise: { sizes: number[]; layers: Float32Array[] };
  images: Float32Array;
  /** Distance per image at the last step. */
  distances: number[];
  lossCurve: number[];
}

export type ProjectionWorkerMessage =
  | { type: 'started'; backend: string; wStd: number; noiseNames: string[] }
  | { type: 'progress'; chunk: number; chunks: number; step: number; steps: number; distances: number[]; learningRate: number; preview: Float32Array | null }
  | { type: 'chunk'; result: ChunkResult }
  | { type: 'stopped'; reason: 'pause' | 'cancel' }
  | { type: 'done' }
  | { type: 'error'; message: string };

export type ProjectionWorkerCommand = { type: 'stop'; reason: 'pause' | 'cancel' };

/** How often (in steps) a preview image travels to the main process. */
const previewEvery = 10;

// A worker shares the CLI's stdout, which carries JSON under --json: library chatter goes to stderr.
console.log = (...args: unknown[]): void => console.error(...args);
console.info = console.log;

const port = parentPort;
if (!port) throw new Error('the projection worker must run in a worker thread');
const input = workerData as ProjectionWorkerInput;
let stop: 'pause' | 'cancel' | null = null;
port.on('message', (msg: ProjectionWorkerCommand) => {
  if (msg.type === 'stop') stop = msg.reason;
});
const send = (msg: ProjectionWorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

try {
  const setup = await setupTfjs();
  const model = await readModelDir(input.modelDir);
  const G = generatorFromArrays(model.config, model.generator, `${input.modelDir}/${model.manifest.weights.generator}`);
  const stats = estimateWStats(G);
  const { settings } = input;
  const step = tfjsProjectionStep(G, settings.distance);
  const { imgChannels: c, resolution: res } = G.config;
  const per = c * res * res;
  const chunks = Math.ceil(input.count / settings.batch);
  send({ type: 'started', backend: setup.backend, wStd: stats.wStd, noiseNames: noiseLayerNames(G).map((n) => `${n}.noise_const`) });
  for (let k = 0; k < chunks && !stop; k++) {
    if (input.done.includes(k)) continue;
    const start = k * settings.batch;
    const count = Math.min(settings.batch, input.count - start);
    const result = await project(step, input.targets.slice(start * per, (start + count) * per), count, {
      space: settings.space,
      noise: settings.noise,
      steps: settings.steps,
      // Each chunk its own stream, so a resumed run draws what the first run would have drawn.
      seed: settings.seed + k,
      learningRate: learningRateOf(settings),
      stats,
      shouldStop: () => stop !== null,
      progress: (p) =>
        send({
          type: 'progress',
          chunk: k,
          chunks,
          step: p.step,
          steps: p.steps,
          distances: Array.from(p.distances),
          learningRate: p.learningRate,
          preview: p.step % previewEvery === 0 || p.step === p.steps ? p.images.slice(0, per) : null,
        }),
    });
    if (result.stopped) break;
    send({ type: 'chunk', result: { chunk: k, start, count, ws: result.ws, noise: { sizes: [...result.noise.sizes], layers: result.noise.layers }, images: result.images, distances: Array.from(result.distances), lossCurve: result.lossCurve } });
  }
  step.dispose();
  send(stop ? { type: 'stopped', reason: stop } : { type: 'done' });
} catch (error) {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  port.unref();
}
