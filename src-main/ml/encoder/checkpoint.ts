// Encoder training checkpoints: E's parameters and both Adam moments in one safetensors file, the counters and RNG
// state in state.json; written to a temporary folder and swapped in (a kill mid-write keeps the previous one), so a
// resumed run continues bit-identically on the same backend.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { ApiError } from '../../../src-shared/api/errors.js';
import { decodeSafetensors, encodeSafetensors } from '../safetensors.js';
import type { StoredTensor } from '../safetensors.js';
import { Rng } from '../stylegan2/random.js';
import type { EncoderTrainer } from './trainer.js';

const stateSchema = z.object({
  version: z.literal(1),
  iteration: z.number().int().min(0),
  adamStep: z.number().int().min(0),
  rng: z.object({ s: z.tuple([z.number(), z.number(), z.number(), z.number()]), spare: z.number().nullable() }),
  elapsedSeconds: z.number(),
  /** The loss history so far (one entry per logged iteration), so the report covers the whole run. */
  log: z.array(z.record(z.string(), z.number())),
  savedAt: z.string(),
});
export type EncoderCheckpointState = z.infer<typeof stateSchema>;

function groups(t: EncoderTrainer): Array<[string, Map<string, tf.Variable>]> {
  return [
    ['E', t.params],
    ['adam.m', t.opt.m],
    ['adam.v', t.opt.v],
  ];
}

export async function saveEncoderCheckpoint(dir: string, t: EncoderTrainer, extra: Pick<EncoderCheckpointState, 'elapsedSeconds' | 'log'>): Promise<void> {
  const tensors = new Map<string, StoredTensor>();
  for (const [prefix, vars] of groups(t)) for (const [name, v] of vars) tensors.set(`${prefix}.${name}`, { shape: [...v.shape], data: (await v.data()) as Float32Array });
  const state: EncoderCheckpointState = { version: 1, iteration: t.iteration, adamStep: t.opt.step, rng: t.rng.state(), ...extra, savedAt: new Date().toISOString() };
  const temp = `${dir}.tmp`;
  const old = `${dir}.old`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  await writeFile(join(temp, 'tensors.safetensors'), encodeSafetensors(tensors, { format: 'latentrad-encoder-checkpoint' }));
  await writeFile(join(temp, 'state.json'), `${JSON.stringify(state)}\n`);
  await rm(old, { recursive: true, force: true });
  if (existsSync(dir)) await rename(dir, old);
  await rename(temp, dir);
  await rm(old, { recursive: true, force: true });
}

/** Restores `t` (built with the same architecture and settings) to the saved state; returns that state. */
export async function loadEncoderCheckpoint(dir: string, t: EncoderTrainer): Promise<EncoderCheckpointState> {
  const source = existsSync(join(dir, 'state.json')) ? dir : `${dir}.old`;
  let state: EncoderCheckpointState;
  let tensors: Map<string, StoredTensor>;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(await readFile(join(source, 'state.json'), 'utf8')));
    if (!parsed.success) throw new Error(`state.json: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    state = parsed.data;
    const bytes = await readFile(join(source, 'tensors.safetensors'));
    tensors = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).tensors;
  } catch (error) {
    throw new ApiError('bad_input', `${source}: not a usable encoder checkpoint (${(error as Error).message})`);
  }
  for (const [prefix, vars] of groups(t)) {
    for (const [name, v] of vars) {
      const stored = tensors.get(`${prefix}.${name}`);
      if (!stored || stored.shape.join() !== v.shape.join()) throw new ApiError('bad_input', `${source}: ${prefix}.${name} is missing or has the wrong shape for this encoder`);
      const value = tf.tensor(stored.data, stored.shape, 'float32');
      v.assign(value);
      value.dispose();
    }
  }
  t.iteration = state.iteration;
  t.opt.step = state.adamStep;
  t.rng = new Rng(state.rng);
  return state;
}
