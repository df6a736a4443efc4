// Training checkpoints: every tensor of G, D, G_ema and both Adam states in one safetensors file, plus the
// counters, RNG state and ADA state in state.json. Written to a temporary folder and swapped in, so a kill during
// the write leaves the previous checkpoint intact.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { trainingConfigSchema } from '../../../src-shared/api/training.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { decodeSafetensors, encodeSafetensors } from '../safetensors.js';
import type { StoredTensor } from '../safetensors.js';
import { Rng } from '../stylegan2/random.js';
import { Trainer } from './trainer.js';

const stateSchema = z.object({
  version: z.literal(1),
  config: trainingConfigSchema,
  channels: z.number().int(),
  step: z.number().int(),
  nimg: z.number().int(),
  adamGStep: z.number().int(),
  adamDStep: z.number().int(),
  rng: z.object({ s: z.tuple([z.number(), z.number(), z.number(), z.number()]), spare: z.number().nullable() }),
  ada: z.object({ p: z.number(), signSum: z.number(), signCount: z.number() }),
  /** Wall-clock seconds spent training so far (for logs and ETA). */
  elapsedSeconds: z.number(),
  savedAt: z.string(),
});
export type CheckpointState = z.infer<typeof stateSchema>;

function groups(trainer: Trainer): [string, Map<string, tf.Variable>][] {
  return [
    ['G', trainer.G.params],
    ['D', trainer.D.params],
    ['G_ema', trainer.Gema.params],
    ['adamG.m', trainer.optG.m],
    ['adamG.v', trainer.optG.v],
    ['adamD.m', trainer.optD.m],
    ['adamD.v', trainer.optD.v],
  ];
}

export async function saveCheckpoint(dir: string, trainer: Trainer, channels: number, elapsedSeconds: number): Promise<void> {
  const tensors = new Map<string, StoredTensor>();
  for (const [prefix, vars] of groups(trainer)) {
    for (const [name, v] of vars) tensors.set(`${prefix}.${name}`, { shape: [...v.shape], data: (await v.data()) as Float32Array });
  }
  const state: CheckpointState = {
    version: 1,
    config: trainer.config,
    channels,
    step: trainer.step,
    nimg: trainer.nimg,
    adamGStep: trainer.optG.step,
    adamDStep: trainer.optD.step,
    rng: trainer.rng.state(),
    ada: { p: trainer.ada.p, signSum: trainer.ada.signSum, signCount: trainer.ada.signCount },
    elapsedSeconds,
    savedAt: new Date().toISOString(),
  };
  const temp = `${dir}.tmp`;
  const old = `${dir}.old`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  await writeFile(join(temp, 'tensors.safetensors'), encodeSafetensors(tensors, { format: 'latentrad-training-checkpoint' }));
  await writeFile(join(temp, 'state.json'), `${JSON.stringify(state, null, 1)}\n`);
  await rm(old, { recursive: true, force: true });
  if (existsSync(dir)) await rename(dir, old);
  await rename(temp, dir);
  await rm(old, { recursive: true, force: true });
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'state.json')) || existsSync(join(`${dir}.old`, 'state.json'));
}

/** Restores a trainer exactly as saved; a checkpoint interrupted mid-swap is recovered from `.old`. */
export async function loadCheckpoint(dir: string): Promise<{ trainer: Trainer; state: CheckpointState }> {
  const source = existsSync(join(dir, 'state.json')) ? dir : `${dir}.old`;
  let state: CheckpointState;
  let tensors: Map<string, StoredTensor>;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(await readFile(join(source, 'state.json'), 'utf8')));
    if (!parsed.success) throw new Error(`state.json: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    state = parsed.data;
    const bytes = await readFile(join(source, 'tensors.safetensors'));
    tensors = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).tensors;
  } catch (error) {
    throw new ApiError('bad_input', `${source}: not a usable training checkpoint (${(error as Error).message})`);
  }
  const trainer = Trainer.create(state.config, state.channels);
  try {
    for (const [prefix, vars] of groups(trainer)) {
      for (const [name, v] of vars) {
        const stored = tensors.get(`${prefix}.${name}`);
        if (!stored || stored.shape.join() !== v.shape.join()) throw new Error(`${prefix}.${name} is missing or has the wrong shape`);
        const t = tf.tensor(stored.data, stored.shape, 'float32');
        v.assign(t);
        t.dispose();
      }
    }
  } catch (error) {
    trainer.dispose();
    throw new ApiError('bad_input', `${source}: checkpoint does not match its configuration (${(error as Error).message})`);
  }
  trainer.step = state.step;
  trainer.nimg = state.nimg;
  trainer.optG.step = state.adamGStep;
  trainer.optD.step = state.adamDStep;
  trainer.rng = new Rng(state.rng);
  trainer.ada.p = state.ada.p;
  trainer.ada.signSum = state.ada.signSum;
  trainer.ada.signCount = state.ada.signCount;
  return { trainer, state };
}
