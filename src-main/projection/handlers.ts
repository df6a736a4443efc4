// Handlers of the projection.* methods: plan in the call (so bad input fails it), project in a job.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handler } from '../base/handler.js';
import { jobsOf } from '../jobs/manager.js';
import { readResult, resultDir } from '../results/store.js';
import { planFidelity, planProjection } from './service.js';

const project: Handler<'projection.project'> = async (params, ctx) => {
  const { id, plan, model } = await planProjection(ctx, params);
  const s = params.settings;
  const title = `project ${plan.count} image${plan.count === 1 ? '' : 's'} into ${model.name} (${s.space === 'w' ? 'W' : 'W+'}, ${s.steps} steps)`;
  return { job: jobsOf(ctx).submit('projection', title, { result: id }), result: id };
};

const fidelity: Handler<'projection.fidelity'> = async (params, ctx) => {
  const { id, model, images } = await planFidelity(ctx, params);
  const title = `fidelity report: ${images} image${images === 1 ? '' : 's'} × ${1 + params.perturbations.length + (params.lesion?.kind === 'synthetic' ? 1 : 0)} copies into ${model.name} (${params.settings.steps} steps)`;
  return { job: jobsOf(ctx).submit('fidelity', title, { result: id }), result: id };
};

function readJson(path: string): Record<string, unknown> | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : null;
}

const result: Handler<'projection.result'> = (params, ctx) => {
  const { info, files } = readResult(ctx.dataDir, params.id);
  const dir = resultDir(ctx.dataDir, params.id);
  return { id: info.id, kind: info.kind, synthetic: info.synthetic, files, progress: readJson(join(dir, 'progress.json')), summary: readJson(join(dir, 'summary.json')) };
};

export const projectionHandlers = {
  'projection.project': project,
  'projection.fidelity': fidelity,
  'projection.result': result,
};
