// The training run: images → trainer (fresh or from checkpoint) → iterations with JSONL logging, progress,
// sample grids, G_ema snapshots and checkpoints every N kimg, and a clean stop (checkpoint first) on request.
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../../../src-shared/api/training.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { appVersion } from '../../base/paths.js';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { exportGenerator, gridLatents, sampleGridPng } from './samples.js';
import type { Preprocessing } from '../stylegan2/modelDir.js';
import { Trainer } from './trainer.js';
import { iterate } from './iterate.js';
import { runDirOf } from './runDir.js';
import type { StepStats, TrainingImages } from './trainer.js';

export interface TrainingProgress {
  kimg: number;
  totalKimg: number;
  step: number;
  lossG: number;
  lossD: number;
  r1: number | null;
  adaP: number;
  realSign: number;
  imagesPerSecond: number;
  itPerSecond: number;
  etaSeconds: number | null;
  elapsedSeconds: number;
}

export interface RunHooks {
  /** A setup step before the first iteration, so a caller can say what the run is doing from its first second. */
  setup?(message: string): void;
  /** After every iteration (the averaged `progress` comes only every logKimg). */
  iteration?(i: { step: number; kimg: number; totalKimg: number; secondsPerStep: number }): void;
  progress?(p: TrainingProgress): void;
  /** Polled after every iteration (the loop yields to the event loop first, so a stop message can arrive). */
  shouldStop?(): 'pause' | 'cancel' | null;
  /** Called after each snapshot with the files written. */
  snapshot?(files: { grid: string; model: string; kimg: number }): void;
}

export interface RunResult {
  outcome: 'done' | 'paused' | 'cancelled';
  kimg: number;
  step: number;
  elapsedSeconds: number;
  /** The final G_ema model directory (done only). */
  modelDir: string | null;
}

const gridCount = 32;
const gridCols = 8;

/**
 * Trains on `data` (the images of dataset `config.dataset`, loaded by the caller: the engine knows no dataset store)
 * and writes the run under `<dataDir>/training/<config.out>/`.
 */
export async function runTraining(dataDir: string, config: TrainingConfig, data: TrainingImages, resume: boolean, hooks: RunHooks = {}): Promise<RunResult> {
  if (data.resolution !== config.resolution) {
    throw new ApiError('bad_input', `dataset "${config.dataset}" is ${data.resolution}×${data.resolution}, but --res is ${config.resolution}`);
  }
  const channels = data.channels;
  const runDir = runDirOf(dataDir, config.out);
  const ckptDir = join(runDir, 'checkpoint');
  let trainer: Trainer;
  let elapsedBefore = 0;
  if (resume) {
    // A resumed run keeps the checkpoint's network and hyper-parameters; only kimg and the log/snapshot intervals
    // come from the new request.
    if (!hasCheckpoint(ckptDir)) throw new ApiError('not_found', `nothing to resume: no checkpoint in ${ckptDir}`);
    hooks.setup?.('loading the checkpoint');
    const loaded = await loadCheckpoint(ckptDir);
    trainer = loaded.trainer;
    elapsedBefore = loaded.state.elapsedSeconds;
    if (loaded.state.config.dataset !== config.dataset || loaded.state.config.resolution !== config.resolution) {
      trainer.dispose();
      throw new ApiError('bad_input', `${ckptDir} was trained on dataset "${loaded.state.config.dataset}" at ${loaded.state.config.resolution}px; cannot resume it on "${config.dataset}" at ${config.resolution}px`);
    }
  } else {
    if (hasCheckpoint(ckptDir)) throw new ApiError('bad_input', `a training run for "${config.out}" already exists in ${runDir}; resume it or choose another output name`);
    await rm(runDir, { recursive: true, force: true });
    hooks.setup?.('building the networks');
    trainer = Trainer.create(config, channels);
  }
  await mkdir(join(runDir, 'grids'), { recursive: true });
  await mkdir(join(runDir, 'snapshots'), { recursive: true });
  const logFile = join(runDir, 'log.jsonl');
  const totalKimg = config.kimg;
  const latents = gridLatents(trainer.config.seed, gridCount, trainer.netConfig.zDim);
  const started = performance.now();
  const elapsed = (): number => elapsedBefore + (performance.now() - started) / 1000;
  const log = async (record: Record<string, unknown>): Promise<void> => appendFile(logFile, `${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);

  const snapshot = async (): Promise<void> => {
    const kimg = trainer.nimg / 1000;
    const tag = `kimg-${kimg.toFixed(3).padStart(9, '0')}`;
    await saveCheckpoint(ckptDir, trainer, channels, elapsed());
    const grid = join(runDir, 'grids', `${tag}.png`);
    await writeFile(grid, await sampleGridPng(trainer.Gema, latents, gridCount, gridCols, `G_ema at ${kimg.toFixed(1)} kimg`));
    const model = join(runDir, 'snapshots', tag);
    await exportGenerator(model, trainer.Gema, config.out, provenance(trainer.config, kimg, elapsed(), data.preprocessing));
    await log({ event: 'snapshot', kimg, grid, model });
    hooks.snapshot?.({ grid, model, kimg });
  };

  await log({ event: resume ? 'resume' : 'start', kimg: trainer.nimg / 1000, config: trainer.config, backend: trainer.config.backend === 'onnx' ? `onnx (weights on tfjs ${tf.getBackend()})` : tf.getBackend(), numWs: trainer.G.numWs, datasetCount: data.count });
  let windowStart = performance.now();
  let windowImages = 0;
  let windowSteps = 0;
  let sums = { lossG: 0, lossD: 0, realSign: 0, n: 0 };
  let lastR1: number | null = null;
  let nextLog = trainer.nimg + config.logKimg * 1000;
  let nextSnapshot = trainer.nimg + config.snapshotKimg * 1000;
  hooks.setup?.('first iteration (the backend compiles its kernels)');
  try {
    while (trainer.nimg < totalKimg * 1000) {
      const stepStarted = performance.now();
      const stats: StepStats = await iterate(trainer, data);
      if (!Number.isFinite(stats.lossG) || !Number.isFinite(stats.lossD)) throw new Error(`training diverged at step ${trainer.step} (loss G ${stats.lossG}, D ${stats.lossD})`);
      windowImages += trainer.config.batch;
      windowSteps += 1;
      sums = { lossG: sums.lossG + stats.lossG, lossD: sums.lossD + stats.lossD, realSign: sums.realSign + stats.realSign, n: sums.n + 1 };
      if (stats.r1 !== null) lastR1 = stats.r1;
      const finished = trainer.nimg >= totalKimg * 1000;
      hooks.iteration?.({ step: trainer.step, kimg: trainer.nimg / 1000, totalKimg, secondsPerStep: (performance.now() - stepStarted) / 1000 });
      if (trainer.nimg >= nextLog || finished) {
        const seconds = (performance.now() - windowStart) / 1000;
        const imagesPerSecond = windowImages / Math.max(seconds, 1e-9);
        const p: TrainingProgress = {
          kimg: trainer.nimg / 1000,
          totalKimg,
          step: trainer.step,
          lossG: sums.lossG / sums.n,
          lossD: sums.lossD / sums.n,
          r1: lastR1,
          adaP: trainer.ada.p,
          realSign: sums.realSign / sums.n,
          imagesPerSecond,
          itPerSecond: windowSteps / Math.max(seconds, 1e-9),
          etaSeconds: imagesPerSecond > 0 ? Math.max(0, (totalKimg * 1000 - trainer.nimg) / imagesPerSecond) : null,
          elapsedSeconds: elapsed(),
        };
        await log({ event: 'progress', ...p, tensors: tf.memory().numTensors });
        hooks.progress?.(p);
        windowStart = performance.now();
        windowImages = 0;
        windowSteps = 0;
        sums = { lossG: 0, lossD: 0, realSign: 0, n: 0 };
        nextLog = trainer.nimg + config.logKimg * 1000;
      }
      if (trainer.nimg >= nextSnapshot && !finished) {
        await snapshot();
        nextSnapshot = trainer.nimg + config.snapshotKimg * 1000;
      }
      // tfjs steps are synchronous: without this turn of the event loop a worker never sees a stop message.
      await new Promise<void>((r) => setImmediate(r));
      const stop = hooks.shouldStop?.() ?? null;
      if (stop) {
        await saveCheckpoint(ckptDir, trainer, channels, elapsed());
        await log({ event: stop === 'pause' ? 'paused' : 'cancelled', kimg: trainer.nimg / 1000, step: trainer.step });
        return { outcome: stop === 'pause' ? 'paused' : 'cancelled', kimg: trainer.nimg / 1000, step: trainer.step, elapsedSeconds: elapsed(), modelDir: null };
      }
    }
    await snapshot();
    const modelDir = join(runDir, 'model');
    await exportGenerator(modelDir, trainer.Gema, config.out, provenance(trainer.config, trainer.nimg / 1000, elapsed(), data.preprocessing));
    await log({ event: 'done', kimg: trainer.nimg / 1000, step: trainer.step, modelDir });
    return { outcome: 'done', kimg: trainer.nimg / 1000, step: trainer.step, elapsedSeconds: elapsed(), modelDir };
  } finally {
    trainer.dispose();
  }
}

function provenance(config: TrainingConfig, kimg: number, seconds: number, preprocessing: Preprocessing | undefined) {
  return {
    source: 'latentrad-training' as const,
    description: `LatentRad training on dataset "${config.dataset}" (${kimg.toFixed(kimg < 10 ? 3 : 1)} kimg, ${(seconds / 3600).toFixed(2)} h)`,
    createdAt: new Date().toISOString(),
    tool: `LatentRad ${appVersion()}`,
    dataset: config.dataset,
    kimg,
    notes: JSON.stringify({ batch: config.batch, lrG: config.lrG, lrD: config.lrD, gamma: config.gamma ?? null, ada: config.ada, seed: config.seed }),
    ...(preprocessing ? { preprocessing } : {}),
  };
}

