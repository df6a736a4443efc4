// Handlers of the models.* methods: registry operations in the main process, generation in the ML worker.
import type { Handler } from '../base/handler.js';
import { styleganWorkerOf } from '../ml/workerApi.js';
import { runGenerate } from './generate.js';
import { readQualityFile } from './quality.js';
import { findUserModel, importModel, listModels, removeModel } from './registry.js';
import { checkUserPath } from '../security/userPaths.js';

export const list: Handler<'models.list'> = async (_params, ctx) => ({ models: await listModels(ctx.dataDir) });

export const importDir: Handler<'models.import'> = (params, ctx) => importModel(ctx.dataDir, checkUserPath(ctx, params.path, 'model directory'), params.name);

export const get: Handler<'models.get'> = (params, ctx) => findUserModel(ctx, params.model);

export const quality: Handler<'models.quality'> = async (params, ctx) => ({ quality: await readQualityFile((await findUserModel(ctx, params.model)).dir) });

export const remove: Handler<'models.remove'> = async (params, ctx) => ({ removed: await removeModel(ctx.dataDir, params.model, (dir) => checkUserPath(ctx, dir, 'model directory')) });

export const generate: Handler<'models.generate'> = async (params, ctx) => {
  const model = await findUserModel(ctx, params.model);
  const check = (p: string | undefined): string | undefined => p && checkUserPath(ctx, p, 'latents file');
  return runGenerate({ ...params, zPath: check(params.zPath), wPath: check(params.wPath), noisePath: check(params.noisePath) }, model, styleganWorkerOf(ctx), ctx.dataDir);
};

export const modelsHandlers = {
  'models.list': list,
  'models.import': importDir,
  'models.get': get,
  'models.quality': quality,
  'models.remove': remove,
  'models.generate': generate,
};
