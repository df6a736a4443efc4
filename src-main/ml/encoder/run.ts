// Runs (or resumes) an encoder training in a run folder: settings.json fixes the settings at the start, a checkpoint
// every `checkpointEvery` iterations and at a pause, log.jsonl one line per iteration; at the end the encoder
// directory. Used by the training job's worker and by scripts/train-ixi-encoder.ts.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../../src-shared/api/errors.js';
import { encoderIterations, encoderTrainingSchema } from '../../../src-shared/api/encoderSettings.js';
import type { EncoderTrainingSettings } from '../../../src-shared/api/encoderSettings.js';
import { appVersion } from '../../base/paths.js';
import { OnnxGenerator } from '../onnx/onnxGenerator.js';
import { noiseLayerNames } from '../projection/noiseNames.js';
import { readModelDir } from '../stylegan2/modelDir.js';
import { loadEncoderCheckpoint, saveEncoderCheckpoint } from './checkpoint.js';
import { hasEncoderCheckpoint } from './checkpointDir.js';
import type { StoredTensor } from '../safetensors.js';
import { fileSha256, writeEncoderDir } from './encoderDir.js';
import type { EncoderManifest } from './encoderDir.js';
import { defaultArchitecture } from './architecture.js';
import { EncoderTrainer } from './trainer.js';
import type { IterationLosses } from './trainer.js';

export interface EncoderRunRequest {
  runDir: string;
  modelDir: string;
  /** The generator's id and name as listed (provenance). */
  model: { id: string; name: string };
  settings: EncoderTrainingSettings;
  /** Real images N × C × res × res in [−1, 1], and the dataset they came from. */
  real: { data: Float32Array; count: number; dataset: string };
  /** Where the finished encoder directory is written, and its name. */
  outDir: string;
  name: string;
  resume: boolean;
  threads?: number;
  /** A fresh (not resumed) run starts E from these parameters instead of random ones (fresh Adam moments). */
  initParams?: ReadonlyMap<string, StoredTensor>;
  /** Provenance of initParams, recorded in encoder.json (e.g. the encoder it continued). */
  initFrom?: string;
}

export interface EncoderProgress {
  iteration: number;
  iterations: number;
  losses: IterationLosses;
  imagesPerSecond: number;
  etaSeconds: number | null;
}

export interface EncoderRunHooks {
  progress?(p: EncoderProgress): void;
  /** Polled after every iteration. */
  shouldStop?(): 'pause' | 'cancel' | null;
}

export type EncoderRunOutcome = { state: 'done'; manifest: EncoderManifest } | { state: 'paused' | 'cancelled'; iteration: number };

const flatten = (l: IterationLosses): Record<string, number> => ({
  synthetic: l.synthetic.total,
  syntheticLatent: l.synthetic.latent,
  syntheticImage: l.synthetic.image,
  syntheticContent: l.synthetic.content,
  real: l.real.total,
  realImage: l.real.image,
  realContent: l.real.content,
});

async function fixedSettings(runDir: string, settings: EncoderTrainingSettings, resume: boolean): Promise<EncoderTrainingSettings> {
  const path = join(runDir, 'settings.json');
  if (resume && existsSync(path)) {
    const stored = encoderTrainingSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    const keep = (s: EncoderTrainingSettings): string => JSON.stringify({ ...s, kimg: 0 });
    // Only the length may change on resume: anything else would make the continued run a different run.
    if (keep(stored) !== keep(settings)) throw new ApiError('bad_input', `${runDir}: resume with different settings (only --kimg may change); stored: ${JSON.stringify(stored)}`);
    return settings;
  }
  if (!resume && hasEncoderCheckpoint(join(runDir, 'checkpoint'))) throw new ApiError('bad_input', `${runDir}: a training run exists there; resume it (--resume) or choose another name`);
  await mkdir(runDir, { recursive: true });
  await writeFile(path, `${JSON.stringify(settings, null, 1)}\n`);
  return settings;
}

export async function runEncoderTraining(req: EncoderRunRequest, hooks: EncoderRunHooks = {}): Promise<EncoderRunOutcome> {
  const settings = await fixedSettings(req.runDir, req.settings, req.resume);
  const model = await readModelDir(req.modelDir);
  const G = OnnxGenerator.create(model.config, model.generator, { threads: req.threads ?? 2, source: req.modelDir });
  const arch = defaultArchitecture({ resolution: model.config.resolution, channels: model.config.imgChannels, numWs: G.numWs, wDim: model.config.wDim }, settings.space);
  const wAvg = model.generator.get('mapping.w_avg');
  if (!wAvg) throw new ApiError('bad_input', `${req.modelDir}: generator weights have no mapping.w_avg`);
  const constNoise = noiseLayerNames({ config: model.config }).map((n) => {
    const buffer = model.generator.get(`${n}.noise_const`);
    if (!buffer) throw new ApiError('bad_input', `${req.modelDir}: generator weights have no ${n}.noise_const`);
    return buffer.data;
  });
  const trainer = new EncoderTrainer(arch, settings, { G, wAvg: wAvg.data, constNoise }, req.real);
  const checkpointDir = join(req.runDir, 'checkpoint');
  let elapsed = 0;
  let log: Array<Record<string, number>> = [];
  try {
    if (req.resume && hasEncoderCheckpoint(checkpointDir)) ({ elapsedSeconds: elapsed, log } = await loadEncoderCheckpoint(checkpointDir, trainer));
    else if (req.initParams) trainer.setParams(req.initParams);
    const iterations = encoderIterations(settings);
    const perIteration = 2 * settings.batch;
    const save = (): Promise<void> => saveEncoderCheckpoint(checkpointDir, trainer, { elapsedSeconds: elapsed, log });
    let started = Date.now();
    let sinceStart = 0;
    const elapsedAtStart = elapsed;
    while (trainer.iteration < iterations) {
      const losses = await trainer.step();
      const now = Date.now();
      elapsed += (now - started) / 1000;
      started = now;
      sinceStart += 1;
      const entry = { iteration: trainer.iteration, seconds: Math.round(elapsed * 10) / 10, ...flatten(losses) };
      log.push(entry);
      await appendFile(join(req.runDir, 'log.jsonl'), `${JSON.stringify(entry)}\n`);
      const rate = (sinceStart * perIteration) / Math.max(1e-3, elapsed - elapsedAtStart);
      hooks.progress?.({ iteration: trainer.iteration, iterations, losses, imagesPerSecond: rate, etaSeconds: ((iterations - trainer.iteration) * perIteration) / rate });
      if (trainer.iteration % settings.checkpointEvery === 0) await save();
      const stop = hooks.shouldStop?.() ?? null;
      if (stop) {
        if (stop === 'pause') await save();
        return { state: stop === 'pause' ? 'paused' : 'cancelled', iteration: trainer.iteration };
      }
    }
    await save();
    const tail = log.slice(-Math.min(50, log.length));
    const finalLosses = Object.fromEntries(Object.keys(tail[0] ?? {}).filter((k) => k !== 'iteration' && k !== 'seconds').map((k) => [k, tail.reduce((s, e) => s + e[k], 0) / tail.length]));
    const manifest: EncoderManifest = {
      format: 'latentrad-encoder',
      formatVersion: 1,
      name: req.name,
      architecture: arch,
      weights: 'encoder.safetensors',
      generator: { ...req.model, sha256: await fileSha256(join(req.modelDir, model.manifest.weights.generator)) },
      training: { dataset: req.real.dataset, images: req.real.count, settings, iterations: trainer.iteration, elapsedSeconds: Math.round(elapsed), backend: tf.getBackend(), finalLosses, ...(req.initFrom ? { initFrom: req.initFrom } : {}) },
      software: `LatentRad ${appVersion()}`,
      created: new Date().toISOString(),
    };
    const params = new Map<string, StoredTensor>();
    for (const [name, v] of trainer.params) params.set(name, { shape: [...v.shape], data: (await v.data()) as Float32Array });
    await writeEncoderDir(req.outDir, manifest, params);
    return { state: 'done', manifest };
  } finally {
    trainer.dispose();
    await G.release();
  }
}
