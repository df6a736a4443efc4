// Worker thread that runs projections (tfjs blocks its thread for the whole optimisation, so never the main process):
// loads the generator, estimates w statistics, and projects the targets chunk by chunk; operations in ./workerApi.ts.
import { learningRateOf } from '../../src-shared/api/projectionSettings.js';
import { setupTfjs } from '../ml/backends.js';
import { encodeImages } from '../ml/encoder/encode.js';
import { project } from '../ml/projection/projector.js';
import { onnxProjectionStep } from '../ml/projection/onnxStep.js';
import { estimateWStats } from '../ml/projection/wStats.js';
import { readModelDir } from '../ml/stylegan2/modelDir.js';
import { disposeNetwork, generatorFromArrays } from '../ml/stylegan2/networks.js';
import { serveWorker } from '../workers/serve.js';
import type { ProjectionWorkerApi } from './workerApi.js';

/** How often (in steps) a preview image travels to the main process. */
const previewEvery = 10;

serveWorker<ProjectionWorkerApi>({
  encode: async (input) => {
    await setupTfjs();
    const t0 = performance.now();
    const r = await encodeImages(input.modelDir, input.encoderDir, input.targets, input.count);
    return { ws: r.ws, images: r.images, seconds: (performance.now() - t0) / 1000 };
  },
  project: async (input, op) => {
    const setup = await setupTfjs();
    const model = await readModelDir(input.modelDir);
    const G = generatorFromArrays(model.config, model.generator, `${input.modelDir}/${model.manifest.weights.generator}`);
    const stats = estimateWStats(G);
    const { settings } = input;
    // The optimisation runs on onnxruntime (several times faster than tfjs on a CPU); tfjs computes w statistics and
    // the distance's image gradient.
    const step = await onnxProjectionStep(G.config, model.generator, settings.distance);
    const per = G.config.imgChannels * G.config.resolution * G.config.resolution;
    const chunks = Math.ceil(input.count / settings.batch);
    op.progress({ type: 'started', backend: `onnxruntime (distance on tfjs ${setup.backend})`, wStd: stats.wStd });
    try {
      for (let k = 0; k < chunks; k++) {
        if (input.done.includes(k)) continue;
        const stop = op.stopRequested();
        if (stop) return { outcome: stop };
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
          ...(input.initialWs ? { initialWs: input.initialWs.slice(start * G.numWs * G.config.wDim, (start + count) * G.numWs * G.config.wDim) } : {}),
          shouldStop: () => op.stopRequested() !== null,
          progress: (p) =>
            op.progress({
              type: 'step',
              chunk: k,
              chunks,
              step: p.step,
              steps: p.steps,
              distances: Array.from(p.distances),
              learningRate: p.learningRate,
              preview: p.step % previewEvery === 0 || p.step === p.steps ? p.images.slice(0, per) : null,
            }),
        });
        if (result.stopped) return { outcome: op.stopRequested() ?? 'pause' };
        op.progress({ type: 'chunk', result: { chunk: k, start, count, ws: result.ws, noise: { sizes: [...result.noise.sizes], layers: result.noise.layers }, images: await step.synthesize(result.ws, count, settings.noise === 'const' ? null : result.noise), distances: Array.from(result.distances), lossCurve: result.lossCurve } });
      }
      return { outcome: 'done' };
    } finally {
      step.dispose();
      disposeNetwork(G);
    }
  },
});
