// Handlers of the encoder.* methods: requests are checked in the call (model, dataset, encoder, inputs), so bad
// input fails it instead of producing a failed job; training and encoding run as jobs (./jobRunner.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import { encoderIterations, encoderTrainingSchema } from '../../src-shared/api/encoderSettings.js';
import { projectionSettingsSchema } from '../../src-shared/api/projectionSettings.js';
import type { Handler } from '../base/handler.js';
import { readDatasetMeta } from '../datasets/store.js';
import { jobsOf } from '../jobs/manager.js';
import { hasEncoderCheckpoint } from '../ml/encoder/checkpointDir.js';
import { readManifest } from '../ml/stylegan2/modelDir.js';
import { findUserModel } from '../models/registry.js';
import { loadTargets } from '../projection/inputs.js';
import { storePlan } from '../projection/service.js';
import { createResult } from '../results/store.js';
import type { EncoderJobParams } from './jobRunner.js';
import { encoderRunDir, encodersDir, findEncoder } from '../ml/encoder/registry.js';

export const encoderTrainingKind = 'encoder-training';
export const encodeKind = 'encode';

const train: Handler<'encoder.train'> = async (params, ctx) => {
  const { model: ref, dataset, out, resume, ...rest } = params;
  const settings = encoderTrainingSchema.parse(rest);
  const model = await findUserModel(ctx, ref);
  const { info } = await readDatasetMeta(ctx.dataDir, dataset);
  if (info.resolution !== model.resolution || info.channels !== model.imgChannels) {
    throw new ApiError('bad_input', `dataset "${dataset}" holds ${info.channels}×${info.resolution}² images, but model ${model.name} makes ${model.imgChannels}×${model.resolution}²`);
  }
  const jobs = jobsOf(ctx);
  const active = jobs.store.list(['running', 'queued']).find((j) => j.kind === encoderTrainingKind && j.params.out === out);
  if (active) throw new ApiError('bad_input', `encoder training "${out}" is already ${active.state} as job ${active.id}`);
  const checkpoint = hasEncoderCheckpoint(join(encoderRunDir(ctx.dataDir, out), 'checkpoint'));
  if (!resume && (checkpoint || existsSync(join(encodersDir(ctx.dataDir), out)))) {
    throw new ApiError('bad_input', `an encoder (or training run) named "${out}" already exists; resume it (--resume) or choose another --out`);
  }
  if (resume && !checkpoint) throw new ApiError('not_found', `nothing to resume: no checkpoint for an encoder training named "${out}"`);
  if (resume) {
    // The newest resumable job of this run is retired in favour of one carrying the new length.
    const previous = jobs.store.list(['paused', 'failed']).find((j) => j.kind === encoderTrainingKind && j.params.out === out);
    if (previous) jobs.cancel(previous.id);
  }
  const job: EncoderJobParams = { model: { id: model.id, name: model.name }, modelDir: model.dir, dataset, settings, out, resume };
  const title = `train encoder ${out} for ${model.name} on ${dataset} (${settings.space === 'w' ? 'W' : 'W+'}, ${encoderIterations(settings)} iterations)`;
  return jobs.submit(encoderTrainingKind, title, { ...job }, { resume });
};

const encode: Handler<'encoder.encode'> = async (params, ctx) => {
  const model = await findUserModel(ctx, params.model);
  const encoder = findEncoder(ctx.dataDir, model, params.encoder);
  const { manifest } = await readManifest(model.dir);
  const targets = await loadTargets(ctx, params.source, model, manifest.provenance.preprocessing, params.preset);
  // Refinement runs the projector with the model's constant noise: the noise the encoder was trained with.
  const settings = projectionSettingsSchema.parse({ space: encoder.summary.space, noise: 'const', steps: Math.max(1, params.refine) });
  const method = params.refine > 0 ? 'encode+refine' : 'encode';
  const { info, dir } = createResult(ctx.dataDir, encodeKind, { synthetic: true, meta: { model: model.id, encoder: encoder.summary.name, source: params.source, refine: params.refine } });
  const { name, location, dataset, iterations, created } = encoder.summary;
  await storePlan(dir, model, settings, targets, method, { encoder: { name, location, dataset, iterations, created }, refine: params.refine });
  const title = `encode ${targets.count} image${targets.count === 1 ? '' : 's'} with ${name} into ${model.name}${params.refine > 0 ? ` (+ ${params.refine} refinement steps)` : ''}`;
  return { job: jobsOf(ctx).submit(encodeKind, title, { result: info.id }), result: info.id };
};

export const encoderHandlers = {
  'encoder.train': train,
  'encoder.encode': encode,
};
